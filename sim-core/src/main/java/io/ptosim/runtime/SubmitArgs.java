package io.ptosim.runtime;

import java.util.Arrays;
import java.util.List;

/**
 * One {@code submit_task} call laid out for the runtime's hot path: a buffer a driver fills in place
 * for each submit and the runtime reads, so a submit allocates nothing but the output views it creates.
 * It carries the same facts as a {@link SubmitRequest} (kernels, args in slot order, explicit deps, the
 * launch spec); after a successful {@link L2Runtime#submit(SubmitArgs)} it also holds the task's id and
 * its materialized outputs, until the next {@link #begin}.
 */
public final class SubmitArgs {
    /** {@link #kind}: an OUTPUT arg, whose view is the layout at address 0 the runtime moves to the heap. */
    static final byte OUTPUT = -1;
    private static final TensorArgType[] TYPES = TensorArgType.values();
    private static final TensorView[] NO_VIEWS = {};

    final int[] kernelIds = new int[3];
    int blockNum;
    boolean requireSyncStart;
    boolean earlyResolve;
    int count;
    /** Per arg: a {@link TensorArgType} ordinal, or {@link #OUTPUT}. */
    byte[] kind = new byte[8];
    /** Per arg: the resolved view, or an OUTPUT's layout. */
    TensorView[] view = new TensorView[8];
    int depCount;
    long[] depTask = new long[4];
    DepKind[] depKind = new DepKind[4];
    long taskId = TaskId.INVALID;
    TensorView[] outputs = new TensorView[4];
    int outputCount;
    /** Why the last submit of these args did not happen (blocked or fatal), else null. */
    SubmitOutcome refusal;

    /** Starts a new submit: no args, no deps. */
    public SubmitArgs begin(int aic, int aiv0, int aiv1, int blockNum, boolean requireSyncStart, boolean earlyResolve) {
        kernelIds[0] = aic;
        kernelIds[1] = aiv0;
        kernelIds[2] = aiv1;
        this.blockNum = blockNum;
        this.requireSyncStart = requireSyncStart;
        this.earlyResolve = earlyResolve;
        Arrays.fill(view, 0, count, null);
        count = 0;
        depCount = 0;
        taskId = TaskId.INVALID;
        refusal = null;
        Arrays.fill(outputs, 0, outputCount, null);
        outputCount = 0;
        return this;
    }

    /** Appends a tensor arg that is not OUTPUT. */
    public SubmitArgs tensor(TensorArgType type, TensorView v) {
        if (type == TensorArgType.OUTPUT) {
            throw new IllegalArgumentException("an OUTPUT arg is added with output()");
        }
        return add((byte) type.ordinal(), v);
    }

    /** Appends an OUTPUT arg whose layout (its view at address 0, as {@link SubmitRequest.OutputArg} checks it) is {@code layout}. */
    public SubmitArgs output(TensorView layout) {
        return add(OUTPUT, layout);
    }

    private SubmitArgs add(byte k, TensorView v) {
        if (count == kind.length) {
            kind = Arrays.copyOf(kind, 2 * count);
            view = Arrays.copyOf(view, 2 * count);
        }
        kind[count] = k;
        view[count++] = v;
        return this;
    }

    /** Appends an explicit dependency on {@code producer}. */
    public SubmitArgs dep(long producer, DepKind kind) {
        if (depCount == depTask.length) {
            depTask = Arrays.copyOf(depTask, 2 * depCount);
            depKind = Arrays.copyOf(depKind, 2 * depCount);
        }
        depTask[depCount] = producer;
        depKind[depCount++] = kind;
        return this;
    }

    /** Fills this buffer from {@code req}. */
    public SubmitArgs load(SubmitRequest req) {
        int[] k = req.kernelIdArray();
        begin(k[0], k[1], k[2], req.blockNum(), req.requireSyncStart(), req.earlyResolve());
        for (SubmitRequest.Arg a : req.args()) {
            switch (a) {
                case SubmitRequest.TensorArg t -> tensor(t.type(), t.view());
                case SubmitRequest.OutputArg o -> output(o.layout());
            }
        }
        for (SubmitRequest.Dep d : req.deps()) {
            dep(d.taskId(), d.kind());
        }
        return this;
    }

    /** Tensor args and OUTPUT args together. */
    public int argCount() {
        return count;
    }

    /** The type of arg {@code i}. */
    public TensorArgType type(int i) {
        return kind[i] == OUTPUT ? TensorArgType.OUTPUT : TYPES[kind[i]];
    }

    /** Arg {@code i}'s view: the resolved view, or an OUTPUT's layout at address 0. */
    public TensorView view(int i) {
        return view[i];
    }

    /** Kernel id {@code slot} ({@code 0} AIC, {@code 1}, {@code 2} AIV), -1 when unused. */
    public int kernelId(int slot) {
        return kernelIds[slot];
    }

    /** The SPMD block count. */
    public int blockNum() {
        return blockNum;
    }

    /** Whether all blocks must start together. */
    public boolean requireSyncStart() {
        return requireSyncStart;
    }

    /** The early-dispatch hint. */
    public boolean earlyResolve() {
        return earlyResolve;
    }

    /** How many explicit dependencies. */
    public int depCount() {
        return depCount;
    }

    /** Explicit dependency {@code i}'s producer. */
    public long depTask(int i) {
        return depTask[i];
    }

    /** Explicit dependency {@code i}'s kind. */
    public DepKind depKind(int i) {
        return depKind[i];
    }

    /** The submitted task's id ({@link TaskId#INVALID} before a successful submit). */
    public long taskId() {
        return taskId;
    }

    /** Why the last submit did not happen: a {@link SubmitOutcome.Blocked} or {@link SubmitOutcome.Fatal}; null after a submit. */
    public SubmitOutcome refusal() {
        return refusal;
    }

    /** How many outputs the submitted task has. */
    public int outputCount() {
        return outputCount;
    }

    /** The submitted task's {@code i}-th materialized output. */
    public TensorView output(int i) {
        if (i >= outputCount) {
            throw new IndexOutOfBoundsException("output " + i + " of " + outputCount);
        }
        return outputs[i];
    }

    /** The submitted task's materialized outputs, as a new array. */
    public TensorView[] outputsCopy() {
        return outputCount == 0 ? NO_VIEWS : Arrays.copyOf(outputs, outputCount);
    }

    /** The submitted task's materialized outputs, in OUTPUT order (an immutable list). */
    public List<TensorView> outputList() {
        return List.of(outputsCopy());
    }

    /**
     * The task's tensor args in slot order with each OUTPUT replaced by its materialized view (what a
     * kernel sees), as an immutable list.
     */
    public List<TensorView> tensors() {
        return List.of(tensorArray());
    }

    /** {@link #tensors()} as a new array, which the caller owns. */
    public TensorView[] tensorArray() {
        TensorView[] t = new TensorView[count];
        int out = 0;
        for (int i = 0; i < count; i++) {
            t[i] = kind[i] == OUTPUT ? outputs[out++] : view[i];
        }
        return t;
    }

    void addOutput(TensorView v) {
        if (outputCount == outputs.length) {
            outputs = Arrays.copyOf(outputs, 2 * outputCount);
        }
        outputs[outputCount++] = v;
    }
}
