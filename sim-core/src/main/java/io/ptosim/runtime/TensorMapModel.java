package io.ptosim.runtime;

/**
 * What the dependency rules need from a TensorMap: register a write, look up the live writes a view
 * overlaps (newest first), remove one. With reader tracking (the {@link TensorArgType#TRACKED_INPUT}
 * proposal) it also holds tracked reads, indexed apart from the writes so a read never finds another
 * read. {@link TensorMap} is the runtime's pooled structure; {@link ReferenceTensorMap} the deliberately
 * naive model of the same rules.
 */
public interface TensorMapModel {

    /** Receives lookup hits, newest first. */
    @FunctionalInterface
    interface Hits {
        /** One live entry of the probe's address that overlaps it; the callback may remove it. */
        void hit(int entry, long producerTaskId, TensorView producerView, Overlap overlap);
    }

    /** Registers {@code view} as written by {@code producerTaskId}; returns the entry's handle. */
    int insert(TensorView view, long producerTaskId);

    /** Reports every live write entry with the probe's address whose overlap is not NO_OVERLAP, newest first. */
    void lookup(TensorView probe, Hits hits);

    /** Registers {@code view} as read by {@code readerTaskId} (a tracked reader); returns the entry's handle. */
    int insertReader(TensorView view, long readerTaskId);

    /** Reports every live reader entry with the probe's address whose overlap is not NO_OVERLAP, newest first. */
    void lookupReaders(TensorView probe, Hits hits);

    /** Removes an entry reported by {@link #lookup} or {@link #lookupReaders}. */
    void remove(int entry);
}
