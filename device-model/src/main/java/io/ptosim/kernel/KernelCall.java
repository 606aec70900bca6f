package io.ptosim.kernel;

import io.ptosim.runtime.TensorView;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One block of a task as a kernel sees it: its tensor args in slot order (OUTPUT args already
 * materialized at their heap addresses), its scalars, and which SPMD block it is. Immutable: the public
 * constructor copies what it is given; the simulated chip, which makes one per task, hands over arrays
 * that nobody writes once made ({@link #owning}): the task's tensor array, which the program's binding
 * also keeps, and the op's scalars, which the compiled program keeps for every run.
 */
public final class KernelCall {
    private final TensorView[] tensors;
    private final long[] scalars;
    private final int blockIdx;
    private final int blockNum;

    /**
     * A call of block {@code blockIdx} of {@code blockNum}, with copies of the tensor list and scalars.
     *
     * @throws IllegalArgumentException if the block is outside {@code [0, blockNum)}
     */
    public KernelCall(List<TensorView> tensors, long[] scalars, int blockIdx, int blockNum) {
        this(tensors.toArray(new TensorView[0]), scalars.clone(), blockIdx, blockNum);
        for (TensorView t : this.tensors) {
            Objects.requireNonNull(t, "tensor arg");
        }
    }

    private KernelCall(TensorView[] tensors, long[] scalars, int blockIdx, int blockNum) {
        if (blockIdx < 0 || blockIdx >= blockNum) {
            throw new IllegalArgumentException("block " + blockIdx + " of " + blockNum);
        }
        this.tensors = tensors;
        this.scalars = scalars;
        this.blockIdx = blockIdx;
        this.blockNum = blockNum;
    }

    /**
     * A call that keeps {@code tensors} and {@code scalars} as they are (shared, not copied), for a caller
     * whose arrays nobody changes afterwards.
     *
     * @throws IllegalArgumentException if the block is outside {@code [0, blockNum)}
     */
    public static KernelCall owning(TensorView[] tensors, long[] scalars, int blockIdx, int blockNum) {
        return new KernelCall(tensors, scalars, blockIdx, blockNum);
    }

    /** The tensor args in slot order. */
    public List<TensorView> tensors() {
        return List.of(tensors);
    }

    /** How many tensor args there are. */
    public int tensorCount() {
        return tensors.length;
    }

    /** Tensor arg {@code i}. */
    public TensorView tensor(int i) {
        return tensors[i];
    }

    /** Scalar {@code i}. */
    public long scalar(int i) {
        return scalars[i];
    }

    /** Scalar {@code i} read as the float whose bits it holds. */
    public float floatScalar(int i) {
        return Float.intBitsToFloat((int) scalars[i]);
    }

    /** How many scalars the call has. */
    public int scalarCount() {
        return scalars.length;
    }

    /** A copy of the scalars (64-bit patterns, in order). */
    public long[] scalars() {
        return scalars.clone();
    }

    /** This block, {@code 0 <= blockIdx < blockNum}. */
    public int blockIdx() {
        return blockIdx;
    }

    /** The task's SPMD width. */
    public int blockNum() {
        return blockNum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KernelCall c && blockIdx == c.blockIdx && blockNum == c.blockNum
                && Arrays.equals(tensors, c.tensors) && Arrays.equals(scalars, c.scalars);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(tensors), Arrays.hashCode(scalars), blockIdx, blockNum);
    }

    @Override
    public String toString() {
        return "KernelCall[tensors=" + Arrays.toString(tensors) + ", scalars=" + Arrays.toString(scalars)
                + ", blockIdx=" + blockIdx + ", blockNum=" + blockNum + "]";
    }
}
