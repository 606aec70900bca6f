package io.ptosim.traces;

import io.ptosim.runtime.ScopeMode;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorArgType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who created the buffer of each arg of a recorded graph (deps.json records no owners): the inference
 * the replay rebuilds programs with and the hazard checker reads recorded graphs with, so the two
 * never disagree on what a buffer is. A creator edge from P naming address A says P created the
 * buffer at A, which exists from P's submit on (an alloc_tensors task's from its place in its ring);
 * an arg at A belongs to the latest buffer created there. The replay adds guesses: an unowned buffer
 * that abuts an output of one of its consumer's producers is that producer's.
 */
public final class BufferOwners {
    private final DepsIndex index;
    private final DepsGraph graph;
    private final ScopeKinds kinds;
    private final boolean guesses;
    /** Per task index and arg slot: the producer owning the arg's buffer, or INVALID. */
    private final long[][] owners;
    /** Per producer task id: its buffers by address (the largest tensor seen at each). */
    private final Map<Long, TreeMap<Long, DepsGraph.TensorInfo>> produced = new HashMap<>();
    /** External buffers by address (the largest tensor seen there). */
    private final TreeMap<Long, DepsGraph.TensorInfo> externals = new TreeMap<>();
    /** Per producer, the addresses it was given by a guess. */
    private final Map<Long, TreeSet<Long>> guessed = new HashMap<>();
    private int guessedOwners;

    /**
     * The owners of {@code index}'s graph; with {@code guesses} (the replay), unowned buffers that abut
     * an output of a producer of their consumer are given to it, and {@code kinds} says which tasks are
     * MANUAL_HYBRID ones (whose unowned args count as uncertain).
     */
    BufferOwners(DepsIndex index, ScopeKinds kinds, boolean guesses) {
        this.index = index;
        this.graph = index.graph;
        this.kinds = kinds;
        this.guesses = guesses;
        this.owners = new long[graph.tasks().size()][];
        assign();
        if (guesses) {
            dropOverfullGuesses();
        }
    }

    /**
     * Who created each arg's buffer, per task (tasks[] index) and arg slot, from the creator edges alone;
     * INVALID for an external buffer or an OUTPUT slot.
     *
     * @throws TraceFormatException for a creator edge from a task submitted after its consumer
     */
    public static long[][] of(DepsGraph graph) {
        BufferOwners b = new BufferOwners(new DepsIndex(graph), null, false);
        long[][] copy = new long[b.owners.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = b.owners[i].clone();
        }
        return copy;
    }

    /** The owner of task {@code i}'s arg {@code slot}, or INVALID. */
    long owner(int i, int slot) {
        return owners[i][slot];
    }

    /** A producer's buffers by address, in address order (empty if none is known). */
    TreeMap<Long, DepsGraph.TensorInfo> producedBy(long producer) {
        return produced.getOrDefault(producer, new TreeMap<>());
    }

    /** Whether a consumer names a buffer of {@code producer}. */
    boolean produces(long producer) {
        return produced.containsKey(producer);
    }

    /** Every producer with a known buffer, and its buffers. */
    Map<Long, TreeMap<Long, DepsGraph.TensorInfo>> produced() {
        return produced;
    }

    /** External buffers by address. */
    TreeMap<Long, DepsGraph.TensorInfo> externals() {
        return externals;
    }

    /** Args whose owner is a guess (replay only). */
    int guessedOwners() {
        return guessedOwners;
    }

    /**
     * Which producer owns each arg's buffer, walking submits in order. A creator edge from P
     * naming address A says P created the buffer at A, which exists from P's submit on (an
     * alloc_tensors task's from its place in its ring); an arg at A belongs to the latest buffer created
     * there, so a later producer takes the address over and an arg whose own creator edge the runtime
     * left out (its producer already had an edge into the task) still finds its owner. With
     * {@code guesses}, a buffer still unowned that sits exactly against a buffer of one of the
     * consumer's producers (the heap packs a task's outputs back to back) is taken to be that
     * producer's, repeated until nothing more is found. What is left is external.
     */
    private void assign() {
        TreeMap<Long, long[]> owned = new TreeMap<>();
        Map<Long, Set<Long>> ownedBy = new HashMap<>();
        Map<Long, Map<Integer, Long>> creators = new HashMap<>();
        for (DepsGraph.Edge e : graph.edges()) {
            if (e.source() == DepsGraph.Source.CREATOR) {
                creators.computeIfAbsent(e.succ(), k -> new HashMap<>()).putIfAbsent(e.arg(), e.pred());
            }
        }
        for (int k = 0; k < graph.edges().size(); k++) {
            DepsGraph.Edge e = graph.edges().get(k);
            if (e.source() == DepsGraph.Source.CREATOR && index.position(e.pred()) >= index.position(e.succ())) {
                throw new TraceFormatException(graph.source() + ": edges[" + k + "]: creator " + TaskId.display(e.pred())
                        + " is submitted after its consumer " + TaskId.display(e.succ()));
            }
        }
        TreeMap<Integer, List<long[]>> births = new TreeMap<>();
        for (DepsGraph.Edge e : graph.edges()) {
            if (e.source() == DepsGraph.Source.CREATOR) {
                DepsGraph.TensorInfo t = index.tensor(e.tensorId());
                births.computeIfAbsent(index.position(e.pred()), k -> new ArrayList<>())
                        .add(new long[] {t.bufferAddr(), e.pred(), t.bufferBytes()});
            }
        }
        bear(births.get(-1), owned, ownedBy);
        for (int i = 0; i < graph.tasks().size(); i++) {
            DepsGraph.Task task = graph.tasks().get(i);
            Map<Integer, Long> mine = creators.getOrDefault(task.taskId(), Map.of());
            owners[i] = new long[task.args().size()];
            Arrays.fill(owners[i], TaskId.INVALID);
            List<DepsGraph.ArgInfo> unknown = new ArrayList<>();
            for (DepsGraph.ArgInfo a : task.args()) {
                if (a.type() == TensorArgType.OUTPUT) {
                    continue;
                }
                DepsGraph.TensorInfo t = index.tensor(a.tensorId());
                Long creator = mine.get(a.idx());
                if (creator != null) {
                    if (creator == task.taskId()) {
                        throw new TraceFormatException(graph.source() + ": a creator edge makes "
                                + TaskId.display(creator) + " its own producer (tasks[" + i + "].args[" + a.idx() + "])");
                    }
                    owned.put(t.bufferAddr(), new long[] {creator, t.bufferBytes()});
                    ownedBy.computeIfAbsent(creator, k -> new HashSet<>()).add(t.bufferAddr());
                }
                long[] o = owned.get(t.bufferAddr());
                if (o != null) {
                    owners[i][a.idx()] = o[0];
                } else {
                    unknown.add(a);
                }
            }
            Set<Long> producers = new HashSet<>();
            for (DepsGraph.Edge e : index.edgesInto(task.taskId())) {
                producers.add(e.pred());
            }
            for (boolean found = guesses; found && !unknown.isEmpty(); ) {
                found = false;
                for (Iterator<DepsGraph.ArgInfo> it = unknown.iterator(); it.hasNext(); ) {
                    DepsGraph.ArgInfo a = it.next();
                    DepsGraph.TensorInfo t = index.tensor(a.tensorId());
                    long owner = neighbour(owned, t.bufferAddr(), t.bufferBytes(), producers, ownedBy);
                    if (owner != TaskId.INVALID) {
                        owned.put(t.bufferAddr(), new long[] {owner, t.bufferBytes()});
                        ownedBy.computeIfAbsent(owner, k -> new HashSet<>()).add(t.bufferAddr());
                        owners[i][a.idx()] = owner;
                        guessedOwners++;
                        guessed.computeIfAbsent(owner, k -> new TreeSet<>()).add(t.bufferAddr());
                        it.remove();
                        found = true;
                    }
                }
            }
            if (guesses && kinds.mode(i) == ScopeMode.MANUAL_HYBRID) {
                guessedOwners += unknown.size();
            }
            for (DepsGraph.ArgInfo a : task.args()) {
                if (a.type() == TensorArgType.OUTPUT) {
                    continue;
                }
                DepsGraph.TensorInfo t = index.tensor(a.tensorId());
                long owner = owners[i][a.idx()];
                TreeMap<Long, DepsGraph.TensorInfo> into = owner == TaskId.INVALID ? externals
                        : produced.computeIfAbsent(owner, k -> new TreeMap<>());
                into.merge(t.bufferAddr(), t, (x, y) -> x.bufferBytes() >= y.bufferBytes() ? x : y);
            }
            bear(births.get(i), owned, ownedBy);
        }
    }

    /** The buffers {@code born} (address, producer, bytes) come into existence, taking their addresses over. */
    private static void bear(List<long[]> born, TreeMap<Long, long[]> owned, Map<Long, Set<Long>> ownedBy) {
        if (born == null) {
            return;
        }
        for (long[] b : born) {
            owned.put(b[0], new long[] {b[1], b[2]});
            ownedBy.computeIfAbsent(b[1], k -> new HashSet<>()).add(b[0]);
        }
    }

    /**
     * A submit given more buffers than it has OUTPUT slots was given one by a wrong guess: its guessed
     * buffers become external again, highest address first, until the rest fit.
     */
    private void dropOverfullGuesses() {
        for (Map.Entry<Long, TreeSet<Long>> g : new TreeMap<>(guessed).entrySet()) {
            long producer = g.getKey();
            Integer at = index.index(producer);
            TreeMap<Long, DepsGraph.TensorInfo> buffers = produced.get(producer);
            if (at == null || buffers == null) {
                continue;
            }
            int slots = DepsIndex.countOutputs(graph.tasks().get(at));
            for (Long addr : g.getValue().descendingSet()) {
                if (buffers.size() <= slots) {
                    break;
                }
                DepsGraph.TensorInfo t = buffers.remove(addr);
                externals.merge(addr, t, (x, y) -> x.bufferBytes() >= y.bufferBytes() ? x : y);
                for (int i = 0; i < owners.length; i++) {
                    for (DepsGraph.ArgInfo a : graph.tasks().get(i).args()) {
                        if (owners[i][a.idx()] == producer && a.type() != TensorArgType.OUTPUT
                                && index.tensor(a.tensorId()).bufferAddr() == addr) {
                            owners[i][a.idx()] = TaskId.INVALID;
                        }
                    }
                }
            }
        }
    }

    /**
     * The producer among {@code producers} whose known buffer ends exactly at {@code addr} or starts
     * exactly at {@code addr + bytes} and that has an OUTPUT slot left for it, or INVALID.
     */
    private long neighbour(TreeMap<Long, long[]> owned, long addr, long bytes, Set<Long> producers,
            Map<Long, Set<Long>> ownedBy) {
        Map.Entry<Long, long[]> below = owned.lowerEntry(addr);
        if (below != null && below.getKey() + below.getValue()[1] == addr && canOwnMore(below.getValue()[0], producers,
                ownedBy)) {
            return below.getValue()[0];
        }
        long[] above = owned.get(addr + bytes);
        if (above != null && canOwnMore(above[0], producers, ownedBy)) {
            return above[0];
        }
        return TaskId.INVALID;
    }

    /** Whether {@code p} is one of the consumer's producers with an output slot not yet matched to a buffer. */
    private boolean canOwnMore(long p, Set<Long> producers, Map<Long, Set<Long>> ownedBy) {
        if (!producers.contains(p)) {
            return false;
        }
        Integer i = index.index(p);
        return i == null || ownedBy.getOrDefault(p, Set.of()).size() < DepsIndex.countOutputs(graph.tasks().get(i));
    }
}
