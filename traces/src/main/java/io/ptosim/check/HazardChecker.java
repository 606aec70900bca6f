package io.ptosim.check;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds every pair of accesses to shared elements of a buffer, at least one writing, whose tasks no path
 * of edges orders. Walks the tasks in submit order; per buffer it keeps a history of earlier accesses,
 * reads and writes apart ({@link RegionIndex}), and checks each access of the next task against the
 * entries whose bounding range meets its own: a read against writes, a write against both. An entry the
 * task conflicts with, shares elements with and does not follow is a finding, and the entries it
 * subsumed are checked in turn; one the task follows (a path of edges, {@link HappensBefore}) is settled
 * with all it subsumed. After the task's checks, each of its writes subsumes the entries it follows and
 * covers ({@link HistoryEntry}), so a buffer rewritten in order keeps a history of one entry while every
 * unordered pair is still found: nothing is dropped, only filed under a later access.
 */
public final class HazardChecker {
    private static final Comparator<Finding> ORDER = Comparator.<Finding>comparingInt(f -> f.earlier().task())
            .thenComparingInt(f -> f.earlier().arg()).thenComparingInt(f -> f.later().arg())
            .thenComparingInt(f -> f.later().buffer());

    private final AccessGraph graph;
    private final HappensBefore happensBefore;
    private final History[] histories;
    private final int keep;
    private final List<Finding> shown = new ArrayList<>();
    private final Map<HazardKind, Long> byKind = new EnumMap<>(HazardKind.class);
    private long hazards;
    private long taskPairs;
    private long entries;

    /** A buffer's live entries: reads and writes apart. */
    private static final class History {
        final RegionIndex reads = new RegionIndex();
        final RegionIndex writes = new RegionIndex();
    }

    private HazardChecker(AccessGraph graph, int keep) {
        this.graph = graph;
        this.happensBefore = graph.happensBefore();
        this.histories = new History[graph.buffers().size()];
        this.keep = keep;
        for (HazardKind k : HazardKind.values()) {
            byKind.put(k, 0L);
        }
    }

    /**
     * Checks a program.
     *
     * @param keep how many findings to keep (all are counted)
     */
    public static HazardReport check(AccessGraph graph, int keep) {
        return new HazardChecker(graph, keep).run();
    }

    private HazardReport run() {
        List<Access> accesses = graph.accesses();
        int from = 0;
        while (from < accesses.size()) {
            int to = from;
            while (to < accesses.size() && accesses.get(to).task() == accesses.get(from).task()) {
                to++;
            }
            task(accesses.subList(from, to));
            from = to;
        }
        return new HazardReport(hazards, taskPairs, byKind, shown);
    }

    /** Checks one task's accesses against the history, reports, then files them. */
    private void task(List<Access> mine) {
        List<Finding> found = new ArrayList<>();
        List<List<HistoryEntry>> followed = new ArrayList<>(mine.size());
        for (Access a : mine) {
            followed.add(a.region().isEmpty() ? List.of() : check(a, found));
        }
        found.sort(ORDER);
        Set<Integer> earlierTasks = new HashSet<>();
        for (Finding f : found) {
            hazards++;
            byKind.merge(f.kind(), 1L, Long::sum);
            earlierTasks.add(f.earlier().task());
            if (shown.size() < keep) {
                shown.add(f);
            }
        }
        taskPairs += earlierTasks.size();
        for (int i = 0; i < mine.size(); i++) {
            Access a = mine.get(i);
            if (!a.region().isEmpty()) {
                file(a, followed.get(i));
            }
        }
    }

    /** Adds the findings of {@code a} to {@code found}; returns the live entries its task follows. */
    private List<HistoryEntry> check(Access a, List<Finding> found) {
        History h = histories[a.buffer()];
        if (h == null) {
            return List.of();
        }
        List<HistoryEntry> candidates = new ArrayList<>();
        h.writes.collect(a.region().first(), a.region().last(), candidates);
        if (a.writes()) {
            h.reads.collect(a.region().first(), a.region().last(), candidates);
        }
        List<HistoryEntry> followed = new ArrayList<>();
        ArrayDeque<HistoryEntry> todo = new ArrayDeque<>();
        for (HistoryEntry c : candidates) {
            todo.push(c);
            while (!todo.isEmpty()) {
                HistoryEntry e = todo.pop();
                Access x = e.access;
                if (!x.writes() && !a.writes()) {
                    continue;
                }
                OverlapRange shared = x.region().overlap(a.region());
                if (shared == null) {
                    continue;
                }
                if (follows(a.task(), e)) {
                    if (e == c) {
                        followed.add(c);
                    }
                    continue;
                }
                found.add(Finding.of(x, a, graph.buffers().get(a.buffer()), shared));
                for (HistoryEntry s : e.subsumed()) {
                    todo.push(s);
                }
            }
        }
        return followed;
    }

    /**
     * Whether a path of edges leads from entry {@code e}'s task to {@code task}. Asked first from the
     * latest task known to follow {@code e}, which is closer: a buffer written once and read along a long
     * chain of tasks costs one step per reader, not a search back to the write.
     */
    private boolean follows(int task, HistoryEntry e) {
        boolean ordered = e.follower > e.access.task() && happensBefore.ordered(e.follower, task)
                || happensBefore.ordered(e.access.task(), task);
        if (ordered) {
            e.follower = task;
        }
        return ordered;
    }

    /** Files {@code a} in its buffer's history; a write takes under it the followed entries it covers. */
    private void file(Access a, List<HistoryEntry> followed) {
        History h = histories[a.buffer()];
        if (h == null) {
            h = new History();
            histories[a.buffer()] = h;
        }
        HistoryEntry entry = new HistoryEntry(a, entries++);
        if (a.writes()) {
            for (HistoryEntry e : followed) {
                if (e.live && a.region().covers(e.access.region())) {
                    (e.access.writes() ? h.writes : h.reads).remove(e);
                    entry.subsume(e);
                }
            }
        }
        (a.writes() ? h.writes : h.reads).add(entry);
    }
}
