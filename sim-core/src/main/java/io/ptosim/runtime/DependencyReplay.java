package io.ptosim.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
 *
 * <p>The same replay, stopped between submits, answers what a get/set_tensor_data call there waits for
 * ({@link #tensorDataWaits}): the lookup of the call's view in the same map, and the pins the consumers
 * wired so far hold on what it finds (creator edges and WAIT_RETAIN explicit deps retain; TensorMap
 * edges and WAIT explicit deps release their pin at wiring); a set also waits for the tracked readers
 * its view overlaps to complete.
 */
public final class DependencyReplay {
    /** Buckets of the replay's TensorMap, as the runtime's default. */
    private static final int BUCKETS = 4096;

    private final TensorMapModel map;
    private final boolean trackAllInputs;
    private final List<DepEdge> edges = new ArrayList<>();
    /** Whether to note pins (for tensor data waits); looked up only, never iterated. */
    private final boolean pins;
    private final Map<Long, List<Long>> retainedBy = new HashMap<>();
    private final Map<Long, List<Long>> waitedBy = new HashMap<>();
    private final Map<Long, Integer> position = new HashMap<>();

    private DependencyReplay(TensorMapModel map, boolean trackAllInputs, boolean pins) {
        this.map = map;
        this.trackAllInputs = trackAllInputs;
        this.pins = pins;
    }

    /**
     * What a {@code get_tensor_data} or {@code set_tensor_data} waits for (spec §7.4), with no task
     * retired: every producer must complete, and for a set every consumer holding a retained pin on one
     * of them must have completed and released it.
     *
     * @param producers the view's owner, then each TensorMap writer the view overlaps, first seen first,
     *     then for a set each tracked reader it overlaps (reader tracking only)
     * @param retainers set only: the consumers wired so far whose edge to a producer retains it, in
     *     submit order
     * @param waitOnly set only: the consumers wired so far whose edges to the producers are all WAIT only
     *     (their pins were released at wiring, so the call does not wait for them), in submit order
     */
    public record TensorDataWait(List<Long> producers, List<Long> retainers, List<Long> waitOnly) {
        /** Copies the lists. */
        public TensorDataWait {
            producers = List.copyOf(producers);
            retainers = List.copyOf(retainers);
            waitOnly = List.copyOf(waitOnly);
        }
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
        return replay(submits, tensorMapFor(submits, trackReaders), trackReaders);
    }

    /**
     * What each call of {@code calls} waits for, the submits replayed up to it with the runtime's
     * {@link TensorMap} (the map the edges of {@link #edgesOf} come from).
     */
    public static List<TensorDataWait> tensorDataWaits(List<SubmitRecord> submits, List<TensorDataRecord> calls) {
        return tensorDataWaits(submits, calls, false);
    }

    /** As {@link #tensorDataWaits(List, List)}, with {@code trackReaders} as in {@link #edgesOf(List, boolean)}. */
    public static List<TensorDataWait> tensorDataWaits(List<SubmitRecord> submits, List<TensorDataRecord> calls,
            boolean trackReaders) {
        DependencyReplay replay = new DependencyReplay(tensorMapFor(submits, trackReaders), trackReaders, true);
        List<TensorDataWait> waits = new ArrayList<>(calls.size());
        int next = 0;
        for (TensorDataRecord c : calls) {
            while (next < c.submitsBefore()) {
                replay.submit(submits.get(next++));
            }
            waits.add(replay.waitOf(c));
        }
        return waits;
    }

    private static TensorMap tensorMapFor(List<SubmitRecord> submits, boolean trackReaders) {
        int registrations = 0;
        for (SubmitRecord s : submits) {
            for (TaskArg a : s.args()) {
                registrations += a.type().registers() || a.type().registersReader(trackReaders) ? 1 : 0;
            }
        }
        int[] windows = {1, 1, 1, 1};
        return new TensorMap(BUCKETS, Math.max(1, registrations), windows);
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
        DependencyReplay replay = new DependencyReplay(map, trackReaders, false);
        for (SubmitRecord s : submits) {
            replay.submit(s);
        }
        return List.copyOf(replay.edges);
    }

    /** The producers {@code c} waits for, and for a set the pins it waits to be released. */
    private TensorDataWait waitOf(TensorDataRecord c) {
        TensorView view = c.view();
        List<Long> producers = new ArrayList<>();
        if (view.ownerTaskId() != TaskId.INVALID) {
            producers.add(view.ownerTaskId());
        }
        map.lookup(view, (entry, producer, producerView, overlap) -> {
            if (!producers.contains(producer)) {
                producers.add(producer);
            }
        });
        if (!c.write()) {
            return new TensorDataWait(producers, List.of(), List.of());
        }
        List<Long> readers = new ArrayList<>();
        map.lookupReaders(view, (entry, reader, readerView, overlap) -> {
            if (!producers.contains(reader) && !readers.contains(reader)) {
                readers.add(reader);
            }
        });
        Comparator<Long> bySubmit = Comparator.comparing(position::get);
        TreeSet<Long> retainers = new TreeSet<>(bySubmit);
        TreeSet<Long> waitOnly = new TreeSet<>(bySubmit);
        for (long p : producers) {
            retainers.addAll(retainedBy.getOrDefault(p, List.of()));
            waitOnly.addAll(waitedBy.getOrDefault(p, List.of()));
        }
        waitOnly.removeAll(retainers);
        producers.addAll(readers);
        return new TensorDataWait(producers, List.copyOf(retainers), List.copyOf(waitOnly));
    }

    private void submit(SubmitRecord s) {
        long succ = s.taskId();
        if (pins) {
            position.put(succ, position.size());
        }
        Set<Long> seen = new HashSet<>();
        List<Long> deps = s.explicitDeps();
        for (int k = 0; k < deps.size(); k++) {
            long dep = deps.get(k);
            if (seen.add(dep)) {
                edges.add(new DepEdge(dep, succ, -1, DepEdge.Source.EXPLICIT, null, null, null));
            }
            pin(dep, succ, s.explicitKinds().get(k) == DepKind.WAIT_RETAIN);
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
            if (owner != TaskId.INVALID) {
                pin(owner, succ, true);
            }
            if (arg.type().looksUp() && !view.manualDep()) {
                int slot = i;
                boolean inout = arg.type() == TensorArgType.INOUT;
                map.lookup(view, (entry, producer, producerView, overlap) -> {
                    edges.add(new DepEdge(producer, succ, slot, DepEdge.Source.TENSORMAP, overlap, view, producerView));
                    seen.add(producer);
                    pin(producer, succ, false);
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
                    pin(reader, succ, false);
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

    /**
     * Notes that {@code consumer} claimed a pin on {@code producer}, released at wiring unless the edge
     * retains it; a retaining edge wins over a WAIT-only one between the same pair (the runtime ORs the flags).
     */
    private void pin(long producer, long consumer, boolean retains) {
        if (!pins) {
            return;
        }
        List<Long> holders = (retains ? retainedBy : waitedBy).computeIfAbsent(producer, p -> new ArrayList<>());
        if (holders.isEmpty() || holders.get(holders.size() - 1).longValue() != consumer) {
            holders.add(consumer);
        }
    }
}
