package io.ptosim.program;

import io.ptosim.runtime.OutputSpec;
import io.ptosim.runtime.SubmitRequest;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Binds a running program's symbolic references to what the runtime handed out: the task id and the
 * materialized outputs of each task op, so later ops' tensors resolve to addressed {@link TensorView}s
 * and their explicit deps to task ids. Every driver of a program (the untimed stepper, the simulated
 * orchestrator) records each task here as the runtime creates it.
 *
 * <p>It remembers the last {@value #WINDOW} ops (all of a shorter program), so memory does not grow
 * with a long generated program; a reference further back is an error naming both ops.
 */
public final class ProgramBinding {
    /** How many of the latest ops a binding remembers. */
    public static final int WINDOW = 1 << 17;

    private final Program program;
    private final int capacity;
    private final int[] boundOp;
    private final long[] taskOfOp;
    private final List<List<TensorView>> outputsOfOp;

    /** An empty binding for a (validated) program. */
    public ProgramBinding(Program program) {
        this.program = program;
        this.capacity = Math.max(1, Math.min(program.ops().size(), WINDOW));
        this.boundOp = new int[capacity];
        Arrays.fill(boundOp, -1);
        this.taskOfOp = new long[capacity];
        this.outputsOfOp = new ArrayList<>(Collections.nCopies(capacity, List.of()));
    }

    /** Records that op {@code op} created task {@code taskId} with these materialized outputs. */
    public void bind(int op, long taskId, List<TensorView> outputs) {
        int i = op % capacity;
        boundOp[i] = op;
        taskOfOp[i] = taskId;
        outputsOfOp.set(i, List.copyOf(outputs));
    }

    /** The task op {@code op} created ({@link TaskId#INVALID} if it has not run). */
    public long task(int op) {
        int i = slot(op);
        return i < 0 ? TaskId.INVALID : taskOfOp[i];
    }

    private int slot(int op) {
        int i = op % capacity;
        if (boundOp[i] == op) {
            return i;
        }
        if (boundOp[i] > op) {
            throw new ProgramException("a reference to op " + op + " reaches more than " + WINDOW
                    + " ops back (op " + boundOp[i] + " has taken its place); a long program may only refer to its"
                    + " last " + WINDOW + " ops");
        }
        return -1;
    }

    /** The request a submit op makes, with every tensor resolved and every dep a task id. */
    public SubmitRequest request(Op.Submit s) {
        List<SubmitRequest.Arg> args = new ArrayList<>();
        for (Arg a : s.args()) {
            switch (a) {
                case Arg.OutputArg o -> args.add(new SubmitRequest.OutputArg(o.spec()));
                case Arg.TensorArg t -> args.add(new SubmitRequest.TensorArg(t.type(), resolve(t.tensor())));
                case Arg.ScalarArg sc -> {
                    // scalars carry no dependency
                }
            }
        }
        List<SubmitRequest.Dep> deps = new ArrayList<>();
        for (ExplicitDep d : s.deps()) {
            deps.add(new SubmitRequest.Dep(task(d.op()), d.kind()));
        }
        return new SubmitRequest(s.kernelIds(), args, deps, s.blockNum(), s.requireSyncStart(), s.earlyResolve());
    }

    /** The output specs of an alloc_tensors op. */
    public static List<OutputSpec> specs(Op.AllocTensors a) {
        return a.outputs().stream().map(Arg.OutputArg::spec).toList();
    }

    /** A task's tensor args in slot order, OUTPUT args replaced by their materialized views. */
    public static List<TensorView> tensorsOf(SubmitRequest req, List<TensorView> outputs) {
        List<TensorView> tensors = new ArrayList<>(req.args().size());
        int out = 0;
        for (SubmitRequest.Arg a : req.args()) {
            tensors.add(a instanceof SubmitRequest.TensorArg t ? t.view() : outputs.get(out++));
        }
        return tensors;
    }

    /** The scalar args of a submit op, in order. */
    public static long[] scalarsOf(Op.Submit s) {
        return s.args().stream().filter(Arg.ScalarArg.class::isInstance)
                .mapToLong(a -> ((Arg.ScalarArg) a).bits()).toArray();
    }

    /** The addressed view of a symbolic tensor. */
    public TensorView resolve(Tensor t) {
        return switch (t.buffer()) {
            case BufferRef.External e -> {
                ExternalBuffer b = program.externals().get(e.index());
                yield new TensorView(b.addr(), b.sizeBytes(), t.dtype(), t.shape(), t.strides(), t.startOffset(),
                        t.version(), TaskId.INVALID, t.manualDep());
            }
            case BufferRef.Output o -> {
                int i = slot(o.op());
                if (i < 0) {
                    throw new ProgramException("a tensor refers to op " + o.op() + ", which has not created its task");
                }
                TensorView buffer = outputsOfOp.get(i).get(o.output());
                yield new TensorView(buffer.bufferAddr(), buffer.bufferSize(), t.dtype(), t.shape(), t.strides(),
                        t.startOffset(), t.version(), taskOfOp[i], t.manualDep());
            }
        };
    }
}
