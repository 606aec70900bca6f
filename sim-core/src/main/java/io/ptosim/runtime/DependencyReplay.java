package io.ptosim.runtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The dependency function as the runtime's dependency-generation replay evaluates it: every submit in
 * order, with no task ever retiring (so no TensorMap entry goes stale). Per submit: explicit deps
 * (one edge per distinct producer); then per arg in slot order that the scope tracks
 * ({@link SubmitRecord#tracks}: all in AUTO, none in MANUAL, the boundary args in MANUAL_HYBRID),
 * skipping OUTPUT, a creator edge unless that producer is already a predecessor, then for INPUT and
 * INOUT without manual_dep one TensorMap edge per overlapping registered write, newest first (an INOUT
 * that COVERS an entry removes it); after all lookups, INOUT and OUTPUT_EXISTING args without
 * manual_dep are registered. {@code seen} is a hash set used for membership only, so hashing never
 * reaches the output order.
 */
public final class DependencyReplay {
    /** Buckets of the replay's TensorMap, as the runtime's default. */
    private static final int BUCKETS = 4096;

    private final TensorMapModel map;
    private final List<DepEdge> edges = new ArrayList<>();

    private DependencyReplay(TensorMapModel map) {
        this.map = map;
    }

    /** The edges of {@code submits}, derived with the runtime's {@link TensorMap}, in derivation order. */
    public static List<DepEdge> edgesOf(List<SubmitRecord> submits) {
        int registrations = 0;
        for (SubmitRecord s : submits) {
            for (TaskArg a : s.args()) {
                registrations += a.type().registers() ? 1 : 0;
            }
        }
        int[] windows = {1, 1, 1, 1};
        return replay(submits, new TensorMap(BUCKETS, Math.max(1, registrations), windows));
    }

    /** The same edges derived with the naive {@link ReferenceTensorMap}. */
    public static List<DepEdge> referenceEdgesOf(List<SubmitRecord> submits) {
        return replay(submits, new ReferenceTensorMap());
    }

    /** The edges derived with the given (empty) map, e.g. a TensorMap with few buckets to force collisions. */
    public static List<DepEdge> replay(List<SubmitRecord> submits, TensorMapModel map) {
        DependencyReplay replay = new DependencyReplay(map);
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
        List<TaskArg> args = s.args();
        for (int i = 0; i < args.size(); i++) {
            TaskArg arg = args.get(i);
            if (arg.type() == TensorArgType.OUTPUT || !s.tracks(i)) {
                continue;
            }
            TensorView view = arg.view();
            long owner = view.ownerTaskId();
            if (owner != TaskId.INVALID && seen.add(owner)) {
                edges.add(new DepEdge(owner, succ, i, DepEdge.Source.CREATOR, null, view, null));
            }
            if (arg.type().looksUp() && !view.manualDep()) {
                int slot = i;
                boolean inout = arg.type() == TensorArgType.INOUT;
                map.lookup(view, (entry, producer, producerView, overlap) -> {
                    edges.add(new DepEdge(producer, succ, slot, DepEdge.Source.TENSORMAP, overlap, view, producerView));
                    seen.add(producer);
                    if (inout && overlap == Overlap.COVERED) {
                        map.remove(entry);
                    }
                });
            }
        }
        for (int i = 0; i < args.size(); i++) {
            TaskArg arg = args.get(i);
            if (s.tracks(i) && arg.type().registers() && !arg.view().manualDep()) {
                map.insert(arg.view(), succ);
            }
        }
    }
}
