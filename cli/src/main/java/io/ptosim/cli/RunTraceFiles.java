package io.ptosim.cli;

import io.ptosim.trace.TraceSink;
import io.ptosim.trace.TraceSinks;
import io.ptosim.traces.TraceWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The trace files one {@code ptosim run} writes ({@code --trace}, {@code --perfetto}, {@code --swimlane}):
 * they share one sink, each is finished after the run, and closing discards the ones not finished (the
 * run threw), so no file is left half-written.
 */
final class RunTraceFiles implements AutoCloseable {
    private record File(String label, Path path, TraceWriter writer) {
    }

    private final List<File> files = new ArrayList<>();

    /** Adds a file, listed in the summary as {@code label}. */
    void add(String label, Path path, TraceWriter writer) {
        files.add(new File(label, path, writer));
    }

    /** The sink the chip sends its events to: null (an untraced run) when there are no files. */
    TraceSink sink() {
        return TraceSinks.all(files.stream().map(f -> (TraceSink) f.writer()).toList());
    }

    /** Completes every file, {@code digest} being the run's. */
    void finish(String digest) {
        for (File f : files) {
            f.writer().finish(digest);
        }
    }

    /** A summary line per file: its label, path and contents. */
    void print(PrintWriter out) {
        for (File f : files) {
            out.printf(Locale.ROOT, "  %-12s %s (%s)%n", f.label(), f.path(), f.writer().contents());
        }
    }

    /** Discards every file not finished. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (File f : files) {
            try {
                f.writer().close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
