package io.ptosim.record;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of the recorder, out of process: a crash, a C++ exception that escapes or a spin-wait inside
 * the user's orchestration ends that process, never the JVM. The recorder stops itself at the timeout
 * (exit 3, writing what it recorded); if it does not, it is sent SIGTERM a few seconds later and killed
 * after a grace period.
 *
 * @param exitCode the recorder's exit status (128 + N: signal N)
 * @param killed whether ptosim had to stop it
 * @param log the tail of its standard output and error (the orchestration's own prints, a failed assert)
 * @param elapsed wall time of the run
 */
record RecorderProcess(int exitCode, boolean killed, String log, Duration elapsed) {
    private static final long GRACE_SECONDS = 5;

    /** Runs {@code recorder} on {@code so} with the inputs file {@code spec}, writing {@code out}. */
    static RecorderProcess run(Path recorder, Path so, Path spec, Path out, Path logFile, Duration timeout, int clusters,
            int aivs) {
        List<String> cmd = new ArrayList<>(List.of(recorder.toString(), so.toAbsolutePath().toString(),
                spec.toString(), out.toString(), "--clusters", Integer.toString(clusters), "--aivs",
                Integer.toString(aivs), "--timeout", Long.toString(Math.max(1, timeout.toSeconds()))));
        long start = System.nanoTime();
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
            p.getOutputStream().close();
            boolean killed = false;
            if (!p.waitFor(timeout.toSeconds() + GRACE_SECONDS, TimeUnit.SECONDS)) {
                killed = true;
                p.destroy();
                if (!p.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor();
                }
            }
            return new RecorderProcess(p.exitValue(), killed, CxxToolchain.tail(logFile, 4000),
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new RecordException(RecordException.Kind.FAILED, "cannot start the recorder " + recorder + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RecordException(RecordException.Kind.FAILED, "interrupted while recording", e);
        }
    }
}
