package io.ptosim.kernel;

import io.ptosim.runtime.TensorView;
import java.util.List;

/**
 * One block of a task as a kernel sees it: its tensor args in slot order (OUTPUT args already
 * materialized at their heap addresses), its scalars, and which SPMD block it is.
 *
 * @param tensors the tensor args in slot order
 * @param scalars the scalar args in order (64-bit patterns)
 * @param blockIdx this block, {@code 0 <= blockIdx < blockNum}
 * @param blockNum the task's SPMD width
 */
public record KernelCall(List<TensorView> tensors, long[] scalars, int blockIdx, int blockNum) {
    /** Copies the list and the array. */
    public KernelCall {
        tensors = List.copyOf(tensors);
        scalars = scalars.clone();
        if (blockIdx < 0 || blockIdx >= blockNum) {
            throw new IllegalArgumentException("block " + blockIdx + " of " + blockNum);
        }
    }

    /** Tensor arg {@code i}. */
    public TensorView tensor(int i) {
        return tensors.get(i);
    }

    /** Scalar {@code i}. */
    public long scalar(int i) {
        return scalars[i];
    }

    /** Scalar {@code i} read as the float whose bits it holds. */
    public float floatScalar(int i) {
        return Float.intBitsToFloat((int) scalars[i]);
    }

    /** A copy of the scalars. */
    @Override
    public long[] scalars() {
        return scalars.clone();
    }
}
