package io.ptosim.traces;

import io.ptosim.runtime.ScopeMode;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The scope kind each task of a recorded graph was submitted in, as far as the file shows it:
 * deps.json marks today's MANUAL scope and the MANUAL_HYBRID design both as "manual".
 */
final class ScopeKinds {
    private final DepsIndex index;
    private final DepsGraph graph;
    /** Per task (tasks[] index), the kind of scope it is submitted in. */
    private final ScopeMode[] modeOf;
    /** Per task, the first task of its run of manual tasks (itself for an AUTO task). */
    private final int[] runStart;
    /** Producers with a creator edge into a task of a MANUAL_HYBRID scope. */
    private final Set<Long> createsForHybrid = new HashSet<>();
    private int hybridTasks;

    ScopeKinds(DepsIndex index) {
        this.index = index;
        this.graph = index.graph;
        runStart = new int[graph.tasks().size()];
        modeOf = scopeModes();
        for (DepsGraph.Edge e : graph.edges()) {
            if (e.source() == DepsGraph.Source.CREATOR && modeOf[index.index(e.succ())] == ScopeMode.MANUAL_HYBRID) {
                createsForHybrid.add(e.pred());
            }
        }
    }

    /** The kind of scope task {@code i} (tasks[] index) is submitted in. */
    ScopeMode mode(int i) {
        return modeOf[i];
    }

    /** The first task of task {@code i}'s run of manual tasks (itself for an AUTO task). */
    int runStart(int i) {
        return runStart[i];
    }

    /** Whether {@code producer} has a creator edge into a task of a MANUAL_HYBRID scope (so is outside it). */
    boolean createsForHybrid(long producer) {
        return createsForHybrid.contains(producer);
    }

    /** Manual tasks in MANUAL_HYBRID scopes. */
    int hybridTasks() {
        return hybridTasks;
    }

    /**
     * Whether the next submit of {@code id}'s ring is a manual-scope one: then an alloc before it waits
     * to be placed in that task's scope, where a manual scope's code would allocate; unless that scope is
     * MANUAL_HYBRID and the alloc has a creator edge into a hybrid task, which shows it outside.
     */
    boolean nextInRingIsManual(long id) {
        Map.Entry<Long, Integer> next = index.nextInRing(id);
        if (next == null || modeOf[next.getValue()] == ScopeMode.AUTO) {
            return false;
        }
        return modeOf[next.getValue()] != ScopeMode.MANUAL_HYBRID || !createsForHybrid.contains(id);
    }

    /**
     * The scope kind of each task. A manual task's scope is MANUAL_HYBRID when some task of its run
     * (consecutive manual tasks of one ring) shows a creator or TensorMap edge in, or a TensorMap edge
     * out: today's manual scope gives its tasks explicit edges only and registers nothing, so such
     * edges can only come from the hybrid design's boundary args. Otherwise it is MANUAL.
     */
    private ScopeMode[] scopeModes() {
        int n = graph.tasks().size();
        boolean[] evidence = new boolean[n];
        for (DepsGraph.Edge e : graph.edges()) {
            if (e.source() != DepsGraph.Source.EXPLICIT && index.manual(e.succ())) {
                evidence[index.index(e.succ())] = true;
            }
            if (e.source() == DepsGraph.Source.TENSORMAP && index.manual(e.pred())) {
                evidence[index.index(e.pred())] = true;
            }
        }
        ScopeMode[] modes = new ScopeMode[n];
        for (int start = 0; start < n; ) {
            DepsGraph.Task first = graph.tasks().get(start);
            if (!first.manual()) {
                runStart[start] = start;
                modes[start++] = ScopeMode.AUTO;
                continue;
            }
            int end = start;
            boolean hybrid = false;
            while (end < n && graph.tasks().get(end).manual() && graph.tasks().get(end).ring() == first.ring()
                    && (end == start || !createdByRun(graph.tasks().get(end), start, end))) {
                hybrid |= evidence[end++];
            }
            Arrays.fill(modes, start, end, hybrid ? ScopeMode.MANUAL_HYBRID : ScopeMode.MANUAL);
            Arrays.fill(runStart, start, end, start);
            hybridTasks += hybrid ? end - start : 0;
            start = end;
        }
        return modes;
    }

    /**
     * Whether a creator edge into {@code task} comes from tasks[{@code from}..{@code to}): then they were
     * in different scopes, as an owner in the consumer's own manual scope leaves no creator edge.
     */
    private boolean createdByRun(DepsGraph.Task task, int from, int to) {
        for (DepsGraph.Edge e : index.edgesInto(task.taskId())) {
            Integer p = index.index(e.pred());
            if (e.source() == DepsGraph.Source.CREATOR && p != null && p >= from && p < to) {
                return true;
            }
        }
        return false;
    }
}
