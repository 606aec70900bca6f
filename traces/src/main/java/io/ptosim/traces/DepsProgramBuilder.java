package io.ptosim.traces;

import io.ptosim.kernel.CoreType;
import io.ptosim.kernel.DurationModel;
import io.ptosim.kernel.Kernel;
import io.ptosim.kernel.KernelTable;
import io.ptosim.program.Arg;
import io.ptosim.program.BufferRef;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Rebuilds a runnable {@link Program} from a {@code deps.json} recorded by simpler, for a trace-driven
 * run. What the file does not say is inferred, and every inference is listed in the result's notes:
 * <ul>
 *   <li><b>Buffers.</b> A tensor named by a creator edge is an output of that edge's producer from then
 *       on (a later producer may take the address over); a tensor no creator edge ever names is an
 *       external buffer at the file's address, as large as the largest {@code buffer_numel} seen there.
 *       A producer's outputs take its OUTPUT slots in address order (the heap packs them in slot order);
 *       a slot whose buffer no consumer reads gets a 1 KiB placeholder.</li>
 *   <li><b>alloc_tensors.</b> A creator or explicit edge's producer absent from {@code tasks} is an
 *       alloc_tensors task with the buffers its consumers name.</li>
 *   <li><b>Scopes.</b> A task's ring is its scope depth (ring 3: depth 3 or more); the scopes are the
 *       fewest that give each task its depth and scope kind, ended only when a shallower task or a
 *       change of kind needs it. Scope boundaries between tasks of one depth are not recorded.</li>
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
    private static final int RINGS = 4;

    /**
     * A rebuilt program.
     *
     * @param program the program (validated)
     * @param kernels a kernel per func id the file names
     * @param notes what was inferred, one line each
     * @param allocs alloc_tensors ops inferred from edges
     * @param gaps alloc_tensors ops standing for ids nothing names
     * @param tracedTasks tasks whose durations came from {@code kernelNanos}
     */
    public record Rebuilt(Program program, KernelTable kernels, List<String> notes, int allocs, int gaps,
            int tracedTasks) {
    }

    private final DepsGraph graph;
    private final Map<Long, DepsGraph.TensorInfo> tensors = new HashMap<>();
    private final Map<Long, Integer> taskIndex = new HashMap<>();
    /** Edges by consumer, in file order; producers named by any edge. */
    private final Map<Long, List<DepsGraph.Edge>> edgesInto = new HashMap<>();
    private final Set<Long> preds = new HashSet<>();
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
    private final List<String> notes = new ArrayList<>();
    private int allocs;
    private int gaps;
    private int placeholders;

    private DepsProgramBuilder(DepsGraph graph) {
        this.graph = graph;
        for (DepsGraph.TensorInfo t : graph.tensors()) {
            tensors.put(t.tensorId(), t);
        }
        for (int i = 0; i < graph.tasks().size(); i++) {
            taskIndex.put(graph.tasks().get(i).taskId(), i);
        }
        for (DepsGraph.Edge e : graph.edges()) {
            edgesInto.computeIfAbsent(e.succ(), k -> new ArrayList<>()).add(e);
            preds.add(e.pred());
        }
        owners = graph.argOwners();
    }

    /**
     * Rebuilds the program of {@code graph}.
     *
     * @param kernelNanos per task id, its kernel durations {@code [aic, aiv]} in ns (-1: not recorded)
     * @param defaultNanos the duration of a kernel with none recorded
     * @throws TraceFormatException if the file's tasks cannot form a program (ids out of order, a manual
     *     task in the root scope, a func id on both core types, a view outside its buffer)
     */
    public static Rebuilt build(DepsGraph graph, Map<Long, long[]> kernelNanos, long defaultNanos) {
        return new DepsProgramBuilder(graph).rebuild(kernelNanos, defaultNanos);
    }

    private Rebuilt rebuild(Map<Long, long[]> kernelNanos, long defaultNanos) {
        assignOwners();
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
            placeTask(task.ring(), TaskId.local(task.taskId()), at);
            moveTo(depthOf(task.ring()), task.manual(), at);
            long[] ns = kernelNanos.get(task.taskId());
            traced += ns != null ? 1 : 0;
            opOfTask.put(task.taskId(), ops.size());
            ops.add(submit(i, task, at, ns, defaultNanos));
            nextLocal[task.ring()]++;
        }
        while (!scopes.isEmpty()) {
            ops.add(new Op.ScopeEnd());
            scopes.remove(scopes.size() - 1);
        }
        if (allocs > 0) {
            notes.add(allocs + " alloc_tensors task(s) inferred from edges naming producers absent from tasks[]");
        }
        if (gaps > 0) {
            notes.add(gaps + " task id(s) named by nothing kept as one-output alloc_tensors so later ids match");
        }
        if (placeholders > 0) {
            notes.add(placeholders + " output(s) no consumer reads, sized 1 KiB (their size is not recorded)");
        }
        notes.add(externals.size() + " external buffer(s); scopes inferred from rings (boundaries between tasks of"
                + " one depth are not recorded)");
        List<ExternalBuffer> ext = new ArrayList<>();
        for (DepsGraph.TensorInfo t : externals.values()) {
            ext.add(new ExternalBuffer(String.format("ext@%x", t.bufferAddr()), t.bufferAddr(), t.bufferBytes(),
                    t.dtype()));
        }
        Program program = new Program(name(graph.source()), ext, ops);
        try {
            program.validate();
        } catch (ProgramException e) {
            throw new TraceFormatException(graph.source() + ": the rebuilt program is invalid: " + e.getMessage(), e);
        }
        return new Rebuilt(program, kernels(), List.copyOf(notes), allocs, gaps, traced);
    }

    private static String name(String source) {
        String s = source.replace('\\', '/');
        return "replay of " + s;
    }

    /** Pass 1: which producer owns each arg's buffer ({@link DepsGraph#argOwners}), and what each produced. */
    private void assignOwners() {
        for (int i = 0; i < graph.tasks().size(); i++) {
            for (DepsGraph.ArgInfo a : graph.tasks().get(i).args()) {
                if (a.type() == TensorArgType.OUTPUT) {
                    continue;
                }
                DepsGraph.TensorInfo t = tensors.get(a.tensorId());
                long owner = owners[i][a.idx()];
                TreeMap<Long, DepsGraph.TensorInfo> into = owner == TaskId.INVALID ? externals
                        : produced.computeIfAbsent(owner, k -> new TreeMap<>());
                into.merge(t.bufferAddr(), t, (x, y) -> x.bufferNumel() * x.dtype().bytes()
                        >= y.bufferNumel() * y.dtype().bytes() ? x : y);
            }
        }
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
        placeTask(ring, TaskId.local(id), at);
        if (!opOfTask.containsKey(id)) {
            allocs++;
            moveForAlloc(ring, consumer, at);
            List<DepsGraph.TensorInfo> outs = new ArrayList<>(produced.getOrDefault(id, new TreeMap<>()).values());
            if (outs.isEmpty()) {
                outs.add(null);
                placeholders++;
            }
            opOfTask.put(id, ops.size());
            ops.add(new Op.AllocTensors(outs.stream().map(DepsProgramBuilder::outputArg).toList()));
            nextLocal[ring]++;
        }
    }

    /** Fills ring {@code ring}'s ids below {@code local}: allocs the file names later, or gaps. */
    private void placeTask(int ring, long local, String at) {
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
            moveForAlloc(ring, null, at);
            List<DepsGraph.TensorInfo> outs = new ArrayList<>(produced.getOrDefault(id, new TreeMap<>()).values());
            if (outs.isEmpty()) {
                outs.add(null);
            }
            opOfTask.put(id, ops.size());
            ops.add(new Op.AllocTensors(outs.stream().map(DepsProgramBuilder::outputArg).toList()));
            nextLocal[ring]++;
        }
    }

    /** An alloc stays in the open scope of its depth; otherwise the scopes move to its depth (AUTO). */
    private void moveForAlloc(int ring, DepsGraph.Task consumer, String at) {
        if (depth() != depthOf(ring)) {
            boolean manual = consumer != null && consumer.ring() == ring && consumer.manual();
            moveTo(depthOf(ring), manual, at);
        }
    }

    private static int depthOf(int ring) {
        return ring;
    }

    private int depth() {
        return scopes.size();
    }

    /** Closes and opens scopes until the innermost is at {@code depth} and of the kind the task needs. */
    private void moveTo(int depth, boolean manual, String at) {
        if (manual && depth == 0) {
            throw new TraceFormatException(graph.source() + ": " + at + ": a manual-scope task in ring 0 (the root"
                    + " scope is never manual)");
        }
        while (depth() > depth || depth() == depth && depth > 0 && (scopes.get(depth - 1) == ScopeMode.MANUAL) != manual
                || !manual && scopes.contains(ScopeMode.MANUAL)) {
            ops.add(new Op.ScopeEnd());
            scopes.remove(scopes.size() - 1);
        }
        while (depth() < depth) {
            ScopeMode mode = manual && (depth() == depth - 1 || scopes.contains(ScopeMode.MANUAL)) ? ScopeMode.MANUAL
                    : ScopeMode.AUTO;
            ops.add(new Op.ScopeBegin(mode));
            scopes.add(mode);
        }
    }

    private KernelTable kernels() {
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
