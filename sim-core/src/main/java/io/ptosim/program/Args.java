package io.ptosim.program;

import io.ptosim.runtime.DepKind;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorArgType;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of one submit, built fluently like the runtime's {@code Arg}:
 * {@code args().input(q).input(k).output(BFLOAT16, 16, 16).scalar(7).dep(t0)}. Order is slot order;
 * mistakes (a tensor after a scalar, too many args) are reported when the program is validated.
 */
public final class Args {
    final List<Arg> args = new ArrayList<>();
    final List<ExplicitDep> deps = new ArrayList<>();
    int blockNum = 1;
    boolean requireSyncStart;
    boolean earlyResolve;

    private Args() {
    }

    /** An empty argument list. */
    public static Args args() {
        return new Args();
    }

    private Args tensor(TensorArgType type, Tensor t) {
        args.add(new Arg.TensorArg(type, t));
        return this;
    }

    /** Reads {@code t}. */
    public Args input(Tensor t) {
        return tensor(TensorArgType.INPUT, t);
    }

    /**
     * Reads {@code t} as a tracked reader (the reader-tracking proposal, simpler PR #1810): a later INOUT or
     * OUTPUT_EXISTING writer of overlapping elements waits for this task; readers stay concurrent. Not in
     * the shipped runtime: ptosim derives these edges as a what-if.
     */
    public Args trackedInput(Tensor t) {
        return tensor(TensorArgType.TRACKED_INPUT, t);
    }

    /** Reads and writes {@code t}. */
    public Args inout(Tensor t) {
        return tensor(TensorArgType.INOUT, t);
    }

    /** Writes into the existing {@code t} ({@code add_output(existing)}). */
    public Args outputExisting(Tensor t) {
        return tensor(TensorArgType.OUTPUT_EXISTING, t);
    }

    /** Passes {@code t} without dependency tracking. */
    public Args noDep(Tensor t) {
        return tensor(TensorArgType.NO_DEP, t);
    }

    /** Asks the runtime for a new contiguous output buffer. */
    public Args output(DataType dtype, int... shape) {
        args.add(new Arg.OutputArg(dtype, shape, false));
        return this;
    }

    /** A scalar, as its 64-bit pattern. */
    public Args scalar(long bits) {
        args.add(new Arg.ScalarArg(bits));
        return this;
    }

    /** A WAIT|RETAIN dependency on {@code task} ({@code add_dep}). */
    public Args dep(Task task) {
        deps.add(new ExplicitDep(task.op(), DepKind.WAIT_RETAIN));
        return this;
    }

    /** A WAIT-only dependency on {@code task} ({@code add_dep_wait}). */
    public Args depWait(Task task) {
        deps.add(new ExplicitDep(task.op(), DepKind.WAIT));
        return this;
    }

    /** SPMD: {@code n} logical blocks. */
    public Args blockNum(int n) {
        blockNum = n;
        return this;
    }

    /** All blocks must start together. */
    public Args requireSyncStart() {
        requireSyncStart = true;
        return this;
    }

    /** The early-dispatch hint ({@code allow_early_resolve}). */
    public Args earlyResolve() {
        earlyResolve = true;
        return this;
    }
}
