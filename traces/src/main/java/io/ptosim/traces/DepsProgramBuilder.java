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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
    private final DepsIndex index;
    private final ScopeKinds kinds;
    private final BufferOwners owners;
    /** External buffer index by address, and each producer's output slot by address. */
    private final Map<Long, Integer> externalIndex = new HashMap<>();
    private final Map<Long, Map<Long, Integer>> slots = new HashMap<>();
    private final List<Op> ops = new ArrayList<>();
    private final Map<Long, Integer> opOfTask = new HashMap<>();
    private final long[] nextLocal = new long[RINGS];
    private final List<ScopeMode> scopes = new ArrayList<>();
    /** Per open scope, the tasks emitted in it so far. */
    private final List<Integer> scopeSizes = new ArrayList<>();
    /** Per open scope, the run of manual tasks it was opened for (-1: none yet, or an AUTO scope). */
    private final List<Integer> scopeRuns = new ArrayList<>();
    private final int maxScopeTasks;
    private int splits;
    private final List<String> notes = new ArrayList<>();
    private int allocs;
    private int gaps;
    private int placeholders;

    private DepsProgramBuilder(DepsGraph graph, int maxScopeTasks) {
        this.graph = graph;
        this.maxScopeTasks = maxScopeTasks;
        this.index = new DepsIndex(graph);
        this.kinds = new ScopeKinds(index);
        this.owners = new BufferOwners(index, kinds, true);
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

    /** As {@link #build(DepsGraph, Map, long, int)} with scopes split after {@value #DEFAULT_MAX_SCOPE_TASKS} tasks. */
    public static Rebuilt build(DepsGraph graph, Map<Long, long[]> kernelNanos, long defaultNanos) {
        return build(graph, kernelNanos, defaultNanos, DEFAULT_MAX_SCOPE_TASKS);
    }

    private Rebuilt rebuild(Map<Long, long[]> kernelNanos, long defaultNanos) {
        for (DepsGraph.TensorInfo t : owners.externals().values()) {
            externalIndex.put(t.bufferAddr(), externalIndex.size());
        }
        owners.produced().forEach((producer, buffers) -> {
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
            for (DepsGraph.Edge e : index.edgesInto(task.taskId())) {
                if (index.index(e.pred()) == null && !opOfTask.containsKey(e.pred())) {
                    emitAlloc(e.pred(), at, task);
                }
            }
            for (DepsGraph.ArgInfo a : task.args()) {
                long owner = owners.owner(i, a.idx());
                if (owner != TaskId.INVALID && index.index(owner) == null && !opOfTask.containsKey(owner)) {
                    emitAlloc(owner, at, task);
                }
            }
            placeTask(task.ring(), TaskId.local(task.taskId()), at, task);
            moveTo(depthOf(task.ring()), kinds.mode(i), at);
            startRun(kinds.runStart(i), kinds.mode(i));
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
        if (kinds.hybridTasks() > 0) {
            notes.add(kinds.hybridTasks() + " manual task(s) in MANUAL_HYBRID scopes: creator or TensorMap edges at them show"
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
        if (owners.guessedOwners() > 0) {
            notes.add(owners.guessedOwners() + " arg(s) with an uncertain producer: given to one whose output their buffer"
                    + " abuts, or, in a MANUAL_HYBRID scope, taken as external (no creator edge names it)");
        }
        if (placeholders > 0) {
            notes.add(placeholders + " output(s) no consumer reads, sized 1 KiB (their size is not recorded)");
        }
        notes.add(owners.externals().size() + " external buffer(s); scopes inferred from rings (boundaries between tasks of"
                + " one depth are not recorded)");
        List<ExternalBuffer> ext = new ArrayList<>();
        long at = EXTERNAL_BASE;
        for (DepsGraph.TensorInfo t : owners.externals().values()) {
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
        return new Rebuilt(program, List.copyOf(notes), allocs, gaps, traced, owners.guessedOwners());
    }

    private static String name(String source) {
        String s = source.replace('\\', '/');
        return "replay of " + s;
    }

    private Op submit(int i, DepsGraph.Task task, String at, long[] ns, long defaultNanos) {
        List<Arg> args = new ArrayList<>();
        List<DepsGraph.TensorInfo> outs = outputsOf(task.taskId(), DepsIndex.countOutputs(task), at);
        int out = 0;
        for (DepsGraph.ArgInfo a : task.args()) {
            if (a.type() == TensorArgType.OUTPUT) {
                args.add(outputArg(outs.get(out++)));
                continue;
            }
            DepsGraph.TensorInfo t = index.tensor(a.tensorId());
            long owner = owners.owner(i, a.idx());
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
        for (DepsGraph.Edge e : index.edgesInto(task.taskId())) {
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
        List<DepsGraph.TensorInfo> outs = new ArrayList<>(owners.producedBy(producer).values());
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
            moveForAlloc(ring, id, consumer, at);
            addAlloc(id);
        }
    }

    /**
     * Adds alloc_tensors for {@code id} in the current scope: the buffers its consumers name, in address
     * order, or one placeholder output when they name none.
     */
    private void addAlloc(long id) {
        List<DepsGraph.TensorInfo> outs = new ArrayList<>(owners.producedBy(id).values());
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
            if (owners.produces(id) || index.named(id)) {
                allocs++;
            } else {
                gaps++;
            }
            moveForAlloc(ring, id, consumer, at);
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

    /**
     * Opens the scope alloc {@code id} was made in. Before a manual consumer of its ring (the ring's next
     * submit) it is that consumer's scope, where a manual scope's code allocates; unless the consumer's
     * scope is MANUAL_HYBRID and the alloc has a creator edge into a hybrid task, which shows it outside
     * (an owner in the consumer's own hybrid scope gives no creator edge). Otherwise an alloc stays in the
     * open scope of its depth, or the scopes move to its depth (AUTO).
     */
    private void moveForAlloc(int ring, long id, DepsGraph.Task consumer, String at) {
        ScopeMode mode = consumer != null && consumer.ring() == ring
                ? kinds.mode(index.index(consumer.taskId())) : ScopeMode.AUTO;
        if (mode == ScopeMode.MANUAL_HYBRID && kinds.createsForHybrid(id)) {
            mode = ScopeMode.AUTO;
        }
        if (mode != ScopeMode.AUTO) {
            moveTo(depthOf(ring), mode, at);
            startRun(kinds.runStart(index.index(consumer.taskId())), mode);
        } else if (depth() != depthOf(ring)) {
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
        for (long id = TaskId.of(ring, nextLocal[ring]); index.index(id) == null && !opOfTask.containsKey(id)
                && (owners.produces(id) || index.named(id)) && !kinds.nextInRingIsManual(id);
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
