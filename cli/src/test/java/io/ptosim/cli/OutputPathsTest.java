package io.ptosim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An output file that cannot be written is refused before any work, as a usage error naming it and why. */
class OutputPathsTest {
    @TempDir
    Path dir;

    @Test
    void runRefusesATraceInAMissingFolderBeforeItRuns() {
        CliHarness cli = new CliHarness();
        Path trace = dir.resolve("missing/run.ptrace");
        assertThat(cli.run("run", "vector-example", "--trace", trace.toString())).isEqualTo(2);
        assertThat(cli.out.toString()).as("nothing ran").isEmpty();
        assertThat(cli.err.toString()).startsWith("ptosim run: --trace " + trace + ": cannot write there: the directory "
                + dir.resolve("missing") + " does not exist");
    }

    @Test
    void everyOutputOptionOfRunIsChecked() throws IOException {
        Files.createDirectory(dir.resolve("taken"));
        for (String option : new String[] {"--perfetto", "--swimlane", "--deps", "--report", "--trace"}) {
            CliHarness cli = new CliHarness();
            assertThat(cli.run("run", "vector-example", option, dir.resolve("taken").toString())).as(option).isEqualTo(2);
            assertThat(cli.err.toString()).startsWith("ptosim run: " + option + " " + dir.resolve("taken")
                    + ": cannot write there: it is a directory");
        }
    }

    @Test
    void aNodeRunIsCheckedToo() {
        CliHarness cli = new CliHarness();
        assertThat(cli.run("run", "node-vector-example", "--perfetto", dir.resolve("no/p.json").toString())).isEqualTo(2);
        assertThat(cli.err.toString()).contains("--perfetto " + dir.resolve("no/p.json") + ": cannot write there");
    }

    @Test
    void depsOutputIsChecked() throws IOException {
        Path program = Files.writeString(dir.resolve("p.json"), "{}");
        CliHarness cli = new CliHarness();
        assertThat(cli.run("deps", program.toString(), "-o", dir.resolve("x/deps.json").toString())).isEqualTo(2);
        assertThat(cli.err.toString()).startsWith("ptosim deps: --output " + dir.resolve("x/deps.json")
                + ": cannot write there: the directory " + dir.resolve("x") + " does not exist");
    }

    @Test
    void aWritablePathPassesAndTheProbeLeavesNothing() throws IOException {
        assertThat(OutputPaths.whyNot(dir.resolve("fine.json"))).isNull();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.toList()).isEmpty();
        }
    }
}
