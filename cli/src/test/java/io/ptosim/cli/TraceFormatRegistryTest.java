package io.ptosim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptosim.traces.SharedVectors;
import io.ptosim.traces.TraceFormat;
import io.ptosim.traces.TraceFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader registry ({@link TraceFormat}) recognises every file simpler wrote in the trace samples
 * and every trace file ptosim writes, each as the format its name says.
 */
class TraceFormatRegistryTest {
    @TempDir
    Path dir;

    private static TraceFormat expected(String name) {
        if (name.equals("deps.json")) {
            return TraceFormat.DEPS_JSON;
        }
        if (name.equals("chip_swimlane_records.json") || name.equals("swimlane.json")) {
            return TraceFormat.SWIMLANE_RECORDS;
        }
        if (name.equals("merged_swimlane.json") || name.startsWith("perfetto")) {
            return TraceFormat.PERFETTO;
        }
        if (name.startsWith("name_map_")) {
            return TraceFormat.NAME_MAP;
        }
        if (name.equals("scope_stats.jsonl")) {
            return TraceFormat.SCOPE_STATS;
        }
        if (name.endsWith(".ptrace")) {
            return TraceFormat.PTOSIM_TRACE;
        }
        throw new AssertionError("no format expected for " + name);
    }

    @Test
    void everyFileInSimplersTraceSamplesIsRecognised() throws IOException {
        Path samples = SharedVectors.sample("vector_example-default/deps.json").getParent().getParent();
        Map<TraceFormat, Integer> seen = new TreeMap<>();
        try (Stream<Path> files = Files.walk(samples)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith("README")) {
                    continue;
                }
                assertThat(TraceFormat.of(TraceFormat.read(f))).as(samples.relativize(f).toString())
                        .isEqualTo(expected(name));
                seen.merge(expected(name), 1, Integer::sum);
            }
        }
        assertThat(seen).containsOnlyKeys(TraceFormat.DEPS_JSON, TraceFormat.SWIMLANE_RECORDS, TraceFormat.PERFETTO,
                TraceFormat.NAME_MAP, TraceFormat.SCOPE_STATS);
        assertThat(seen.get(TraceFormat.PERFETTO)).isEqualTo(10);
    }

    @Test
    void everyTraceFilePtosimWritesIsRecognised() {
        CliHarness cli = new CliHarness();
        assertThat(cli.run("run", "paged-attention", "--case", "CaseSmall1", "--trace", dir.resolve("run.ptrace").toString(),
                "--perfetto", dir.resolve("perfetto.json").toString(), "--swimlane", dir.resolve("swimlane.json").toString(),
                "--deps", dir.resolve("deps.json").toString())).as(cli.err.toString()).isZero();
        assertThat(cli.run("run", "node-vector-example", "--perfetto", dir.resolve("perfetto-node.json").toString()))
                .as(cli.err.toString()).isZero();
        for (String name : List.of("run.ptrace", "perfetto.json", "swimlane.json", "deps.json", "perfetto-node.json")) {
            assertThat(TraceFormat.of(TraceFormat.read(dir.resolve(name)))).as(name).isEqualTo(expected(name));
        }
    }

    @Test
    void aJsonOfNoKnownFormatIsAClearError() throws IOException {
        Path f = Files.writeString(dir.resolve("x.json"), "{\"hello\": 1}");
        assertThatThrownBy(() -> TraceFormat.read(f))
                .isInstanceOf(TraceFormatException.class).hasMessageContaining("not a trace ptosim reads; expected one of")
                .hasMessageContaining("scope_stats.jsonl");
    }
}
