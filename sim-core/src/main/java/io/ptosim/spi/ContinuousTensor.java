package io.ptosim.spi;

import io.ptosim.runtime.DataType;
import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor as the V1 mailbox carries it (spec §2): an address, a shape of up to five dimensions, a
 * dtype, and whether it is device memory a child worker owns ({@code child_memory}, PR #579).
 *
 * @param data host address or device pointer (0: none or auto-allocate)
 * @param shapes elements per dimension, 1 to 5 of them
 * @param dtype the element type
 * @param childMemory whether the memory lives on the child (no host copy needed)
 */
public record ContinuousTensor(long data, int[] shapes, DataType dtype, boolean childMemory) {
    /** Validates and copies the shape. */
    public ContinuousTensor {
        Objects.requireNonNull(dtype, "dtype");
        if (shapes.length < 1 || shapes.length > ContinuousTensorDescriptor.MAX_DIMS) {
            throw new IllegalArgumentException(shapes.length + " dimensions; expected 1 to "
                    + ContinuousTensorDescriptor.MAX_DIMS);
        }
        for (int s : shapes) {
            if (s < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shapes) + " has a negative size");
            }
        }
        shapes = shapes.clone();
    }

    /** A copy of the shape. */
    @Override
    public int[] shapes() {
        return shapes.clone();
    }

    /** Bytes the tensor covers: the product of the shape times the element size. */
    public long nbytes() {
        long n = dtype.bytes();
        for (int s : shapes) {
            n *= Integer.toUnsignedLong(s);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContinuousTensor t && data == t.data && Arrays.equals(shapes, t.shapes) && dtype == t.dtype
                && childMemory == t.childMemory;
    }

    @Override
    public int hashCode() {
        return Objects.hash(data, Arrays.hashCode(shapes), dtype, childMemory);
    }

    @Override
    public String toString() {
        return dtype + Arrays.toString(shapes) + "@0x" + Long.toHexString(data) + (childMemory ? " (child memory)" : "");
    }
}
