package io.ptosim.cli;

import io.ptosim.chip.Chip;
import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on standard error for runs that take more than a second, drawn only when
 * standard error is a terminal; it reads the wall clock, which never reaches the simulation.
 */
final class ProgressBar implements Chip.ProgressListener {
    private static final long QUIET_NANOS = 1_000_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final long total;
    private final long start = System.nanoTime();
    private boolean drawn;

    private ProgressBar(PrintWriter err, long total) {
        this.err = err;
        this.total = Math.max(1, total);
    }

    /** A bar when standard error is an interactive terminal, else a listener that does nothing. */
    static Chip.ProgressListener forTerminal(PrintWriter err, long total) {
        return interactive() ? new ProgressBar(err, total) : c -> { };
    }

    private static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    @Override
    public void completed(long completed) {
        long elapsed = System.nanoTime() - start;
        if (elapsed < QUIET_NANOS) {
            return;
        }
        int filled = (int) Math.min(WIDTH, WIDTH * completed / total);
        err.printf(Locale.ROOT, "\r[%s%s] %3d%% %,d/%,d tasks, %.1f s", "#".repeat(filled), " ".repeat(WIDTH - filled),
                Math.min(100, 100 * completed / total), completed, total, elapsed / 1e9);
        err.flush();
        drawn = true;
    }

    /** Clears the line if anything was drawn. */
    void finish() {
        if (drawn) {
            err.print("\r" + " ".repeat(WIDTH + 48) + "\r");
            err.flush();
        }
    }
}
