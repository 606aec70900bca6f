package io.ptosim.program;

import io.ptosim.runtime.OutputSpec;
import io.ptosim.runtime.SubmitArgs;
import io.ptosim.runtime.SubmitRequest;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.runtime.TensorView;
import java.util.Arrays;
import java.util.List;

/**
 * Binds a running program's symbolic references to what the runtime handed out: the task id and the
 * materialized outputs of each task op, so later ops' tensors resolve to addressed {@link TensorView}s
 * and their explicit deps to task ids. Every driver of a program (the untimed stepper, the simulated
 * orchestrator) records each task here as the runtime creates it. It keeps the array of views a
 * submit's kernels get (its tensor args, OUTPUTs materialized) as it is, so binding a submit copies
 * nothing; {@link CompiledOps#viewIndex} says where an output sits in it.
 *
 * <p>It remembers as many of the latest ops as the program's references need ({@link Program#reach()}
 * plus one), at most {@value #WINDOW}, so memory does not grow with a long program and a run does not
 * pay for a table of all its ops; a reference further back than {@value #WINDOW} is an error naming
 * both ops.
 */
public final class ProgramBinding {
    /** The most of the latest ops a binding remembers, however far a program reaches back. */
    public static final int WINDOW = 1 << 17;
    private static final long[] NO_SCALARS = {};
    private static final TensorView[] NO_VIEWS = {};

    private final Program program;
    /** Slots - 1: a power of two at least the program's reach + 1, so an op's slot is {@code op & mask}. */
    private final int mask;
    private final int[] boundOp;
    private final long[] taskOfOp;
    /** Per op slot: a submit's tensor args in slot order with OUTPUTs materialized, an alloc's outputs. */
    private final TensorView[][] viewsOfOp;

    /** An empty binding for a (validated) program. */
    public ProgramBinding(Program program) {
        this.program = program;
        int needed = Math.max(1, Math.min(Math.min(program.ops().size(), program.reach() + 1), WINDOW));
        int capacity = Integer.highestOneBit(needed) == needed ? needed : Integer.highestOneBit(needed) << 1;
        this.mask = capacity - 1;
        this.boundOp = new int[capacity];
        Arrays.fill(boundOp, -1);
        this.taskOfOp = new long[capacity];
        this.viewsOfOp = new TensorView[capacity][];
        Arrays.fill(viewsOfOp, NO_VIEWS);
    }

    /** Records that alloc_tensors op {@code op} created task {@code taskId} with these materialized outputs. */
    public void bindAlloc(int op, long taskId, List<TensorView> outputs) {
        bindViews(op, taskId, outputs.toArray(NO_VIEWS));
    }

    /**
     * Records that submit op {@code op} created task {@code taskId}, whose tensor args in slot order, each
     * OUTPUT materialized, are {@code tensors} (what {@link SubmitArgs#tensorArray} and
     * {@link #tensorsOf} give). The binding keeps the array: nobody may change it afterwards.
     */
    public void bindSubmit(int op, long taskId, TensorView[] tensors) {
        bindViews(op, taskId, tensors);
    }

    /** Records that submit op {@code op} created the task {@code args} now holds. */
    public void bindSubmit(int op, SubmitArgs args) {
        bindViews(op, args.taskId(), args.tensorArray());
    }

    private void bindViews(int op, long taskId, TensorView[] views) {
        int i = op & mask;
        boundOp[i] = op;
        taskOfOp[i] = taskId;
        viewsOfOp[i] = views;
    }

    /** The task op {@code op} created ({@link TaskId#INVALID} if it has not run). */
    public long task(int op) {
        int i = slot(op);
        return i < 0 ? TaskId.INVALID : taskOfOp[i];
    }

    private int slot(int op) {
        int i = op & mask;
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

    private static final TensorArgType[] TYPES = TensorArgType.values();

    /**
     * The request submit {@code op} makes, read from its compiled form: the fixed args as they are, the
     * args of earlier ops' outputs moved into the buffers those ops received, deps as task ids.
     */
    public SubmitRequest request(CompiledOps compiled, int op) {
        int first = compiled.firstArg(op);
        SubmitRequest.Arg[] args = new SubmitRequest.Arg[compiled.endArg(op) - first];
        for (int k = 0; k < args.length; k++) {
            SubmitRequest.Arg a = compiled.fixed(first + k);
            if (a == null) {
                int producer = compiled.bufferOp(first + k);
                int i = slot(producer);
                if (i < 0) {
                    throw new ProgramException("a tensor refers to op " + producer + ", which has not created its task");
                }
                TensorView buffer = viewsOfOp[i][compiled.bufferView(first + k)];
                a = new SubmitRequest.TensorArg(TYPES[compiled.type(first + k)], compiled.layout(first + k)
                        .inBuffer(buffer.bufferAddr(), buffer.bufferSize(), taskOfOp[i]));
            }
            args[k] = a;
        }
        List<SubmitRequest.Dep> deps = List.of();
        int firstDep = compiled.firstDep(op);
        int endDep = compiled.endDep(op);
        if (endDep > firstDep) {
            SubmitRequest.Dep[] d = new SubmitRequest.Dep[endDep - firstDep];
            for (int i = 0; i < d.length; i++) {
                d[i] = new SubmitRequest.Dep(task(compiled.depOp(firstDep + i)), compiled.depKind(firstDep + i));
            }
            deps = List.of(d);
        }
        return new SubmitRequest(compiled.kernelIds(op), List.of(args), deps, compiled.blockNum(op),
                compiled.requireSyncStart(op), compiled.earlyResolve(op));
    }

    /**
     * Fills {@code args} with the submit {@code op} makes, read from its compiled form (the same request as
     * {@link #request}, without building one).
     */
    public SubmitArgs fill(CompiledOps compiled, int op, SubmitArgs args) {
        args.begin(compiled.kernelId(op, 0), compiled.kernelId(op, 1), compiled.kernelId(op, 2), compiled.blockNum(op),
                compiled.requireSyncStart(op), compiled.earlyResolve(op));
        int end = compiled.endArg(op);
        for (int k = compiled.firstArg(op); k < end; k++) {
            int f = compiled.fixedIndex(k);
            if (f >= 0) {
                TensorView v = compiled.fixedView(f);
                TensorArgType type = TYPES[compiled.type(k)];
                if (type == TensorArgType.OUTPUT) {
                    args.output(v);
                } else {
                    args.tensor(type, v);
                }
                continue;
            }
            int producer = compiled.bufferOp(k);
            int i = slot(producer);
            if (i < 0) {
                throw new ProgramException("a tensor refers to op " + producer + ", which has not created its task");
            }
            TensorView buffer = viewsOfOp[i][compiled.bufferView(k)];
            args.tensor(TYPES[compiled.type(k)], compiled.wholeOutput(k) ? buffer
                    : compiled.layout(k).inBuffer(buffer.bufferAddr(), buffer.bufferSize(), taskOfOp[i]));
        }
        int endDep = compiled.endDep(op);
        for (int d = compiled.firstDep(op); d < endDep; d++) {
            args.dep(task(compiled.depOp(d)), compiled.depKind(d));
        }
        return args;
    }

    /** The output specs of an alloc_tensors op. */
    public static List<OutputSpec> specs(Op.AllocTensors a) {
        return a.outputs().stream().map(Arg.OutputArg::spec).toList();
    }

    /** A task's tensor args in slot order, OUTPUT args replaced by their materialized views (a new array). */
    public static TensorView[] tensorsOf(SubmitRequest req, List<TensorView> outputs) {
        List<SubmitRequest.Arg> args = req.args();
        TensorView[] tensors = new TensorView[args.size()];
        int out = 0;
        for (int i = 0; i < tensors.length; i++) {
            tensors[i] = args.get(i) instanceof SubmitRequest.TensorArg t ? t.view() : outputs.get(out++);
        }
        return tensors;
    }

    /** The scalar args of a submit op, in order. */
    public static long[] scalarsOf(Op.Submit s) {
        int n = 0;
        for (Arg a : s.args()) {
            n += a instanceof Arg.ScalarArg ? 1 : 0;
        }
        if (n == 0) {
            return NO_SCALARS;
        }
        long[] scalars = new long[n];
        int i = 0;
        for (Arg a : s.args()) {
            if (a instanceof Arg.ScalarArg sc) {
                scalars[i++] = sc.bits();
            }
        }
        return scalars;
    }

    /** The addressed view of a symbolic tensor. */
    public TensorView resolve(Tensor t) {
        return switch (t.buffer()) {
            case BufferRef.External e -> {
                ExternalBuffer b = program.externals().get(e.index());
                yield t.at(b.addr(), b.sizeBytes(), TaskId.INVALID);
            }
            case BufferRef.Output o -> {
                int i = slot(o.op());
                if (i < 0) {
                    throw new ProgramException("a tensor refers to op " + o.op() + ", which has not created its task");
                }
                TensorView buffer = viewsOfOp[i][CompiledOps.viewIndex(program.ops().get(o.op()), o.output())];
                yield t.at(buffer.bufferAddr(), buffer.bufferSize(), taskOfOp[i]);
            }
        };
    }
}
