package io.ptosim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import io.ptosim.record.FixtureOrchestrations;
import io.ptosim.traces.SharedVectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opt-in: simpler's own orchestrations recorded with {@code ptosim record}. Set PTOSIM_SIMPLER_SRC to a
 * simpler checkout at 6ebaf7715 (e.g. {@code git --git-dir=<mirror> archive 6ebaf7715 | tar -x -C DIR});
 * each orchestration is compiled with {@code ../shared/tools/simpler-sim/compile_orch.py} (simpler's own
 * KernelCompiler). Tagged {@code simpler-src}: only the {@code -Psimpler-src} profile runs them (CI has no
 * simpler checkout); there, without PTOSIM_SIMPLER_SRC every test is skipped with the reason. The three sample recordings must give exactly the samples' deps.json; paged-attention
 * Case1 must give the built-in workload's Case1 graph.
 */
@Tag("simpler-src")
class RecordSimplerTest {
    private static final String ORCH = "examples/a2a3/tensormap_and_ringbuffer/%s/kernels/orchestration/%s";

    @TempDir
    Path tmp;

    private final CliHarness cli = new CliHarness();

    private static Path simpler() {
        String src = System.getenv("PTOSIM_SIMPLER_SRC");
        if (src == null || src.isBlank()) {
            abort("PTOSIM_SIMPLER_SRC is not set (a simpler checkout at 6ebaf7715 to record its orchestrations)");
        }
        return Path.of(src).toAbsolutePath();
    }

    /** simpler's orchestration {@code example/file} compiled by compile_orch.py into {@code dir}. */
    private static Path compile(Path simpler, String example, String file, Path dir) throws Exception {
        FixtureOrchestrations.tools();
        Path script = SharedVectors.samplesDir().resolveSibling("tools").resolve("simpler-sim").resolve("compile_orch.py");
        if (!Files.isRegularFile(script)) {
            abort(script + " not found (it lives in ../shared beside the checkout)");
        }
        Path out = dir.resolve(example + ".so");
        Process p = new ProcessBuilder("python3", script.toString(), simpler.toString(),
                simpler.resolve(String.format(ORCH, example, file)).toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(example + ".log").toFile()).start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve(example + ".log"))).isZero();
        return out;
    }

    private int record(Path so, Path simpler, String... more) {
        String[] base = {"record", so.toString(), "--simpler", simpler.toString(), "--cache",
            FixtureOrchestrations.cache().toString(), "-o", tmp.resolve(so.getFileName() + ".json").toString()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        long start = System.nanoTime();
        int rc = cli.run(all);
        System.out.printf("ptosim record %s: %.1f s%n", so.getFileName(), (System.nanoTime() - start) / 1e9);
        return rc;
    }

    /** A block table of {@code cols} columns per row, the rows' leading entries given. */
    private static String blockTable(int cols, List<List<Integer>> rows) {
        return rows.stream().map(r -> IntStream.range(0, cols).mapToObj(i -> i < r.size() ? r.get(i).toString() : "0")
                .collect(Collectors.joining(","))).collect(Collectors.joining(","));
    }

    @Test
    void vectorExampleGivesTheSamplesGraph() throws Exception {
        Path simpler = simpler();
        Path so = compile(simpler, "vector_example", "example_orchestration.cpp", tmp);
        int rc = record(so, simpler, "--inputs", "vector-example", "--compare-deps",
                SharedVectors.sample("vector_example-default/deps.json").toString());
        assertThat(rc).as(cli.out + "\n" + cli.err).isZero();
        assertThat(cli.out.toString()).contains("recorded vector_example.so: 5 tasks, 0 allocs, 1 scope (depth 1)")
                .contains("deps: equal to ");
    }

    @Test
    void pagedAttentionSmallCasesGiveTheSamplesGraphs() throws Exception {
        Path simpler = simpler();
        Path so = compile(simpler, "paged_attention", "paged_attention_orch.cpp", tmp);
        // The samples' block tables, read back from their key-cache view offsets (orchestration-abi.md §2).
        int rc = record(so, simpler, "--inputs", "paged-attention", "--case", "CaseSmall1", "--tensor",
                "block_table:INT32:1,16:" + blockTable(16, List.of(List.of(1, 2, 0))), "--compare-deps",
                SharedVectors.sample("paged_attention-CaseSmall1/deps.json").toString());
        assertThat(rc).as(cli.out + "\n" + cli.err).isZero();
        assertThat(cli.out.toString()).contains("12 tasks, 1 alloc, 4 scopes (depth 2), 0 explicit deps, 4 tensor reads"
                + " (0 data-dependent)").contains("deps: equal to ");
        rc = record(so, simpler, "--inputs", "paged-attention", "--case", "CaseVarSeq2", "--tensor",
                "block_table:INT32:2,16:" + blockTable(16, List.of(List.of(1, 5, 0), List.of(0, 3))), "--compare-deps",
                SharedVectors.sample("paged_attention-CaseVarSeq2/deps.json").toString());
        assertThat(rc).as(cli.out + "\n" + cli.err).isZero();
        assertThat(cli.out.toString()).contains("20 tasks, 2 allocs, 7 scopes (depth 2)");
        assertThat(Collections.frequency(List.of(cli.out.toString().split("\n")).stream()
                .map(l -> l.startsWith("deps: equal to ")).toList(), true)).isEqualTo(2);
    }

    @Test
    void pagedAttentionCase1GivesTheBuiltInWorkloadsGraph() throws Exception {
        Path simpler = simpler();
        Path so = compile(simpler, "paged_attention", "paged_attention_orch.cpp", tmp);
        Path builtIn = tmp.resolve("builtin-case1.deps.json");
        assertThat(cli.run("run", "paged-attention", "--case", "Case1", "--deps", builtIn.toString()))
                .as(cli.err.toString()).isZero();
        int rc = record(so, simpler, "--inputs", "paged-attention", "--case", "Case1", "--compare-deps",
                builtIn.toString());
        assertThat(rc).as(cli.out + "\n" + cli.err).isZero();
        assertThat(cli.out.toString()).contains("65536 tasks, 256 allocs, 16640 scopes (depth 2), 0 explicit deps,"
                + " 16640 tensor reads (0 data-dependent)").contains("deps: equal to " + builtIn + " (146432 edges");
    }
}
