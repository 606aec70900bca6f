package io.ptosim.traces;

import io.ptosim.kernel.CoreType;
import io.ptosim.kernel.DurationModel;
import io.ptosim.kernel.Kernel;
import io.ptosim.kernel.KernelTable;
import io.ptosim.program.Arg;
import io.ptosim.program.BufferRef;
import io.ptosim.program.DependencyView;
import io.ptosim.program.ExplicitDep;
import io.ptosim.program.ExternalBuffer;
import io.ptosim.program.Op;
import io.ptosim.program.Program;
import io.ptosim.program.ProgramException;
import io.ptosim.program.Tensor;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.DepKind;
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
 * Rebuilds a runnable {@link Program} from a {@code deps.json} recorded by simpler, for a trace-driven
 * run. What the file does not say is inferred, and every inference is listed in the result's notes:
 * <ul>
 *   <li><b>Buffers.</b> A tensor named by a creator edge is an output of that edge's producer from then
 *       on, from that producer's submit (a later producer may take the address over). A consumer's
 *       tensor without one (the runtime drops a creator edge to a producer the consumer already waits
 *       for) belongs to the latest buffer created at its address, or, if none and it sits exactly
 *       against a buffer of one of the consumer's producers, is that producer's (the heap packs a
 *       task's outputs back to back). Any other tensor is an external buffer at the
 *       file's address, as large as the largest {@code buffer_numel} seen there; it is placed anew, in
 *       the file's address order, where the simulated heaps cannot reach (its name keeps the recorded
 *       address).
 *       A producer's outputs take its OUTPUT slots in address order (the heap packs them in slot order);
 *       a slot whose buffer no consumer reads gets a 1 KiB placeholder.</li>
 *   <li><b>alloc_tensors.</b> A creator or explicit edge's producer absent from {@code tasks} is an
 *       alloc_tensors task with the buffers its consumers name.</li>
 *   <li><b>Scopes.</b> A task's ring is its scope depth (ring 3: depth 3 or more); the scopes are the
 *       fewest that give each task its depth and scope kind, ended when a shallower task or a change
 *       of kind needs it, and an AUTO or MANUAL one also after {@code maxScopeTasks} tasks (boundaries
 *       between tasks of one depth are not recorded). Manual scopes are MANUAL_HYBRID when the file
 *       shows boundary edges at manual tasks, which today's manual scope never has.</li>
 *   <li><b>Gaps.</b> A ring-local id that no task and no edge names becomes a one-output
 *       alloc_tensors, so that every later task keeps its recorded id.</li>
 * </ul>
 * Kernel durations come from {@code kernelNanos} (per task, {@code [aic, aiv]} ns, e.g. from swimlane
 * records) or the default; each task carries them as two scalars its kernels read
 * ({@link DurationModel.FromScalar}).
 */
public final class DepsProgramBuilder {
    /** Bytes of an output no consumer reads (its size is not recorded). */
    static final int PLACEHOLDER_FLOATS = 256;
    /**
     * Where the rebuilt program's external buffers start, packed in the file's address order: the
     * recorded addresses could fall inside the simulated heaps, which would make two buffers one.
     */
    static final long EXTERNAL_BASE = 1L << 32;
    private static final long EXTERNAL_ALIGN = 4096;
    /** Tasks after which an inferred scope is split by default: a quarter of the default task window. */
    public static final int DEFAULT_MAX_SCOPE_TASKS = 4096;
    private static final int RINGS = 4;

    /**
     * A rebuilt program.
     *
     * @param program the program (validated)
     * @param notes what was inferred, one line each
     * @param allocs alloc_tensors ops inferred from edges
     * @param gaps alloc_tensors ops standing for ids nothing names
     * @param tracedTasks tasks whose durations came from {@code kernelNanos}
     * @param guessedOwners args whose buffer's producer is uncertain: given by heap adjacency (two
     *     producers' outputs may abut), or a MANUAL_HYBRID task's arg left external for want of a
     *     creator edge (it may be a manual-local output of another task of the scope, which leaves no
     *     edge behind)
     */
    public record Rebuilt(Program program, List<String> notes, int allocs, int gaps,
            int tracedTasks, int guessedOwners) {
    }

    private final DepsGraph graph;
    private final Map<Long, DepsGraph.TensorInfo> tensors = new HashMap<>();
    private final Map<Long, Integer> taskIndex = new HashMap<>();
    /** Task ids of tasks[] in id order (ring, then local), with their index. */
    private final TreeMap<Long, Integer> ringTasks = new TreeMap<>();
    /** Edges by consumer, in file order; producers named by any edge. */
    private final Map<Long, List<DepsGraph.Edge>> edgesInto = new HashMap<>();
    private final Set<Long> preds = new HashSet<>();
    /** Producers with a creator edge into a task of a MANUAL_HYBRID scope. */
    private final Set<Long> createsForHybrid = new HashSet<>();
    /** External buffer index by address, and each producer's output slot by address (after pass 1). */
    private final Map<Long, Integer> externalIndex = new HashMap<>();
    private final Map<Long, Map<Long, Integer>> slots = new HashMap<>();
    /** Per producer task id: its buffers by address, and what a consumer saw of each. */
    private final Map<Long, TreeMap<Long, DepsGraph.TensorInfo>> produced = new HashMap<>();
    /** External buffers by address (the largest tensor seen there). */
    private final TreeMap<Long, DepsGraph.TensorInfo> externals = new TreeMap<>();
    /** Per task index and arg slot: the producer owning the arg's buffer, or INVALID. */
    private final long[][] owners;
    private final List<Op> ops = new ArrayList<>();
    private final Map<Long, Integer> opOfTask = new HashMap<>();
    private final long[] nextLocal = new long[RINGS];
    private final List<ScopeMode> scopes = new ArrayList<>();
    /** Per open scope, the tasks emitted in it so far. */
    private final List<Integer> scopeSizes = new ArrayList<>();
    /** Per open scope, the run of manual tasks it was opened for (-1: none yet, or an AUTO scope). */
    private final List<Integer> scopeRuns = new ArrayList<>();
    /** Per task (tasks[] index), the kind of scope it is submitted in. */
    private final ScopeMode[] modeOf;
    /** Per task, the first task of its run of manual tasks (itself for an AUTO task). */
    private final int[] runStart;
    private int hybridTasks;
    private final int maxScopeTasks;
    private int splits;
    private int guessedOwners;
    /** Per producer, the addresses it was given by a guess. */
    private final Map<Long, TreeSet<Long>> guessed = new HashMap<>();
    private final List<String> notes = new ArrayList<>();
    private int allocs;
    private int gaps;
    private int placeholders;

    private DepsProgramBuilder(DepsGraph graph, int maxScopeTasks) {
        this.graph = graph;
        this.maxScopeTasks = maxScopeTasks;
        for (DepsGraph.TensorInfo t : graph.tensors()) {
            tensors.put(t.tensorId(), t);
        }
        for (int i = 0; i < graph.tasks().size(); i++) {
            taskIndex.put(graph.tasks().get(i).taskId(), i);
            ringTasks.put(graph.tasks().get(i).taskId(), i);
        }
        for (DepsGraph.Edge e : graph.edges()) {
            edgesInto.computeIfAbsent(e.succ(), k -> new ArrayList<>()).add(e);
            preds.add(e.pred());
        }
        owners = new long[graph.tasks().size()][];
        runStart = new int[graph.tasks().size()];
        modeOf = scopeModes();
        for (DepsGraph.Edge e : graph.edges()) {
            if (e.source() == DepsGraph.Source.CREATOR && modeOf[taskIndex.get(e.succ())] == ScopeMode.MANUAL_HYBRID) {
                createsForHybrid.add(e.pred());
            }
        }
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
            if (e.source() != DepsGraph.Source.EXPLICIT && manual(e.succ())) {
                evidence[taskIndex.get(e.succ())] = true;
            }
            if (e.source() == DepsGraph.Source.TENSORMAP && manual(e.pred())) {
                evidence[taskIndex.get(e.pred())] = true;
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
        for (DepsGraph.Edge e : edgesInto.getOrDefault(task.taskId(), List.of())) {
            Integer p = taskIndex.get(e.pred());
            if (e.source() == DepsGraph.Source.CREATOR && p != null && p >= from && p < to) {
                return true;
            }
        }
        return false;
    }

    private boolean manual(long taskId) {
        Integer i = taskIndex.get(taskId);
        return i != null && graph.tasks().get(i).manual();
    }

    /**
     * Rebuilds the program of {@code graph}.
     *
     * @param kernelNanos per task id, its kernel durations {@code [aic, aiv]} in ns (-1: not recorded)
     * @param defaultNanos the duration of a kernel with none recorded
     * @param maxScopeTasks an inferred AUTO or MANUAL scope is closed and reopened after this many tasks
     *     (the file does not record boundaries between tasks of one depth; one endless scope would hold
     *     every task's slot until the end)
     * @throws TraceFormatException if the file's tasks cannot form a program (ids out of order, a manual
     *     task in the root scope, a func id on both core types, a view outside its buffer)
     */
    public static Rebuilt build(DepsGraph graph, Map<Long, long[]> kernelNanos, long defaultNanos,
            int maxScopeTasks) {
        if (maxScopeTasks < 1) {
            throw new IllegalArgumentException("maxScopeTasks " + maxScopeTasks + "; expected >= 1");
        }
        return new DepsProgramBuilder(graph, maxScopeTasks).rebuild(kernelNanos, defaultNanos);
    }

    /**
     * Who created each arg's buffer, per task (tasks[] index) and arg slot, as the rebuild infers it
     * (see the class comment); INVALID for an external buffer or an OUTPUT slot. The hazard checker reads
     * recorded graphs through it, so replay and check agree on what a buffer is.
     *
     * @throws TraceFormatException for a creator edge from a task submitted after its consumer
     */
    public static long[][] argOwners(DepsGraph graph) {
        DepsProgramBuilder b = new DepsProgramBuilder(graph, DEFAULT_MAX_SCOPE_TASKS);
        b.assignOwners(false);
        b.dropOverfullGuesses();
        long[][] copy = new long[b.owners.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = b.owners[i].clone();
        }
        return copy;
    }

    /** As {@link #build(DepsGraph, Map, long, int)} with scopes split after {@value #DEFAULT_MAX_SCOPE_TASKS} tasks. */
    public static Rebuilt build(DepsGraph graph, Map<Long, long[]> kernelNanos, long defaultNanos) {
        return build(graph, kernelNanos, defaultNanos, DEFAULT_MAX_SCOPE_TASKS);
    }

    private Rebuilt rebuild(Map<Long, long[]> kernelNanos, long defaultNanos) {
        assignOwners(true);
        dropOverfullGuesses();
        for (DepsGraph.TensorInfo t : externals.values()) {
            externalIndex.put(t.bufferAddr(), externalIndex.size());
        }
        produced.forEach((producer, buffers) -> {
            Map<Long, Integer> bySlot = new HashMap<>();
            for (Long addr : buffers.keySet()) {
                bySlot.put(addr, bySlot.size());
            }
            slots.put(producer, bySlot);
        });
        int traced = 0;
        emitAllocsDue(0);
        for (int i = 0; i < graph.tasks().size(); i++) {
            DepsGraph.Task task = graph.tasks().get(i);
            String at = "tasks[" + i + "] (" + TaskId.display(task.taskId()) + ")";
            for (DepsGraph.Edge e : edgesInto.getOrDefault(task.taskId(), List.of())) {
                if (!taskIndex.containsKey(e.pred()) && !opOfTask.containsKey(e.pred())) {
                    emitAlloc(e.pred(), at, task);
                }
            }
            for (long owner : owners[i]) {
                if (owner != TaskId.INVALID && !taskIndex.containsKey(owner) && !opOfTask.containsKey(owner)) {
                    emitAlloc(owner, at, task);
                }
            }
            placeTask(task.ring(), TaskId.local(task.taskId()), at, task);
            moveTo(depthOf(task.ring()), modeOf[i], at);
            startRun(runStart[i], modeOf[i]);
            splitIfFull();
            countTask();
            long[] ns = kernelNanos.get(task.taskId());
            traced += ns != null ? 1 : 0;
            opOfTask.put(task.taskId(), ops.size());
            ops.add(submit(i, task, at, ns, defaultNanos));
            nextLocal[task.ring()]++;
            emitAllocsDue(task.ring());
        }
        while (!scopes.isEmpty()) {
            ops.add(new Op.ScopeEnd());
            scopes.remove(scopes.size() - 1);
        }
        if (hybridTasks > 0) {
            notes.add(hybridTasks + " manual task(s) in MANUAL_HYBRID scopes: creator or TensorMap edges at them show"
                    + " boundary args");
        }
        if (splits > 0) {
            notes.add(splits + " inferred scope(s) split after " + maxScopeTasks + " tasks (scope boundaries between"
                    + " tasks of one depth are not recorded)");
        }
        if (allocs > 0) {
            notes.add(allocs + " alloc_tensors task(s) inferred from edges naming producers absent from tasks[]");
        }
        if (gaps > 0) {
            notes.add(gaps + " task id(s) named by nothing kept as one-output alloc_tensors so later ids match");
        }
        if (guessedOwners > 0) {
            notes.add(guessedOwners + " arg(s) with an uncertain producer: given to one whose output their buffer"
                    + " abuts, or, in a MANUAL_HYBRID scope, taken as external (no creator edge names it)");
        }
        if (placeholders > 0) {
            notes.add(placeholders + " output(s) no consumer reads, sized 1 KiB (their size is not recorded)");
        }
        notes.add(externals.size() + " external buffer(s); scopes inferred from rings (boundaries between tasks of"
                + " one depth are not recorded)");
        List<ExternalBuffer> ext = new ArrayList<>();
        long at = EXTERNAL_BASE;
        for (DepsGraph.TensorInfo t : externals.values()) {
            ext.add(new ExternalBuffer(String.format("ext@%x", t.bufferAddr()), at, t.bufferBytes(), t.dtype()));
            at += (t.bufferBytes() + EXTERNAL_ALIGN - 1) / EXTERNAL_ALIGN * EXTERNAL_ALIGN;
        }
        Program program = new Program(name(graph.source()), ext, ops);
        try {
            program.validate();
            DependencyView.submitsOf(program);
        } catch (ProgramException e) {
            throw new TraceFormatException(graph.source() + ": the rebuilt program is invalid: " + e.getMessage(), e);
        }
        return new Rebuilt(program, List.copyOf(notes), allocs, gaps, traced, guessedOwners);
    }

    private static String name(String source) {
        String s = source.replace('\\', '/');
        return "replay of " + s;
    }

    /**
     * Pass 1: which producer owns each arg's buffer, walking submits in order. A creator edge from P
     * naming address A says P created the buffer at A, which exists from P's submit on (an
     * alloc_tensors task's from its place in its ring); an arg at A belongs to the latest buffer created
     * there, so a later producer takes the address over and an arg whose own creator edge the runtime
     * left out (its producer already had an edge into the task) still finds its owner. With
     * {@code guesses}, a buffer still unowned that sits exactly against a buffer of one of the
     * consumer's producers (the heap packs a task's outputs back to back) is taken to be that
     * producer's, repeated until nothing more is found. What is left is external.
     */
    private void assignOwners(boolean guesses) {
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
            if (e.source() == DepsGraph.Source.CREATOR && position(e.pred()) >= position(e.succ())) {
                throw new TraceFormatException(graph.source() + ": edges[" + k + "]: creator " + TaskId.display(e.pred())
                        + " is submitted after its consumer " + TaskId.display(e.succ()));
            }
        }
        TreeMap<Integer, List<long[]>> births = new TreeMap<>();
        for (DepsGraph.Edge e : graph.edges()) {
            if (e.source() == DepsGraph.Source.CREATOR) {
                DepsGraph.TensorInfo t = tensors.get(e.tensorId());
                births.computeIfAbsent(position(e.pred()), k -> new ArrayList<>())
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
                DepsGraph.TensorInfo t = tensors.get(a.tensorId());
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
            for (DepsGraph.Edge e : edgesInto.getOrDefault(task.taskId(), List.of())) {
                producers.add(e.pred());
            }
            for (boolean found = guesses; found && !unknown.isEmpty(); ) {
                found = false;
                for (Iterator<DepsGraph.ArgInfo> it = unknown.iterator(); it.hasNext(); ) {
                    DepsGraph.ArgInfo a = it.next();
                    DepsGraph.TensorInfo t = tensors.get(a.tensorId());
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
            if (guesses && modeOf[i] == ScopeMode.MANUAL_HYBRID) {
                guessedOwners += unknown.size();
            }
            for (DepsGraph.ArgInfo a : task.args()) {
                if (a.type() == TensorArgType.OUTPUT) {
                    continue;
                }
                DepsGraph.TensorInfo t = tensors.get(a.tensorId());
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
            Integer index = taskIndex.get(producer);
            TreeMap<Long, DepsGraph.TensorInfo> buffers = produced.get(producer);
            if (index == null || buffers == null) {
                continue;
            }
            int slots = countOutputs(graph.tasks().get(index));
            for (Long addr : g.getValue().descendingSet()) {
                if (buffers.size() <= slots) {
                    break;
                }
                DepsGraph.TensorInfo t = buffers.remove(addr);
                externals.merge(addr, t, (x, y) -> x.bufferBytes() >= y.bufferBytes() ? x : y);
                for (int i = 0; i < owners.length; i++) {
                    for (DepsGraph.ArgInfo a : graph.tasks().get(i).args()) {
                        if (owners[i][a.idx()] == producer && a.type() != TensorArgType.OUTPUT
                                && tensors.get(a.tensorId()).bufferAddr() == addr) {
                            owners[i][a.idx()] = TaskId.INVALID;
                        }
                    }
                }
            }
        }
    }

    /**
     * Whether the next submit of {@code id}'s ring is a manual-scope one: then an alloc before it waits
     * to be placed in that task's scope, where a manual scope's code would allocate; unless that scope is
     * MANUAL_HYBRID and the alloc has a creator edge into a hybrid task, which shows it outside.
     */
    private boolean nextInRingIsManual(long id) {
        Map.Entry<Long, Integer> next = ringTasks.higherEntry(id);
        if (next == null || TaskId.ring(next.getKey()) != TaskId.ring(id) || modeOf[next.getValue()] == ScopeMode.AUTO) {
            return false;
        }
        return modeOf[next.getValue()] != ScopeMode.MANUAL_HYBRID || !createsForHybrid.contains(id);
    }

    /**
     * A task's place in submit order. An alloc_tensors task, absent from tasks[], takes the place of the
     * last listed task of its ring with a smaller local id (a ring issues ids in submit order), or -1.
     */
    private int position(long taskId) {
        Integer i = taskIndex.get(taskId);
        if (i != null) {
            return i;
        }
        Map.Entry<Long, Integer> before = ringTasks.lowerEntry(taskId);
        return before != null && TaskId.ring(before.getKey()) == TaskId.ring(taskId) ? before.getValue() : -1;
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
        Integer i = taskIndex.get(p);
        return i == null || ownedBy.getOrDefault(p, Set.of()).size() < countOutputs(graph.tasks().get(i));
    }

    private Op submit(int index, DepsGraph.Task task, String at, long[] ns, long defaultNanos) {
        List<Arg> args = new ArrayList<>();
        List<DepsGraph.TensorInfo> outs = outputsOf(task.taskId(), countOutputs(task), at);
        int out = 0;
        for (DepsGraph.ArgInfo a : task.args()) {
            if (a.type() == TensorArgType.OUTPUT) {
                args.add(outputArg(outs.get(out++)));
                continue;
            }
            DepsGraph.TensorInfo t = tensors.get(a.tensorId());
            long owner = owners[index][a.idx()];
            BufferRef buffer;
            if (owner == TaskId.INVALID) {
                buffer = new BufferRef.External(externalIndex.get(t.bufferAddr()));
            } else {
                Integer op = opOfTask.get(owner);
                if (op == null) {
                    throw new TraceFormatException(graph.source() + ": " + at + ".args[" + a.idx() + "]: its buffer's"
                            + " producer " + TaskId.display(owner) + " is submitted later");
                }
                buffer = new BufferRef.Output(op, slotOf(owner, t.bufferAddr()));
            }
            args.add(new Arg.TensorArg(a.type(), new Tensor(buffer, a.dtype(), a.shape(), a.strides(), a.startOffset(),
                    t.version(), false)));
        }
        long aic = ns != null && ns[0] >= 0 ? ns[0] : defaultNanos;
        long aiv = ns != null && ns[1] >= 0 ? ns[1] : defaultNanos;
        args.add(new Arg.ScalarArg(aic));
        args.add(new Arg.ScalarArg(aiv));
        List<ExplicitDep> deps = new ArrayList<>();
        for (DepsGraph.Edge e : edgesInto.getOrDefault(task.taskId(), List.of())) {
            if (e.source() == DepsGraph.Source.EXPLICIT) {
                Integer op = opOfTask.get(e.pred());
                if (op == null) {
                    throw new TraceFormatException(graph.source() + ": an explicit edge names " + TaskId.display(e.pred())
                            + ", which is submitted after its consumer " + TaskId.display(task.taskId()));
                }
                deps.add(new ExplicitDep(op, DepKind.WAIT_RETAIN));
            }
        }
        return new Op.Submit(task.kernelIds(), args, deps, task.blockNum(), false, task.earlyDispatch());
    }

    private static int countOutputs(DepsGraph.Task task) {
        int n = 0;
        for (DepsGraph.ArgInfo a : task.args()) {
            n += a.type() == TensorArgType.OUTPUT ? 1 : 0;
        }
        return n;
    }

    /** The buffers of a producer's {@code slots} outputs, in slot (= address) order, placeholders last. */
    private List<DepsGraph.TensorInfo> outputsOf(long producer, int slots, String at) {
        List<DepsGraph.TensorInfo> outs = new ArrayList<>(produced.getOrDefault(producer, new TreeMap<>()).values());
        if (outs.size() > slots) {
            throw new TraceFormatException(graph.source() + ": " + at + ": consumers read " + outs.size()
                    + " distinct buffers of " + TaskId.display(producer) + ", which has " + slots + " OUTPUT slot(s)");
        }
        while (outs.size() < slots) {
            outs.add(null);
            placeholders++;
        }
        return outs;
    }

    private int slotOf(long producer, long addr) {
        return slots.get(producer).get(addr);
    }

    private static Arg.OutputArg outputArg(DepsGraph.TensorInfo t) {
        if (t == null) {
            return new Arg.OutputArg(DataType.FLOAT32, new int[] {PLACEHOLDER_FLOATS}, false);
        }
        return new Arg.OutputArg(t.dtype(), new int[] {Math.toIntExact(t.bufferNumel())}, false);
    }

    /** Emits alloc_tensors for {@code id} (and any gap before it in its ring), at its depth. */
    private void emitAlloc(long id, String at, DepsGraph.Task consumer) {
        int ring = TaskId.ring(id);
        placeTask(ring, TaskId.local(id), at, consumer);
        if (!opOfTask.containsKey(id)) {
            allocs++;
            moveForAlloc(ring, consumer, at);
            addAlloc(id);
        }
    }

    /**
     * Adds alloc_tensors for {@code id} in the current scope: the buffers its consumers name, in address
     * order, or one placeholder output when they name none.
     */
    private void addAlloc(long id) {
        List<DepsGraph.TensorInfo> outs = new ArrayList<>(produced.getOrDefault(id, new TreeMap<>()).values());
        if (outs.isEmpty()) {
            outs.add(null);
            placeholders++;
        }
        opOfTask.put(id, ops.size());
        ops.add(new Op.AllocTensors(outs.stream().map(DepsProgramBuilder::outputArg).toList()));
        countTask();
        nextLocal[TaskId.ring(id)]++;
    }

    /** Fills ring {@code ring}'s ids below {@code local}: allocs the file names later, or gaps. */
    private void placeTask(int ring, long local, String at, DepsGraph.Task consumer) {
        if (nextLocal[ring] > local) {
            throw new TraceFormatException(graph.source() + ": " + at + ": ring " + ring + " local id " + local
                    + " comes after local id " + (nextLocal[ring] - 1) + " in submit order; ring-local ids must increase");
        }
        while (nextLocal[ring] < local) {
            long id = TaskId.of(ring, nextLocal[ring]);
            if (produced.containsKey(id) || preds.contains(id)) {
                allocs++;
            } else {
                gaps++;
            }
            moveForAlloc(ring, consumer, at);
            addAlloc(id);
        }
    }

    /** A manual task of another run than its open scope's gets a scope of its own. */
    private void startRun(int run, ScopeMode mode) {
        if (mode == ScopeMode.AUTO) {
            return;
        }
        int top = scopes.size() - 1;
        if (scopeRuns.get(top) != -1 && scopeRuns.get(top) != run) {
            ops.add(new Op.ScopeEnd());
            ops.add(new Op.ScopeBegin(mode));
            scopeSizes.set(top, 0);
        }
        scopeRuns.set(top, run);
    }

    private void countTask() {
        if (!scopeSizes.isEmpty()) {
            scopeSizes.set(scopeSizes.size() - 1, scopeSizes.get(scopeSizes.size() - 1) + 1);
        }
    }

    /** Closes and reopens the innermost scope (not a MANUAL_HYBRID one) once it holds the most tasks allowed. */
    private void splitIfFull() {
        int top = scopes.size() - 1;
        if (top >= 0 && scopes.get(top) != ScopeMode.MANUAL_HYBRID && scopeSizes.get(top) >= maxScopeTasks) {
            ScopeMode mode = scopes.get(top);
            ops.add(new Op.ScopeEnd());
            ops.add(new Op.ScopeBegin(mode));
            scopeSizes.set(top, 0);
            splits++;
        }
    }

    /** An alloc stays in the open scope of its depth; otherwise the scopes move to its depth (AUTO). */
    private void moveForAlloc(int ring, DepsGraph.Task consumer, String at) {
        if (depth() != depthOf(ring)) {
            ScopeMode mode = consumer != null && consumer.ring() == ring
                    ? modeOf[taskIndex.get(consumer.taskId())] : ScopeMode.AUTO;
            moveTo(depthOf(ring), mode, at);
        }
    }

    private static int depthOf(int ring) {
        return ring;
    }

    private int depth() {
        return scopes.size();
    }

    /**
     * Closes and opens scopes until the innermost is at {@code depth} and of kind {@code want}, with only
     * what may enclose it outside: AUTO scopes (and MANUAL ones around a MANUAL scope); new outer
     * levels are AUTO (MANUAL inside a MANUAL scope).
     */
    private void moveTo(int depth, ScopeMode want, String at) {
        if (want != ScopeMode.AUTO && depth == 0) {
            throw new TraceFormatException(graph.source() + ": " + at + ": a manual-scope task in ring 0 (the root"
                    + " scope is never manual)");
        }
        while (depth() > depth || depth() == depth && depth > 0 && scopes.get(depth - 1) != want
                || !outerAllows(Math.min(depth(), depth - 1), want)) {
            ops.add(new Op.ScopeEnd());
            scopes.remove(scopes.size() - 1);
            scopeSizes.remove(scopeSizes.size() - 1);
            scopeRuns.remove(scopeRuns.size() - 1);
        }
        while (depth() < depth) {
            ScopeMode mode = depth() == depth - 1 ? want
                    : want == ScopeMode.MANUAL && scopes.contains(ScopeMode.MANUAL) ? ScopeMode.MANUAL : ScopeMode.AUTO;
            ops.add(new Op.ScopeBegin(mode));
            scopes.add(mode);
            scopeSizes.add(0);
            scopeRuns.add(-1);
            if (depth() < depth) {
                emitAllocsDue(depth());
            }
        }
    }

    /**
     * Emits, in the current scope, the alloc_tensors tasks that come next in ring {@code ring}: an
     * alloc is placed as early as its ring's order and the open scopes allow, as orchestration code
     * allocates before it submits.
     */
    private void emitAllocsDue(int ring) {
        if (ring >= RINGS || depthOf(ring) != depth()) {
            return;
        }
        for (long id = TaskId.of(ring, nextLocal[ring]); !taskIndex.containsKey(id) && !opOfTask.containsKey(id)
                && (produced.containsKey(id) || preds.contains(id)) && !nextInRingIsManual(id);
                id = TaskId.of(ring, nextLocal[ring])) {
            allocs++;
            addAlloc(id);
        }
    }

    /** Whether the {@code outer} outermost open scopes may enclose a scope of kind {@code want}. */
    private boolean outerAllows(int outer, ScopeMode want) {
        for (int i = 0; i < outer; i++) {
            ScopeMode m = scopes.get(i);
            if (m == ScopeMode.MANUAL_HYBRID || m == ScopeMode.MANUAL && want != ScopeMode.MANUAL) {
                return false;
            }
        }
        return true;
    }

    /**
     * A kernel per func id the file names, on the core type of the slot it is named in, taking its
     * duration from the scalars the rebuilt program gives each task.
     *
     * @throws TraceFormatException if a func id is named in an AIC slot and in an AIV slot
     */
    public static KernelTable kernels(DepsGraph graph) {
        Map<Integer, CoreType> cores = new TreeMap<>();
        for (DepsGraph.Task task : graph.tasks()) {
            int[] k = task.kernelIds();
            for (int slot = 0; slot < 3; slot++) {
                if (k[slot] < 0) {
                    continue;
                }
                CoreType type = slot == 0 ? CoreType.AIC : CoreType.AIV;
                CoreType seen = cores.putIfAbsent(k[slot], type);
                if (seen != null && seen != type) {
                    throw new TraceFormatException(graph.source() + ": func id " + k[slot] + " runs on both AIC and AIV"
                            + " (" + TaskId.display(task.taskId()) + "); a kernel has one core type");
                }
            }
        }
        List<Kernel> kernels = new ArrayList<>();
        cores.forEach((id, type) -> kernels.add(new Kernel(id, "func_" + id, type,
                new DurationModel.FromScalar(type == CoreType.AIC ? 0 : 1))));
        return KernelTable.of(kernels);
    }
}
