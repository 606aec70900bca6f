package io.ptosim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.record.FixtureOrchestrations;
import io.ptosim.traces.ProgramFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ptosim record} end to end on a fixture orchestration, and its usage errors. */
class RecordCommandTest {
    @TempDir
    Path tmp;

    private final CliHarness cli = new CliHarness();

    private String[] graph(String... more) {
        String[] base = {"record", FixtureOrchestrations.build("graph").toString(), "--simpler",
            FixtureOrchestrations.simplerRoot().toString(), "--cache", FixtureOrchestrations.cache().toString(),
            "--tensor", "x:FLOAT32:4,8", "--tensor", "y:FLOAT32:4x8:1.5", "--tensor", "n:INT32:1:2", "--scalar", "1.5f"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void recordsWritesTheProgramSidecarAndDepsAndChecks() throws Exception {
        FixtureOrchestrations.tools();
        Path program = tmp.resolve("graph.json");
        Path deps = tmp.resolve("graph.deps.json");
        int rc = cli.run(graph("-o", program.toString(), "--deps", deps.toString(), "--check"));
        String out = cli.out.toString();
        assertThat(out).as(cli.err.toString()).contains("recorded graph.so: 6 tasks (1 dummy), 1 alloc, 5 scopes"
                + " (depth 2, 1 manual), 2 explicit deps, 1 tensor read (0 data-dependent), 1 tensor write -> "
                + program + " (sidecar " + tmp.resolve("graph.record.json") + ")");
        assertThat(out).contains("deps: 6 tasks, ").contains("check graph: 6 tasks, ");
        // The manual scope's first task reads t1's output without an explicit dependency on it.
        assertThat(out).contains("read-after-write on output of t1").contains("Fix: add_dep(t1) on r2t2.")
                .contains("1 hazard between 1 task pair");
        assertThat(rc).isEqualTo(1);
        assertThat(ProgramFile.read(program)).isInstanceOf(ProgramFile.Ptosim.class);
        assertThat(Files.readString(tmp.resolve("graph.record.json"))).contains("\"format\" : \"ptosim-record/1\"");
        assertThat(Files.readString(deps)).startsWith("{");
        for (Path written : List.of(program, tmp.resolve("graph.record.json"), deps)) {
            PlainFilePermissions.assertLikeAPlainFile(written);
        }
        assertThat(cli.run("deps", program.toString())).isZero();
    }

    @Test
    void aDataDependentReadIsSaidInOneLine() {
        Path program = tmp.resolve("reads.json");
        int rc = cli.run("record", FixtureOrchestrations.build("reads").toString(), "--simpler",
                FixtureOrchestrations.simplerRoot().toString(), "--cache", FixtureOrchestrations.cache().toString(),
                "--tensor", "counts:INT32:4:3,4", "-o", program.toString());
        assertThat(rc).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString()).contains("warning: 2 data-dependent reads: control flow was frozen on values no"
                + " kernel computed (tensor_data in the sidecar)");
    }

    @Test
    void aMismatchedBuildIsRefusedWithStatus2() {
        int rc = cli.run("record", FixtureOrchestrations.build("graph", "PTOSIM_FIXTURE_DFX=0").toString(), "--simpler",
                FixtureOrchestrations.simplerRoot().toString(), "--cache", FixtureOrchestrations.cache().toString());
        assertThat(rc).isEqualTo(2);
        assertThat(cli.err.toString()).contains("was not built from the simpler headers in").contains("Arg<32,16>");
    }

    @Test
    void usageErrorsNameTheOption() {
        assertThat(cli.run("record", "x.so", "--simpler", "s", "--case", "Case1")).isEqualTo(2);
        assertThat(cli.err.toString()).contains("--case needs --inputs WORKLOAD");
        assertThat(cli.run("record", "x.so", "--simpler", "s", "--tensor", "a:FLOAT33:4")).isEqualTo(2);
        assertThat(cli.err.toString()).contains("--tensor a:FLOAT33:4: unknown dtype 'FLOAT33'");
        assertThat(cli.run("record", "x.so", "--simpler", "s", "--tensor", "a:INT32:4:nofile")).isEqualTo(2);
        assertThat(cli.err.toString()).contains("'nofile' is neither numbers (FILL) nor a readable file (FILE)");
        assertThat(cli.run("record", "x.so", "--simpler", "s", "--scalar", "1.5")).isEqualTo(2);
        assertThat(cli.err.toString()).contains("--scalar 1.5: expected an integer");
        assertThat(cli.run("record", "x.so", "--simpler", "s", "--inputs", "bgemm")).isEqualTo(2);
        assertThat(cli.err.toString()).contains("workload bgemm has no simpler orchestration to record");
        assertThat(cli.run("record", "x.so", "--simpler", "s", "--inputs", "vector-example", "--tensor",
                "z:INT32:1")).isEqualTo(2);
        assertThat(cli.err.toString()).contains("the entry of vector-example has no tensor z; it has a, b, f");
        assertThat(cli.run("record", "x.so")).isEqualTo(2);
        assertThat(cli.err.toString()).contains("--simpler");
    }

    @Test
    void helpListsTheCommand() {
        assertThat(cli.run("--help")).isZero();
        assertThat(cli.out.toString()).contains("record");
        assertThat(cli.run("record", "--help")).isZero();
        assertThat(cli.out.toString()).contains("--inputs=WORKLOAD").contains("NAME:DTYPE:SHAPE[:FILL|FILE]");
    }
}
