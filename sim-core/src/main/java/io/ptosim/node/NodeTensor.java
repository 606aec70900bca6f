package io.ptosim.node;

import io.ptosim.runtime.DataType;
import io.ptosim.spi.ContinuousTensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor argument of a node program before it runs: like {@link ContinuousTensor}, but its address
 * may be a {@link Ptr.Handle} bound at run time.
 *
 * @param data where it lives
 * @param shapes elements per dimension, 1 to 5 of them
 * @param dtype element type
 * @param childMemory device memory owned by the worker that runs the task (spec §11)
 */
public record NodeTensor(Ptr data, int[] shapes, DataType dtype, boolean childMemory) {
    /** Validates the shape (through {@link ContinuousTensor}'s rules) and copies it. */
    public NodeTensor {
        Objects.requireNonNull(data, "data");
        new ContinuousTensor(0, shapes, dtype, childMemory);
        shapes = shapes.clone();
    }

    /** A copy of the shape. */
    @Override
    public int[] shapes() {
        return shapes.clone();
    }

    /** Bytes it covers. */
    public long nbytes() {
        return new ContinuousTensor(0, shapes, dtype, childMemory).nbytes();
    }

    /** The wire tensor once its address is known. */
    public ContinuousTensor resolve(long address) {
        return new ContinuousTensor(address, shapes, dtype, childMemory);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeTensor t && data.equals(t.data) && Arrays.equals(shapes, t.shapes) && dtype == t.dtype
                && childMemory == t.childMemory;
    }

    @Override
    public int hashCode() {
        return Objects.hash(data, Arrays.hashCode(shapes), dtype, childMemory);
    }

    @Override
    public String toString() {
        return (childMemory ? "child " : "") + data + Arrays.toString(shapes) + dtype;
    }
}
