package io.ptosim.program;

import io.ptosim.runtime.DataType;
import io.ptosim.runtime.Strides;
import io.ptosim.runtime.TensorView;
import java.util.Arrays;
import java.util.Objects;

/**
 * A symbolic tensor view: {@code shape} elements with element {@code strides}, starting
 * {@code startOffset} elements into a {@link BufferRef}, with a version and the manual_dep flag. The
 * view operations follow the runtime's (spec §1.1): each copies the buffer and version and replaces
 * manual_dep (default false). Immutable; validated against its buffer when the program is.
 */
public final class Tensor {
    private final BufferRef buffer;
    private final DataType dtype;
    private final int[] shape;
    private final long[] strides;
    private final long startOffset;
    private final int version;
    private final boolean manualDep;

    /** A view with every field given. */
    public Tensor(BufferRef buffer, DataType dtype, int[] shape, long[] strides, long startOffset, int version,
            boolean manualDep) {
        this.buffer = Objects.requireNonNull(buffer, "buffer");
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = shape.clone();
        this.strides = strides.clone();
        this.startOffset = startOffset;
        this.version = version;
        this.manualDep = manualDep;
    }

    /** A row-major view of {@code shape} at the start of {@code buffer}, version 0. */
    public static Tensor rowMajor(BufferRef buffer, DataType dtype, int... shape) {
        return new Tensor(buffer, dtype, shape, Strides.rowMajor(shape), 0, 0, false);
    }

    /**
     * The sub-box {@code newShape} at per-dimension {@code offsets}.
     *
     * @throws IllegalArgumentException if the box leaves this view
     */
    public Tensor view(int[] newShape, long[] offsets) {
        long start = Strides.subBoxOrigin(shape, strides, startOffset, newShape, offsets);
        return new Tensor(buffer, dtype, newShape, strides, start, version, false);
    }

    /**
     * Elements {@code [start, end)} of dimension {@code dim}, every {@code step}-th.
     *
     * @throws IllegalArgumentException if the range is empty or leaves the dimension
     */
    public Tensor slice(int dim, int start, int end, int step) {
        if (step < 1 || start < 0 || end > shape[dim] || start >= end) {
            throw new IllegalArgumentException("slice dim " + dim + " [" + start + ", " + end + ") step " + step
                    + " does not fit size " + shape[dim]);
        }
        int[] s = shape.clone();
        long[] st = strides.clone();
        s[dim] = (end - start + step - 1) / step;
        st[dim] = strides[dim] * step;
        return new Tensor(buffer, dtype, s, st, startOffset + start * strides[dim], version, false);
    }

    /** Dimensions {@code x} and {@code y} swapped. */
    public Tensor transpose(int x, int y) {
        int[] s = shape.clone();
        long[] st = strides.clone();
        s[x] = shape[y];
        s[y] = shape[x];
        st[x] = strides[y];
        st[y] = strides[x];
        return new Tensor(buffer, dtype, s, st, startOffset, version, false);
    }

    /** This view with another version. */
    public Tensor withVersion(int newVersion) {
        return new Tensor(buffer, dtype, shape, strides, startOffset, newVersion, manualDep);
    }

    /** This view with the manual_dep flag set as given. */
    public Tensor manualDep(boolean on) {
        return new Tensor(buffer, dtype, shape, strides, startOffset, version, on);
    }

    /** The buffer viewed. */
    public BufferRef buffer() {
        return buffer;
    }

    /** Element type. */
    public DataType dtype() {
        return dtype;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** A copy of the strides. */
    public long[] strides() {
        return strides.clone();
    }

    /** The shape itself, for same-package readers that promise not to change it. */
    int[] shapeArray() {
        return shape;
    }

    /** The strides themselves, for same-package readers that promise not to change them. */
    long[] strideArray() {
        return strides;
    }

    /**
     * This tensor addressed in the buffer at {@code addr} of {@code size} bytes created by {@code owner}
     * ({@link io.ptosim.runtime.TaskId#INVALID} for an external buffer): a new validated view. Not kept:
     * the compiled form keeps the views a run needs, sharing their layouts, and a program keeping one per
     * tensor besides held a third of Case1's heap.
     */
    TensorView at(long addr, long size, long owner) {
        return new TensorView(addr, size, dtype, shape, strides, startOffset, version, owner, manualDep);
    }

    /** Element offset of the origin. */
    public long startOffset() {
        return startOffset;
    }

    /** Version tag. */
    public int version() {
        return version;
    }

    /** Whether TensorMap tracking is skipped for this tensor. */
    public boolean manualDep() {
        return manualDep;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && buffer.equals(t.buffer) && dtype == t.dtype && Arrays.equals(shape, t.shape)
                && Arrays.equals(strides, t.strides) && startOffset == t.startOffset && version == t.version
                && manualDep == t.manualDep;
    }

    @Override
    public int hashCode() {
        return Objects.hash(buffer, dtype, Arrays.hashCode(shape), Arrays.hashCode(strides), startOffset, version, manualDep);
    }

    @Override
    public String toString() {
        return dtype + Arrays.toString(shape) + " strides " + Arrays.toString(strides) + " of " + buffer + "+"
                + startOffset + " v" + version + (manualDep ? " manual_dep" : "");
    }
}
