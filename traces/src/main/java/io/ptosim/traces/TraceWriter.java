package io.ptosim.traces;

import io.ptosim.trace.TraceSink;

/**
 * A trace file written while a run goes: it receives the run's events, then {@link #finish} puts the
 * complete file in place. Until then the file does not exist, and closing an unfinished writer (the
 * run threw) leaves nothing behind.
 */
public interface TraceWriter extends TraceSink, AutoCloseable {
    /**
     * Completes the file and moves it into place.
     *
     * @param digest the run's determinism digest, for the formats that record it
     * @throws java.io.UncheckedIOException if it cannot be written
     */
    void finish(String digest);

    /** What the finished file holds, in a few words for the run's summary (e.g. "4 events"). */
    String contents();

    /** Discards the file unless {@link #finish} ran. */
    @Override
    void close();
}
