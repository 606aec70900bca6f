package io.ptosim.runtime;

import java.util.Arrays;
import java.util.Objects;

/**
 * A buffer a submit asks the runtime to allocate (an OUTPUT arg, a {@code TensorCreateInfo}): it gets
 * {@code ALIGN_UP(numel * elem, 1024)} bytes of the task's heap block, contiguous, version 0.
 *
 * @param dtype element type
 * @param shape the shape
 * @param manualDep the flag the materialized tensor carries
 */
public record OutputSpec(DataType dtype, int[] shape, boolean manualDep) {
    /** Alignment of each output in the packed block. */
    public static final long ALIGNMENT = 1024;

    /**
     * Validates and copies the shape.
     *
     * @throws IllegalArgumentException for 0 or more than {@link TensorView#MAX_DIMS} dims, or a negative size
     */
    public OutputSpec {
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
        if (shape.length < 1 || shape.length > TensorView.MAX_DIMS) {
            throw new IllegalArgumentException("output shape has " + shape.length + " dims; expected 1 to "
                    + TensorView.MAX_DIMS);
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("output shape[" + i + "] = " + shape[i] + "; expected >= 0");
            }
        }
    }

    /** Bytes the output takes in the packed block. */
    public long paddedBytes() {
        long bytes = Math.multiplyExact(Strides.numel(shape), (long) dtype.bytes());
        return (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /** A copy of the shape. */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The shape itself, for same-package readers that promise not to change it. */
    int[] shapeArray() {
        return shape;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputSpec s && dtype == s.dtype && Arrays.equals(shape, s.shape) && manualDep == s.manualDep;
    }

    @Override
    public int hashCode() {
        return (31 * dtype.ordinal() + Arrays.hashCode(shape)) * 31 + Boolean.hashCode(manualDep);
    }

    @Override
    public String toString() {
        return "OutputSpec[" + dtype + Arrays.toString(shape) + (manualDep ? " manual_dep" : "") + "]";
    }
}
