package io.ptosim.program;

import io.ptosim.runtime.OutputSpec;
import io.ptosim.runtime.SubmitRequest;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorView;
import java.util.Arrays;
import java.util.List;

/**
 * A run of a program's ops, {@code [from, to)}, flattened into arrays in op order for a driver that
 * executes many submits: what each submit needs is laid out side by side, and everything that does not
 * depend on the run is prepared once. An arg of an external buffer is a ready {@link SubmitRequest.Arg};
 * an arg of an earlier op's output is a validated template view that the run moves to the buffer the
 * runtime handed out ({@link TensorView#inBuffer}). Scalars are gathered per op. Ops other than
 * submits are kept as they are.
 *
 * <p>Read through a {@link ProgramBinding} ({@link ProgramBinding#request(CompiledOps, int)}). A
 * {@link Program} remembers the compiled form of all its ops ({@link Program#compiled()}); a generated
 * program is compiled a window at a time, so memory stays constant.
 */
public final class CompiledOps {
    private static final long[] NO_SCALARS = {};

    private final int from;
    private final int to;
    private final Op[] ops;
    /** Per op: its first arg in the arg arrays; the op after the last one closes the range. */
    private final int[] argStart;
    /** Per arg: the request arg when it is fixed for every run (external tensor, output), else null. */
    private final SubmitRequest.Arg[] fixed;
    /** Per arg of an earlier op's output: the arg type, the view at address 0, and the buffer. */
    private final byte[] type;
    private final TensorView[] template;
    private final int[] bufferOp;
    private final int[] bufferOutput;
    private final long[][] scalars;

    private CompiledOps(Program program, int from, int to) {
        this.from = from;
        this.to = to;
        List<Op> all = program.ops();
        int n = to - from;
        ops = new Op[n];
        argStart = new int[n + 1];
        scalars = new long[n][];
        int argCount = 0;
        for (int i = 0; i < n; i++) {
            Op op = all.get(from + i);
            ops[i] = op;
            if (op instanceof Op.Submit s) {
                for (Arg a : s.args()) {
                    argCount += a instanceof Arg.ScalarArg ? 0 : 1;
                }
            }
        }
        fixed = new SubmitRequest.Arg[argCount];
        type = new byte[argCount];
        template = new TensorView[argCount];
        bufferOp = new int[argCount];
        bufferOutput = new int[argCount];
        int k = 0;
        for (int i = 0; i < n; i++) {
            argStart[i] = k;
            scalars[i] = NO_SCALARS;
            if (!(ops[i] instanceof Op.Submit s)) {
                continue;
            }
            scalars[i] = ProgramBinding.scalarsOf(s);
            for (Arg a : s.args()) {
                switch (a) {
                    case Arg.ScalarArg sc -> {
                        continue;
                    }
                    case Arg.OutputArg o -> fixed[k] = new SubmitRequest.OutputArg(o.spec());
                    case Arg.TensorArg t -> {
                        switch (t.tensor().buffer()) {
                            case BufferRef.External e -> {
                                ExternalBuffer b = program.externals().get(e.index());
                                fixed[k] = new SubmitRequest.TensorArg(t.type(),
                                        t.tensor().at(b.addr(), b.sizeBytes(), TaskId.INVALID));
                            }
                            case BufferRef.Output o -> {
                                type[k] = (byte) t.type().ordinal();
                                template[k] = t.tensor().at(0, outputBytes(all.get(o.op()), o.output()),
                                        TaskId.INVALID);
                                bufferOp[k] = o.op();
                                bufferOutput[k] = o.output();
                            }
                        }
                    }
                }
                k++;
            }
        }
        argStart[n] = k;
    }

    /** Compiles ops {@code [from, to)} of a validated program. */
    static CompiledOps of(Program program, int from, int to) {
        if (from < 0 || to > program.ops().size() || from > to) {
            throw new IndexOutOfBoundsException("ops [" + from + ", " + to + ") of " + program.ops().size());
        }
        return new CompiledOps(program, from, to);
    }

    /** The padded size of the {@code output}-th output of a submit or alloc_tensors op. */
    private static long outputBytes(Op op, int output) {
        List<? extends Arg> args = switch (op) {
            case Op.Submit s -> s.args();
            case Op.AllocTensors a -> a.outputs();
            default -> throw new ProgramException("op " + op.kind() + " has no outputs");
        };
        int seen = 0;
        for (Arg a : args) {
            if (a instanceof Arg.OutputArg o && seen++ == output) {
                return o.spec().paddedBytes();
            }
        }
        throw new ProgramException("op has no output " + output);
    }

    /** The first op compiled. */
    public int from() {
        return from;
    }

    /** One past the last op compiled. */
    public int to() {
        return to;
    }

    /** Op {@code op} as written. */
    public Op op(int op) {
        return ops[op - from];
    }

    /** The scalar args of submit {@code op} in order (shared: never change it). */
    public long[] scalars(int op) {
        return scalars[op - from];
    }

    int firstArg(int op) {
        return argStart[op - from];
    }

    int endArg(int op) {
        return argStart[op - from + 1];
    }

    SubmitRequest.Arg fixed(int arg) {
        return fixed[arg];
    }

    byte type(int arg) {
        return type[arg];
    }

    TensorView template(int arg) {
        return template[arg];
    }

    int bufferOp(int arg) {
        return bufferOp[arg];
    }

    int bufferOutput(int arg) {
        return bufferOutput[arg];
    }

    @Override
    public String toString() {
        return "CompiledOps[" + from + ", " + to + ") " + Arrays.toString(Arrays.copyOf(ops, Math.min(ops.length, 3)))
                + (ops.length > 3 ? "..." : "");
    }
}
