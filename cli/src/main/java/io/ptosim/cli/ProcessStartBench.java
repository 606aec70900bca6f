package io.ptosim.cli;

import io.ptosim.bench.QuickBench;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The whole-process figure of {@code ptosim bench}: wall seconds of {@code ./ptosim run vector-example}
 * as a user types it (launcher script, JVM start, the run, exit), median of a few runs after one
 * warm-up. Found only when this jar is the launcher's own {@code cli/target/ptosim.jar}.
 */
final class ProcessStartBench {
    /** Measured runs; the figure is their median. */
    static final int ROUNDS = 5;

    private ProcessStartBench() {
    }

    /** The launcher beside the checkout this jar was built in, if there is one. */
    static Optional<Path> launcher() {
        try {
            Path jar = Path.of(ProcessStartBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = jar.getParent() == null || jar.getParent().getParent() == null ? null
                    : jar.getParent().getParent().getParent();
            Path script = root == null ? null : root.resolve("ptosim");
            return script != null && Files.isExecutable(script) && jar.getFileName().toString().equals("ptosim.jar")
                    ? Optional.of(script) : Optional.empty();
        } catch (URISyntaxException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** Median and fastest wall seconds of the launcher's {@code run vector-example}, or NaN without one. */
    static double[] measure(Consumer<String> progress) {
        Optional<Path> script = launcher();
        if (script.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double[] seconds = new double[ROUNDS];
        for (int i = -1; i < ROUNDS; i++) {
            progress.accept("./ptosim run vector-example as a process, " + (i < 0 ? "warm-up" : "run " + (i + 1) + " of "
                    + ROUNDS) + " ...");
            long start = System.nanoTime();
            int status = runOnce(script.get());
            if (status != 0) {
                return new double[] {Double.NaN, Double.NaN};
            }
            if (i >= 0) {
                seconds[i] = (System.nanoTime() - start) / 1e9;
            }
        }
        return new double[] {QuickBench.median(seconds), Arrays.stream(seconds).min().orElse(Double.NaN)};
    }

    private static int runOnce(Path script) {
        try {
            Process p = new ProcessBuilder(script.toString(), "run", "vector-example")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
