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
 *
 * <p>With reader tracking (the what-if of {@link TensorArgType#TRACKED_INPUT}; all INPUTs too when asked),
 * after those lookups each tracked INOUT and OUTPUT_EXISTING arg without manual_dep gets one
 * {@link DepEdge.Source#TENSORMAP_READER} edge per overlapping registered reader, newest first (a reader
 * entry the arg COVERS is removed, as PR #1810 does), and the task's tracked reads are registered with its
 * writes. Reader entries never change a lookup of writes, so the default edges stay as they are.
 */
public final class DependencyReplay {
    /** Buckets of the replay's TensorMap, as the runtime's default. */
    private static final int BUCKETS = 4096;

    private final TensorMapModel map;
    private final boolean trackAllInputs;
    private final List<DepEdge> edges = new ArrayList<>();

    private DependencyReplay(TensorMapModel map, boolean trackAllInputs) {
        this.map = map;
        this.trackAllInputs = trackAllInputs;
    }

    /** The edges of {@code submits}, derived with the runtime's {@link TensorMap}, in derivation order. */
    public static List<DepEdge> edgesOf(List<SubmitRecord> submits) {
        return edgesOf(submits, false);
    }

    /**
     * The edges of {@code submits} with the runtime's {@link TensorMap}; {@code trackReaders} registers
     * every INPUT as a tracked reader ({@code tensorMap.trackReaders}), TRACKED_INPUT args are tracked
     * either way.
     */
    public static List<DepEdge> edgesOf(List<SubmitRecord> submits, boolean trackReaders) {
        int registrations = 0;
        for (SubmitRecord s : submits) {
            for (TaskArg a : s.args()) {
                registrations += a.type().registers() || a.type().registersReader(trackReaders) ? 1 : 0;
            }
        }
        int[] windows = {1, 1, 1, 1};
        return replay(submits, new TensorMap(BUCKETS, Math.max(1, registrations), windows), trackReaders);
    }

    /** The same edges derived with the naive {@link ReferenceTensorMap}. */
    public static List<DepEdge> referenceEdgesOf(List<SubmitRecord> submits) {
        return replay(submits, new ReferenceTensorMap());
    }

    /** The edges derived with the given (empty) map, e.g. a TensorMap with few buckets to force collisions. */
    public static List<DepEdge> replay(List<SubmitRecord> submits, TensorMapModel map) {
        return replay(submits, map, false);
    }

    /** The edges derived with the given (empty) map; {@code trackReaders} as in {@link #edgesOf(List, boolean)}. */
    public static List<DepEdge> replay(List<SubmitRecord> submits, TensorMapModel map, boolean trackReaders) {
        DependencyReplay replay = new DependencyReplay(map, trackReaders);
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
            if (s.tracks(i) && arg.type().findsReaders() && !arg.view().manualDep()) {
                TensorView view = arg.view();
                int slot = i;
                map.lookupReaders(view, (entry, reader, readerView, overlap) -> {
                    edges.add(new DepEdge(reader, succ, slot, DepEdge.Source.TENSORMAP_READER, overlap, view, readerView));
                    if (overlap == Overlap.COVERED) {
                        map.remove(entry);
                    }
                });
            }
        }
        for (int i = 0; i < args.size(); i++) {
            TaskArg arg = args.get(i);
            if (s.tracks(i) && arg.type().registers() && !arg.view().manualDep()) {
                map.insert(arg.view(), succ);
            } else if (s.tracks(i) && arg.type().registersReader(trackAllInputs) && !arg.view().manualDep()) {
                map.insertReader(arg.view(), succ);
            }
        }
    }
}
