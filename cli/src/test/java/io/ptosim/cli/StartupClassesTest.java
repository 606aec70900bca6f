package io.ptosim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a fresh JVM loads for the commands that only print: {@code --help} builds every subcommand, so a
 * subcommand's static state must stay cheap (the JSON mapper, about 350 classes and 0.2 s, is made on
 * first use), and {@code --version} with it.
 */
class StartupClassesTest {
    @TempDir
    Path dir;

    @Test
    void helpBuildsEverySubcommandWithoutTheJsonMapper() throws Exception {
        String loaded = classesLoadedBy("--help");
        assertThat(loaded).as("every subcommand is built").contains(" io.ptosim.cli.SweepCommand ")
                .contains(" io.ptosim.cli.RecordCommand ");
        assertThat(loaded).doesNotContain(" com.fasterxml.jackson.databind.ObjectMapper ");
    }

    @Test
    void versionDoesNotMakeTheJsonMapper() throws Exception {
        assertThat(classesLoadedBy("--version")).contains(" io.ptosim.cli.VersionProvider ")
                .doesNotContain(" com.fasterxml.jackson.databind.ObjectMapper ");
    }

    /** The class-load log of a fresh JVM running {@code ptosim OPTION}, which must succeed. */
    private String classesLoadedBy(String option) throws Exception {
        Path log = dir.resolve("classes" + option + ".log");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), option);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile())
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ends").isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("out.txt"))).isZero();
        return Files.readString(log);
    }
}
