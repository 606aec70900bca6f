package io.ptosim.traces;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The temporary files output is written through are gone after a shutdown, Ctrl-C included. */
class TempFilesTest {
    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void aProcessInterruptedWhileWritingATraceLeavesNoTemporaryFile() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")) && Files.isExecutable(Path.of("/bin/kill")),
                "needs /proc and /bin/kill (Linux) to send SIGINT to a child process");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), InterruptedWriter.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("writing");
            assertThat(files()).singleElement().satisfies(f -> assertThat(f.getFileName().toString())
                    .startsWith(".run.ptrace.").endsWith(".tmp"));
            // a child started with SIGINT ignored (a shell's background job) inherits that; then send SIGTERM,
            // which runs the same shutdown hooks
            String signal = ignores(p.pid(), 2) ? "-TERM" : "-INT";
            Process kill = new ProcessBuilder("/bin/kill", signal, Long.toString(p.pid())).start();
            assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the child ends on " + signal).isTrue();
            assertThat(p.exitValue()).as("killed by the signal").isEqualTo(signal.equals("-INT") ? 130 : 143);
            assertThat(files()).as("nothing left in " + dir).isEmpty();
        } finally {
            p.destroyForcibly();
        }
    }

    /** Whether process {@code pid} ignores signal {@code signal} (its SigIgn mask in /proc). */
    private static boolean ignores(long pid, int signal) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("SigIgn:")) {
                return new BigInteger(line.substring(7).trim(), 16).testBit(signal - 1);
            }
        }
        return false;
    }

    @Test
    void theRegistryDeletesWhatIsStillRegisteredAndForgetsWhatWasMoved() throws IOException {
        Path left = TempFiles.register(Files.writeString(dir.resolve(".a.tmp"), "a"));
        Path moved = TempFiles.register(Files.writeString(dir.resolve(".b.tmp"), "b"));
        Files.move(moved, dir.resolve("b"));
        TempFiles.forget(moved);
        assertThat(TempFiles.registered()).contains(left.toAbsolutePath()).doesNotContain(moved.toAbsolutePath());
        assertThat(TempFiles.deleteAll()).isEqualTo(1);
        assertThat(files()).containsExactly(dir.resolve("b"));
        assertThat(TempFiles.registered()).doesNotContain(left.toAbsolutePath());
    }

    @Test
    void aFinishedOrAbandonedWriterUnregistersItsFile() throws IOException {
        try (PtraceWriter w = new PtraceWriter(dir.resolve("done.ptrace"), PtraceFormatTest.HEADER, false)) {
            PtraceFormatTest.EVENTS.forEach(w::accept);
            w.finish("00ff00ff00ff00ff");
        }
        try (PtraceWriter w = new PtraceWriter(dir.resolve("dropped.ptrace"), PtraceFormatTest.HEADER, false)) {
            w.accept(PtraceFormatTest.EVENTS.get(0));
        }
        assertThat(TempFiles.registered()).noneMatch(f -> f.startsWith(dir.toAbsolutePath()));
        assertThat(files()).containsExactly(dir.resolve("done.ptrace"));
    }
}
