package io.ptosim.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dependency function as the runtime's dependency-generation replay evaluates it: every submit in
 * order, with no task ever retiring (so no TensorMap entry goes stale). Per submit: explicit deps
 * (one edge per distinct producer); in a manual scope nothing else; otherwise per arg in slot order,
 * skipping OUTPUT, a creator edge unless that producer is already a predecessor, then for INPUT and
 * INOUT without manual_dep one TensorMap edge per overlapping registered write, newest first (an INOUT
 * that COVERS an entry removes it); after all lookups, INOUT and OUTPUT_EXISTING args without
 * manual_dep are registered.
 *
 * <p>This replay keeps registered writes in a plain list per address, walked newest first: the
 * specification-shaped model (and the reference for the pooled TensorMap to come), not the runtime's
 * data structure. {@code seen} is a hash set used for membership only, so hashing never reaches the
 * output order.
 */
public final class DependencyReplay {
    private record Entry(long producer, TensorView view) {
    }

    /** Registered writes per buffer address, oldest first; only looked up by key, never iterated. */
    private final Map<Long, List<Entry>> byAddress = new HashMap<>();
    private final List<DepEdge> edges = new ArrayList<>();

    /** Evaluates the rules over {@code submits} and returns the edges in derivation order. */
    public static List<DepEdge> edgesOf(List<SubmitRecord> submits) {
        DependencyReplay replay = new DependencyReplay();
        for (SubmitRecord s : submits) {
            replay.submit(s);
        }
        return List.copyOf(replay.edges);
    }

    private void submit(SubmitRecord s) {
        long succ = s.taskId();
        Set<Long> seen = new HashSet<>();
        for (long dep : s.explicitDeps()) {
            if (seen.add(dep)) {
                edges.add(new DepEdge(dep, succ, -1, DepEdge.Source.EXPLICIT, null, null, null));
            }
        }
        if (s.manualScope()) {
            return;
        }
        List<TaskArg> args = s.args();
        for (int i = 0; i < args.size(); i++) {
            TaskArg arg = args.get(i);
            if (arg.type() == TensorArgType.OUTPUT) {
                continue;
            }
            TensorView view = arg.view();
            long owner = view.ownerTaskId();
            if (owner != TaskId.INVALID && seen.add(owner)) {
                edges.add(new DepEdge(owner, succ, i, DepEdge.Source.CREATOR, null, view, null));
            }
            if (arg.type().looksUp() && !view.manualDep()) {
                lookUp(succ, i, arg, seen);
            }
        }
        for (TaskArg arg : args) {
            if (arg.type().registers() && !arg.view().manualDep()) {
                byAddress.computeIfAbsent(arg.view().bufferAddr(), a -> new ArrayList<>()).add(new Entry(succ, arg.view()));
            }
        }
    }

    private void lookUp(long succ, int slot, TaskArg arg, Set<Long> seen) {
        List<Entry> entries = byAddress.get(arg.view().bufferAddr());
        if (entries == null) {
            return;
        }
        for (int k = entries.size() - 1; k >= 0; k--) {
            Entry e = entries.get(k);
            Overlap overlap = Overlap.check(arg.view(), e.view());
            if (overlap == Overlap.NO_OVERLAP) {
                continue;
            }
            edges.add(new DepEdge(e.producer(), succ, slot, DepEdge.Source.TENSORMAP, overlap, arg.view(), e.view()));
            seen.add(e.producer());
            if (arg.type() == TensorArgType.INOUT && overlap == Overlap.COVERED) {
                entries.remove(k);
            }
        }
    }
}
