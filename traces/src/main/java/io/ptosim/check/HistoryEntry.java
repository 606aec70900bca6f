package io.ptosim.check;

import java.util.ArrayList;
import java.util.List;

/**
 * An access in its buffer's history, with the earlier accesses it subsumes: those ordered before it
 * whose elements it covers, and which it conflicts with whenever they would (it writes, or they read).
 * A later task that follows it follows them too, and one that does not touch or conflict with it does
 * not touch or conflict with them either, so the checker looks at them only through it.
 */
final class HistoryEntry {
    final Access access;
    /** The first and last element of the access (a bounding range). */
    final long first;
    final long last;
    /** Unique and increasing in creation order; ties between equal first elements. */
    final long id;
    /** Whether it is in its buffer's index (not yet subsumed). */
    boolean live = true;
    /** The latest task known to follow it (a path of edges leads there), or -1. */
    int follower = -1;
    private List<HistoryEntry> subsumed;

    HistoryEntry(Access access, long id) {
        this(access, access.region().first(), access.region().last(), id);
    }

    private HistoryEntry(Access access, long first, long last, long id) {
        this.access = access;
        this.first = first;
        this.last = last;
        this.id = id;
    }

    /** A bound for searching an index by first element. */
    static HistoryEntry probe(long first, long id) {
        return new HistoryEntry(null, first, first, id);
    }

    /** Takes {@code e} under this entry. */
    void subsume(HistoryEntry e) {
        if (subsumed == null) {
            subsumed = new ArrayList<>(2);
        }
        subsumed.add(e);
        e.live = false;
    }

    /** The entries it subsumed directly. */
    List<HistoryEntry> subsumed() {
        return subsumed == null ? List.of() : subsumed;
    }
}
