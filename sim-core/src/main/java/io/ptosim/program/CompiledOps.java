package io.ptosim.program;

import io.ptosim.runtime.DepKind;
import io.ptosim.runtime.OutputSpec;
import io.ptosim.runtime.ScopeMode;
import io.ptosim.runtime.SubmitRequest;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.runtime.TensorView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run of a program's ops, {@code [from, to)}, laid out for a driver that executes many submits:
 * everything a submit needs sits in primitive arrays in op order, which the processor streams, and the
 * objects it shares are interned in small tables that stay in cache. An arg of an external buffer, and
 * an OUTPUT, is an index into a table of ready {@link SubmitRequest.Arg}s; an arg of an earlier op's
 * output is an index into a table of checked layouts (views at address 0) that the run moves into the
 * buffer the runtime handed out ({@link TensorView#inBuffer}). Kernels, launch flags, deps and scalars
 * are arrays too. The ops themselves are kept for the kinds a driver meets rarely.
 *
 * <p>Read submits through a {@link ProgramBinding} ({@link ProgramBinding#request(CompiledOps, int)}).
 * A {@link Program} remembers the compiled form of all its ops ({@link Program#compiled(int)}); a
 * generated program is compiled a window at a time, so memory stays constant.
 */
public final class CompiledOps {
    /** {@link #kind}: a submit. */
    public static final byte SUBMIT = 0;
    /** {@link #kind}: a scope begin ({@link #scopeMode} says which). */
    public static final byte SCOPE_BEGIN = 1;
    /** {@link #kind}: a scope end. */
    public static final byte SCOPE_END = 2;
    /** {@link #kind}: any other op (read it with {@link #op}). */
    public static final byte OTHER = 3;

    private static final long[] NO_SCALARS = {};
    private static final ScopeMode[] MODES = ScopeMode.values();
    private static final DepKind[] DEP_KINDS = DepKind.values();
    private static final byte SYNC_START = 1;
    private static final byte EARLY_RESOLVE = 2;

    private final int from;
    private final int to;
    private final Op[] ops;
    private final byte[] kind;
    /** Per op: a submit's launch flags, or a scope begin's mode. */
    private final byte[] flags;
    private final int[] kernels;
    private final int[] blockNum;
    private final int[] argStart;
    private final int[] depStart;
    private final int[] depOp;
    private final byte[] depKind;
    /** Per op: its scalar args, in order (a shared empty array when it has none). */
    private final long[][] scalars;
    /** Per arg: an index into {@link #fixedArgs}, or -1 for an arg of an earlier op's output. */
    private final int[] fixed;
    /** Per arg: its {@link TensorArgType} ordinal. */
    private final byte[] type;
    private final int[] layout;
    private final int[] bufferOp;
    /** Per arg of an earlier op's output: where that output sits among the producer's bound views. */
    private final int[] bufferView;
    /** Per arg of an earlier op's output: the arg is that whole output, as the producer materialized it. */
    private final boolean[] wholeOutput;
    private final SubmitRequest.Arg[] fixedArgs;
    /** Per fixed arg: its view (an OUTPUT's layout), for {@link ProgramBinding#fill}. */
    private final TensorView[] fixedViews;
    private final TensorView[] layouts;

    private CompiledOps(Program program, int from, int to) {
        this.from = from;
        this.to = to;
        List<Op> all = program.ops();
        int n = to - from;
        ops = new Op[n];
        kind = new byte[n];
        flags = new byte[n];
        kernels = new int[3 * n];
        blockNum = new int[n];
        argStart = new int[n + 1];
        depStart = new int[n + 1];
        int args = 0;
        int deps = 0;
        for (int i = 0; i < n; i++) {
            Op op = all.get(from + i);
            ops[i] = op;
            if (op instanceof Op.Submit s) {
                List<Arg> opArgs = s.args();
                for (int a = 0; a < opArgs.size(); a++) {
                    if (!(opArgs.get(a) instanceof Arg.ScalarArg)) {
                        args++;
                    }
                }
                deps += s.deps().size();
            }
        }
        depOp = new int[deps];
        depKind = new byte[deps];
        scalars = new long[n][];
        fixed = new int[args];
        type = new byte[args];
        layout = new int[args];
        bufferOp = new int[args];
        bufferView = new int[args];
        wholeOutput = new boolean[args];
        Interner<SubmitRequest.Arg> fixedTable = new Interner<>();
        Interner<TensorView> layoutTable = new Interner<>();
        // external views of one geometry (a cache's blocks at their offsets) share one layout object
        TensorView.LayoutTable externalLayouts = new TensorView.LayoutTable();
        // OUTPUT args repeat a few specs: each spec's arg (and the layout it makes) is made once, not per arg
        Map<OutputSpec, SubmitRequest.OutputArg> outputArgs = new HashMap<>();
        int k = 0;
        int d = 0;
        for (int i = 0; i < n; i++) {
            argStart[i] = k;
            depStart[i] = d;
            scalars[i] = NO_SCALARS;
            switch (ops[i]) {
                case Op.Submit s -> {
                    kind[i] = SUBMIT;
                    flags[i] = (byte) ((s.requireSyncStart() ? SYNC_START : 0) | (s.earlyResolve() ? EARLY_RESOLVE : 0));
                    System.arraycopy(s.kernelIds(), 0, kernels, 3 * i, 3);
                    blockNum[i] = s.blockNum();
                    List<ExplicitDep> opDeps = s.deps();
                    for (int e = 0; e < opDeps.size(); e++) {
                        depOp[d] = opDeps.get(e).op();
                        depKind[d++] = (byte) opDeps.get(e).kind().ordinal();
                    }
                    scalars[i] = ProgramBinding.scalarsOf(s);
                    List<Arg> opArgs = s.args();
                    for (int j = 0; j < opArgs.size(); j++) {
                        switch (opArgs.get(j)) {
                            case Arg.ScalarArg scalar -> {
                                // in scalars[i]
                            }
                            case Arg.OutputArg o -> {
                                type[k] = (byte) TensorArgType.OUTPUT.ordinal();
                                fixed[k++] = fixedTable.index(
                                        outputArgs.computeIfAbsent(o.spec(), SubmitRequest.OutputArg::new));
                            }
                            case Arg.TensorArg t -> {
                                switch (t.tensor().buffer()) {
                                    case BufferRef.External e -> {
                                        ExternalBuffer b = program.externals().get(e.index());
                                        fixed[k] = fixedTable.index(new SubmitRequest.TensorArg(t.type(),
                                                externalLayouts.share(t.tensor().at(b.addr(), b.sizeBytes(),
                                                        TaskId.INVALID))));
                                    }
                                    case BufferRef.Output o -> {
                                        fixed[k] = -1;
                                        OutputSpec spec = outputSpec(all.get(o.op()), o.output());
                                        TensorView at = t.tensor().at(0, spec.paddedBytes(), TaskId.INVALID);
                                        layout[k] = layoutTable.index(at);
                                        wholeOutput[k] = at.equals(outputArgs.computeIfAbsent(spec,
                                                SubmitRequest.OutputArg::new).layout());
                                        bufferOp[k] = o.op();
                                        bufferView[k] = viewIndex(all.get(o.op()), o.output());
                                    }
                                }
                                type[k] = (byte) t.type().ordinal();
                                k++;
                            }
                        }
                    }
                }
                case Op.ScopeBegin b -> {
                    kind[i] = SCOPE_BEGIN;
                    flags[i] = (byte) b.mode().ordinal();
                }
                case Op.ScopeEnd e -> kind[i] = SCOPE_END;
                default -> kind[i] = OTHER;
            }
        }
        argStart[n] = k;
        depStart[n] = d;
        fixedArgs = fixedTable.values().toArray(SubmitRequest.Arg[]::new);
        fixedViews = new TensorView[fixedArgs.length];
        for (int f = 0; f < fixedArgs.length; f++) {
            switch (fixedArgs[f]) {
                case SubmitRequest.TensorArg t -> fixedViews[f] = t.view();
                case SubmitRequest.OutputArg o -> fixedViews[f] = o.layout();
            }
        }
        layouts = layoutTable.values().toArray(TensorView[]::new);
    }

    /** Numbers equal values in order of first appearance (the order depends only on the program). */
    private static final class Interner<T> {
        private final Map<T, Integer> index = new HashMap<>();
        private final List<T> values = new ArrayList<>();

        int index(T value) {
            Integer i = index.get(value);
            if (i == null) {
                i = values.size();
                index.put(value, i);
                values.add(value);
            }
            return i;
        }

        List<T> values() {
            return values;
        }
    }

    /** Compiles ops {@code [from, to)} of a validated program. */
    static CompiledOps of(Program program, int from, int to) {
        if (from < 0 || to > program.ops().size() || from > to) {
            throw new IndexOutOfBoundsException("ops [" + from + ", " + to + ") of " + program.ops().size());
        }
        return new CompiledOps(program, from, to);
    }

    /** The spec of the {@code output}-th output of a submit or alloc_tensors op. */
    private static OutputSpec outputSpec(Op op, int output) {
        List<? extends Arg> args = outputsOf(op);
        return ((Arg.OutputArg) args.get(outputPosition(args, output))).spec();
    }

    /**
     * Where the {@code output}-th output of a submit or alloc_tensors op sits among the views a
     * {@link ProgramBinding} keeps of it: a submit's tensor args in slot order (scalars not counted), an
     * alloc's outputs in order.
     */
    static int viewIndex(Op op, int output) {
        List<? extends Arg> args = outputsOf(op);
        int position = outputPosition(args, output);
        int scalarsBefore = 0;
        for (int i = 0; i < position; i++) {
            scalarsBefore += args.get(i) instanceof Arg.ScalarArg ? 1 : 0;
        }
        return position - scalarsBefore;
    }

    /** The args among which a submit or alloc_tensors op's outputs are. */
    private static List<? extends Arg> outputsOf(Op op) {
        return switch (op) {
            case Op.Submit s -> s.args();
            case Op.AllocTensors a -> a.outputs();
            default -> throw new ProgramException("op " + op.kind() + " has no outputs");
        };
    }

    /** The position in {@code args} of the {@code output}-th OUTPUT arg. */
    private static int outputPosition(List<? extends Arg> args, int output) {
        int seen = 0;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i) instanceof Arg.OutputArg && seen++ == output) {
                return i;
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

    /** What op {@code op} is: {@link #SUBMIT}, {@link #SCOPE_BEGIN}, {@link #SCOPE_END} or {@link #OTHER}. */
    public byte kind(int op) {
        return kind[op - from];
    }

    /** The mode of scope begin {@code op}. */
    public ScopeMode scopeMode(int op) {
        return MODES[flags[op - from]];
    }

    /** The kernel ids of submit {@code op}, {@code [aic, aiv0, aiv1]} (a new array). */
    public int[] kernelIds(int op) {
        int at = 3 * (op - from);
        return new int[] {kernels[at], kernels[at + 1], kernels[at + 2]};
    }

    /** The SPMD block count of submit {@code op}. */
    public int blockNum(int op) {
        return blockNum[op - from];
    }

    /** Whether submit {@code op} requires all its blocks to start together. */
    public boolean requireSyncStart(int op) {
        return (flags[op - from] & SYNC_START) != 0;
    }

    /** The early-dispatch hint of submit {@code op}. */
    public boolean earlyResolve(int op) {
        return (flags[op - from] & EARLY_RESOLVE) != 0;
    }

    /**
     * The scalar args of submit {@code op} in order. The array is this form's own, the same on every call
     * (a run hands it to the op's kernel calls without a copy): read it, never write it.
     */
    public long[] scalars(int op) {
        return scalars[op - from];
    }

    int firstDep(int op) {
        return depStart[op - from];
    }

    int endDep(int op) {
        return depStart[op - from + 1];
    }

    int depOp(int dep) {
        return depOp[dep];
    }

    DepKind depKind(int dep) {
        return DEP_KINDS[depKind[dep]];
    }

    int firstArg(int op) {
        return argStart[op - from];
    }

    int endArg(int op) {
        return argStart[op - from + 1];
    }

    /** The request arg {@code arg} when it is the same in every run (external tensor, output), else null. */
    SubmitRequest.Arg fixed(int arg) {
        int f = fixed[arg];
        return f < 0 ? null : fixedArgs[f];
    }

    /** The index of arg {@code arg} in the fixed-arg table, or -1 for an arg of an earlier op's output. */
    int fixedIndex(int arg) {
        return fixed[arg];
    }

    TensorView fixedView(int index) {
        return fixedViews[index];
    }

    /** Kernel id {@code slot} of submit {@code op} ({@code 0} AIC, {@code 1}, {@code 2} AIV; -1 unused). */
    int kernelId(int op, int slot) {
        return kernels[3 * (op - from) + slot];
    }

    byte type(int arg) {
        return type[arg];
    }

    TensorView layout(int arg) {
        return layouts[layout[arg]];
    }

    int bufferOp(int arg) {
        return bufferOp[arg];
    }

    /**
     * Whether arg {@code arg} (of an earlier op's output) is that whole output as materialized, so its view
     * is the output's own.
     */
    boolean wholeOutput(int arg) {
        return wholeOutput[arg];
    }

    /** Where arg {@code arg}'s buffer sits among its producer's bound views ({@link #viewIndex}). */
    int bufferView(int arg) {
        return bufferView[arg];
    }

    @Override
    public String toString() {
        return "CompiledOps[" + from + ", " + to + "): " + argStart[to - from] + " args, " + fixedArgs.length
                + " distinct fixed args, " + layouts.length + " distinct layouts";
    }
}
