package io.ptosim.program;

import io.ptosim.runtime.DepKind;
import io.ptosim.runtime.ScopeMode;
import io.ptosim.runtime.Strides;
import io.ptosim.runtime.SubmitRecord;
import io.ptosim.runtime.TaskArg;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.runtime.TensorDataRecord;
import io.ptosim.runtime.TensorView;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a program into the submits the dependency rules see, without running it: task ids by ring
 * ({@code ring = min(scope depth, 3)}, the root scope being depth 0), manual flags by scope, and the
 * outputs placed on a never-reclaimed heap per ring (base {@code 2^40 * (ring + 1)}, each output
 * {@code ALIGN_UP(bytes, 1024)}), so every runtime-created buffer gets a distinct address. Real runs
 * place outputs by timing; the dependencies do not depend on where.
 *
 * <p>alloc_tensors tasks take an id but, as on hardware, are not submits. In a MANUAL_HYBRID scope an
 * arg whose owner is a task of that scope is manual-local (the rules skip it); the others are boundary
 * args under the AUTO rules. {@code add_dependency(p, c)} becomes one more explicit dep of {@code c},
 * after those it was submitted with: the runtime links it with the submit-time ones at scope end. The
 * runtime's MANUAL_HYBRID guards (nested scopes, add_dependency outside the scope or across it,
 * self-dependency) are reported as errors naming the op.
 */
public final class DependencyView {
    private static final long HEAP_BASE = 1L << 40;
    private static final int RINGS = 4;

    private DependencyView() {
    }

    /**
     * What a program's orchestrator issues, resolved: its submits, and its get/set_tensor_data calls with
     * where each falls among them.
     *
     * @param submits the submits, in order
     * @param tensorData the get/set_tensor_data calls, in order
     */
    public record Issued(List<SubmitRecord> submits, List<TensorDataRecord> tensorData) {
        /** Copies the lists. */
        public Issued {
            submits = List.copyOf(submits);
            tensorData = List.copyOf(tensorData);
        }
    }

    /**
     * The submits of a valid program.
     *
     * @throws ProgramException for an AUTO scope inside a MANUAL one, or a MANUAL_HYBRID guard error
     */
    public static List<SubmitRecord> submitsOf(Program program) {
        return issuedBy(program).submits();
    }

    /**
     * The submits and get/set_tensor_data calls of a valid program.
     *
     * @throws ProgramException for an AUTO scope inside a MANUAL one, or a MANUAL_HYBRID guard error
     */
    public static Issued issuedBy(Program program) {
        program.validate();
        List<Op> ops = program.ops();
        long[] taskIds = new long[ops.size()];
        List<List<TensorView>> outputsByOp = new ArrayList<>();
        long[] nextLocal = new long[RINGS];
        long[] heapTop = new long[RINGS];
        List<ScopeMode> scopes = new ArrayList<>();
        int manualDepth = Integer.MAX_VALUE;
        List<Long> hybridMembers = null;
        List<SubmitRecord> submits = new ArrayList<>();
        List<TensorDataRecord> tensorData = new ArrayList<>();
        int[] submitOfOp = new int[ops.size()];
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            String at = "op " + i + " (" + op.kind() + ")";
            List<TensorView> outputs = List.of();
            switch (op) {
                case Op.ScopeBegin b -> {
                    if (hybridMembers != null || (b.mode() == ScopeMode.MANUAL_HYBRID && manualDepth <= scopes.size())) {
                        throw new ProgramException(at + ": nested scope inside PTO2_SCOPE(PTO2ScopeMode::MANUAL) is not"
                                + " supported in v1 (INVALID_ARGS, code 5)");
                    }
                    if (b.mode() == ScopeMode.AUTO && manualDepth <= scopes.size()) {
                        throw new ProgramException(at + ": auto scope nested inside manual scope is not supported"
                                + " (INVALID_ARGS, code 5)");
                    }
                    scopes.add(b.mode());
                    if (b.mode() == ScopeMode.MANUAL && manualDepth == Integer.MAX_VALUE) {
                        manualDepth = scopes.size();
                    }
                    if (b.mode() == ScopeMode.MANUAL_HYBRID) {
                        hybridMembers = new ArrayList<>();
                    }
                }
                case Op.ScopeEnd e -> {
                    if (scopes.size() == manualDepth) {
                        manualDepth = Integer.MAX_VALUE;
                    }
                    if (scopes.remove(scopes.size() - 1) == ScopeMode.MANUAL_HYBRID) {
                        hybridMembers = null;
                    }
                }
                case Op.AddDependency d -> {
                    long producer = taskIds[d.producerOp()];
                    long consumer = taskIds[d.consumerOp()];
                    if (producer == consumer) {
                        throw new ProgramException(at + ": add_dependency does not allow self-dependency (INVALID_ARGS,"
                                + " code 5)");
                    }
                    if (hybridMembers == null) {
                        throw new ProgramException(at + ": add_dependency requires PTO2_SCOPE(PTO2ScopeMode::MANUAL)"
                                + " (INVALID_ARGS, code 5)");
                    }
                    if (!hybridMembers.contains(producer) || !hybridMembers.contains(consumer)
                            || !(ops.get(d.consumerOp()) instanceof Op.Submit)) {
                        throw new ProgramException(at + ": producer op " + d.producerOp() + " and consumer op "
                                + d.consumerOp() + " must both be tasks of the current manual scope (INVALID_ARGS,"
                                + " code 5)");
                    }
                    SubmitRecord c = submits.get(submitOfOp[d.consumerOp()]);
                    List<Long> deps = new ArrayList<>(c.explicitDeps());
                    deps.add(producer);
                    List<DepKind> kinds = new ArrayList<>(c.explicitKinds());
                    kinds.add(DepKind.WAIT_RETAIN);
                    submits.set(submitOfOp[d.consumerOp()], new SubmitRecord(c.taskId(), c.scope(), c.manualLocalArgs(),
                            deps, kinds, c.args(), c.kernelIds(), c.blockNum(), c.earlyDispatch()));
                }
                case Op.TensorData d -> {
                    if (hybridMembers != null) {
                        throw new ProgramException(at + ": blocking tensor data access is not supported inside"
                                + " PTO2_SCOPE(PTO2ScopeMode::MANUAL); exit the manual scope first (INVALID_ARGS, code 5)");
                    }
                    tensorData.add(new TensorDataRecord(submits.size(), resolve(d.tensor(), taskIds, outputsByOp, program),
                            d.indices(), d.writes()));
                }
                case Op.AllocTensors a -> {
                    int ring = Math.min(scopes.size(), RINGS - 1);
                    long id = TaskId.of(ring, nextLocal[ring]++);
                    taskIds[i] = id;
                    outputs = materialize(a.outputs(), id, ring, heapTop);
                    if (hybridMembers != null) {
                        hybridMembers.add(id);
                    }
                }
                case Op.Submit s -> {
                    int ring = Math.min(scopes.size(), RINGS - 1);
                    long id = TaskId.of(ring, nextLocal[ring]++);
                    taskIds[i] = id;
                    List<Arg.OutputArg> outs = s.args().stream().filter(Arg.OutputArg.class::isInstance)
                            .map(Arg.OutputArg.class::cast).toList();
                    outputs = materialize(outs, id, ring, heapTop);
                    ScopeMode mode = hybridMembers != null ? ScopeMode.MANUAL_HYBRID
                            : manualDepth <= scopes.size() ? ScopeMode.MANUAL : ScopeMode.AUTO;
                    submitOfOp[i] = submits.size();
                    submits.add(record(s, id, mode, hybridMembers, outputs, taskIds, outputsByOp, program));
                    if (hybridMembers != null) {
                        hybridMembers.add(id);
                    }
                }
            }
            outputsByOp.add(outputs);
        }
        return new Issued(submits, tensorData);
    }

    private static List<TensorView> materialize(List<Arg.OutputArg> outputs, long owner, int ring, long[] heapTop) {
        List<TensorView> views = new ArrayList<>(outputs.size());
        for (Arg.OutputArg o : outputs) {
            long bytes = ProgramValidator.outputBytes(o);
            long addr = HEAP_BASE * (ring + 1) + heapTop[ring];
            heapTop[ring] += bytes;
            int[] shape = o.shape();
            views.add(new TensorView(addr, bytes, o.dtype(), shape, Strides.rowMajor(shape), 0, 0, owner,
                    o.manualDep()));
        }
        return views;
    }

    private static SubmitRecord record(Op.Submit s, long id, ScopeMode mode, List<Long> hybridMembers,
            List<TensorView> outputs, long[] taskIds, List<List<TensorView>> outputsByOp, Program program) {
        List<TaskArg> args = new ArrayList<>();
        int local = 0;
        int out = 0;
        for (Arg arg : s.args()) {
            switch (arg) {
                case Arg.OutputArg o -> args.add(new TaskArg(TensorArgType.OUTPUT, outputs.get(out++)));
                case Arg.TensorArg t -> {
                    TensorView view = resolve(t.tensor(), taskIds, outputsByOp, program);
                    if (hybridMembers != null && hybridMembers.contains(view.ownerTaskId())) {
                        local |= 1 << args.size();
                    }
                    args.add(new TaskArg(t.type(), view));
                }
                case Arg.ScalarArg sc -> {
                    // scalars never enter the dependency rules
                }
            }
        }
        List<Long> deps = new ArrayList<>();
        List<DepKind> kinds = new ArrayList<>();
        for (ExplicitDep d : s.deps()) {
            deps.add(taskIds[d.op()]);
            kinds.add(d.kind());
        }
        return new SubmitRecord(id, mode, local, deps, kinds, args, s.kernelIds(), s.blockNum(), s.earlyResolve());
    }

    private static TensorView resolve(Tensor t, long[] taskIds, List<List<TensorView>> outputsByOp, Program program) {
        long addr;
        long size;
        long owner;
        switch (t.buffer()) {
            case BufferRef.External e -> {
                ExternalBuffer b = program.externals().get(e.index());
                addr = b.addr();
                size = b.sizeBytes();
                owner = TaskId.INVALID;
            }
            case BufferRef.Output o -> {
                TensorView buffer = outputsByOp.get(o.op()).get(o.output());
                addr = buffer.bufferAddr();
                size = buffer.bufferSize();
                owner = taskIds[o.op()];
            }
        }
        return new TensorView(addr, size, t.dtype(), t.shape(), t.strides(), t.startOffset(), t.version(), owner,
                t.manualDep());
    }
}
