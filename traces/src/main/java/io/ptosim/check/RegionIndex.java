package io.ptosim.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The live entries of one buffer's history in one direction (reads or writes), found by bounding range.
 * A few entries are kept in a list; past {@value #SMALL}, in one ordered set per span class (span below
 * {@code 2^c}), so a query looks only at entries starting within one span of its range in each class:
 * a buffer cut into many tiles answers each access with the tiles it touches.
 */
final class RegionIndex {
    private static final int SMALL = 32;
    private static final int CLASSES = 65;
    private static final Comparator<HistoryEntry> BY_FIRST =
            Comparator.<HistoryEntry>comparingLong(e -> e.first).thenComparingLong(e -> e.id);

    private final List<HistoryEntry> small = new ArrayList<>();
    private List<NavigableSet<HistoryEntry>> bySpan;

    void add(HistoryEntry e) {
        if (bySpan == null) {
            small.add(e);
            if (small.size() > SMALL) {
                bySpan = new ArrayList<>(CLASSES);
                for (int c = 0; c < CLASSES; c++) {
                    bySpan.add(null);
                }
                small.forEach(this::addToClass);
                small.clear();
            }
        } else {
            addToClass(e);
        }
    }

    void remove(HistoryEntry e) {
        if (bySpan == null) {
            small.remove(e);
        } else {
            bySpan.get(spanClass(e)).remove(e);
        }
    }

    /** Adds to {@code into} every entry whose bounding range meets {@code [first, last]}, in a fixed order. */
    void collect(long first, long last, List<HistoryEntry> into) {
        if (bySpan == null) {
            for (HistoryEntry e : small) {
                if (e.first <= last && first <= e.last) {
                    into.add(e);
                }
            }
            return;
        }
        for (int c = 0; c < CLASSES; c++) {
            NavigableSet<HistoryEntry> set = bySpan.get(c);
            if (set == null || set.isEmpty()) {
                continue;
            }
            long from = c >= 62 ? Long.MIN_VALUE : first - (1L << c) + 1;
            for (HistoryEntry e : set.subSet(HistoryEntry.probe(from, Long.MIN_VALUE), true,
                    HistoryEntry.probe(last, Long.MAX_VALUE), true)) {
                if (first <= e.last) {
                    into.add(e);
                }
            }
        }
    }

    private void addToClass(HistoryEntry e) {
        int c = spanClass(e);
        NavigableSet<HistoryEntry> set = bySpan.get(c);
        if (set == null) {
            set = new TreeSet<>(BY_FIRST);
            bySpan.set(c, set);
        }
        set.add(e);
    }

    /** The bit length of {@code last - first}: the span is below {@code 2^c}. */
    private static int spanClass(HistoryEntry e) {
        return 64 - Long.numberOfLeadingZeros(e.last - e.first);
    }
}
