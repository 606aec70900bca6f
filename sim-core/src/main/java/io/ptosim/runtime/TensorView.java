package io.ptosim.runtime;

import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor argument as the runtime sees it (the {@code ChipTensor} descriptor, spec §1.1): a view of
 * {@code shape} elements with element {@code strides} starting {@code startOffset} elements into the
 * buffer at {@code bufferAddr} of {@code bufferSize} bytes, with a version, the task that created the
 * buffer ({@link TaskId#INVALID} for external buffers) and the {@code manualDep} flag. Immutable;
 * element {@code c} lives at element offset {@code startOffset + sum(c[i] * strides[i])}.
 *
 * <p>Addresses are unsigned 64-bit values held in a {@code long}; they are only compared for
 * equality. Construction validates the descriptor and names the offending field.
 */
public final class TensorView {
    /** Most dimensions a view may have. */
    public static final int MAX_DIMS = 5;

    private final long bufferAddr;
    private final long bufferSize;
    private final DataType dtype;
    private final int[] shape;
    private final long[] strides;
    private final long startOffset;
    private final int version;
    private final long ownerTaskId;
    private final boolean manualDep;
    private final long extent;
    /** Measured on first use: the TensorMap's overlap test reads it (a pure function of the fields above). */
    private RowMajorBox box;

    /** Marks the constructor that keeps the arrays it is given. */
    private enum Owned {
        /** The arrays are copies, or immutable by contract: kept as they are. */
        ARRAYS
    }

    /**
     * A validated view.
     *
     * @throws IllegalArgumentException if a field is out of range or the view leaves its buffer
     */
    public TensorView(long bufferAddr, long bufferSize, DataType dtype, int[] shape, long[] strides, long startOffset,
            int version, long ownerTaskId, boolean manualDep) {
        this(bufferAddr, bufferSize, dtype, shape.clone(), strides.clone(), startOffset, version, ownerTaskId, manualDep,
                Owned.ARRAYS);
    }

    /** The validating constructor, over arrays that nobody changes (copies, or the runtime's own). */
    private TensorView(long bufferAddr, long bufferSize, DataType dtype, int[] shape, long[] strides, long startOffset,
            int version, long ownerTaskId, boolean manualDep, Owned owned) {
        this.bufferAddr = bufferAddr;
        this.bufferSize = bufferSize;
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = shape;
        this.strides = strides;
        this.startOffset = startOffset;
        this.version = version;
        this.ownerTaskId = ownerTaskId;
        this.manualDep = manualDep;
        if (shape.length < 1 || shape.length > MAX_DIMS) {
            throw new IllegalArgumentException("shape has " + shape.length + " dims; expected 1 to " + MAX_DIMS);
        }
        if (strides.length != shape.length) {
            throw new IllegalArgumentException("strides has " + strides.length + " dims but shape has " + shape.length);
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("shape[" + i + "] = " + shape[i] + "; expected >= 0");
            }
            if (strides[i] < 1) {
                throw new IllegalArgumentException("strides[" + i + "] = " + strides[i] + "; expected >= 1");
            }
        }
        if (bufferSize < 0) {
            throw new IllegalArgumentException("buffer_size = " + bufferSize + "; expected >= 0");
        }
        if (startOffset < 0) {
            throw new IllegalArgumentException("start_offset = " + startOffset + "; expected >= 0");
        }
        this.extent = Strides.extent(this.shape, this.strides);
        long numel = bufferNumel();
        if (extent > 0 && (extent > numel || startOffset > numel - extent)) {
            throw new IllegalArgumentException("view [" + startOffset + ", " + startOffset + " + " + extent
                    + ") elements lies outside its buffer of " + numel + " " + dtype + " elements");
        }
    }

    /** A copy of {@code v} in the buffer at {@code addr} created by {@code owner}, sharing its checked fields. */
    private TensorView(TensorView v, long addr, long owner) {
        this.bufferAddr = addr;
        this.bufferSize = v.bufferSize;
        this.dtype = v.dtype;
        this.shape = v.shape;
        this.strides = v.strides;
        this.startOffset = v.startOffset;
        this.version = v.version;
        this.ownerTaskId = owner;
        this.manualDep = v.manualDep;
        this.extent = v.extent;
        this.box = v.box();
    }

    /**
     * This view in another buffer of the same size: at {@code addr}, created by {@code owner}. It shares
     * this view's arrays and measurements, so it needs no checks (the fit depends only on the size).
     *
     * @throws IllegalArgumentException if {@code size} is not this view's buffer size
     */
    public TensorView inBuffer(long addr, long size, long owner) {
        if (size != bufferSize) {
            throw new IllegalArgumentException("buffer of " + size + " bytes; this view's buffer has " + bufferSize);
        }
        return new TensorView(this, addr, owner);
    }

    /** A row-major external tensor at {@code addr} holding exactly {@code shape}, version 0. */
    public static TensorView external(long addr, DataType dtype, int... shape) {
        long[] strides = Strides.rowMajor(shape);
        long numel = Strides.extent(shape, strides);
        return new TensorView(addr, Math.multiplyExact(numel, dtype.bytes()), dtype, shape, strides, 0, 0,
                TaskId.INVALID, false);
    }

    /**
     * The sub-box {@code shape} starting at per-dimension {@code offsets} (the runtime's {@code view}).
     *
     * @throws IllegalArgumentException if the box leaves this view
     */
    public TensorView view(int[] newShape, long[] offsets) {
        long start = Strides.subBoxOrigin(shape, strides, startOffset, newShape, offsets);
        return new TensorView(bufferAddr, bufferSize, dtype, newShape, strides, start, version, ownerTaskId, false);
    }

    /**
     * A contiguous row-major view of an output the runtime materialized at the start of a buffer. It keeps
     * the spec's shape array (never changed by either) instead of a copy.
     */
    static TensorView materialized(long addr, long size, OutputSpec spec, long owner) {
        int[] shape = spec.shapeArray();
        return new TensorView(addr, size, spec.dtype(), shape, Strides.rowMajor(shape), 0, 0, owner, spec.manualDep(),
                Owned.ARRAYS);
    }

    /** This view with dimensions {@code x} and {@code y} swapped (shapes and strides together). */
    public TensorView transpose(int x, int y) {
        int[] s = shape.clone();
        long[] st = strides.clone();
        s[x] = shape[y];
        s[y] = shape[x];
        st[x] = strides[y];
        st[y] = strides[x];
        return new TensorView(bufferAddr, bufferSize, dtype, s, st, startOffset, version, ownerTaskId, false);
    }

    /** This view with another version. */
    public TensorView withVersion(int newVersion) {
        return new TensorView(bufferAddr, bufferSize, dtype, shape, strides, startOffset, newVersion, ownerTaskId,
                manualDep);
    }

    /** Base byte address of the buffer (unsigned). */
    public long bufferAddr() {
        return bufferAddr;
    }

    /** Bytes of the underlying buffer. */
    public long bufferSize() {
        return bufferSize;
    }

    /** Elements the underlying buffer holds: {@code bufferSize / dtype.bytes()}. */
    public long bufferNumel() {
        return bufferSize / dtype.bytes();
    }

    /** Element type. */
    public DataType dtype() {
        return dtype;
    }

    /** Number of dimensions. */
    public int ndims() {
        return shape.length;
    }

    /** Size of dimension {@code i}. */
    public int shape(int i) {
        return shape[i];
    }

    /** Element stride of dimension {@code i}. */
    public long stride(int i) {
        return strides[i];
    }

    /** The shape itself, for same-package readers that promise not to change it. */
    int[] shapeArray() {
        return shape;
    }

    /** The strides themselves, for same-package readers that promise not to change them. */
    long[] strideArray() {
        return strides;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** A copy of the strides. */
    public long[] strides() {
        return strides.clone();
    }

    /** Element offset of the view's origin. */
    public long startOffset() {
        return startOffset;
    }

    /** Overlap version tag. */
    public int version() {
        return version;
    }

    /** The task that created the buffer, or {@link TaskId#INVALID}. */
    public long ownerTaskId() {
        return ownerTaskId;
    }

    /** Whether the view skips TensorMap lookup and registration (it keeps its creator edge). */
    public boolean manualDep() {
        return manualDep;
    }

    /** Elements from the first to one past the last element: {@code 1 + sum((shape-1)*stride)}, 0 if empty. */
    public long extent() {
        return extent;
    }

    /** The view's place on its strides' row-major grid, measured once. */
    RowMajorBox box() {
        RowMajorBox b = box;
        if (b == null) {
            b = RowMajorBox.of(this);
            box = b;
        }
        return b;
    }

    /** Elements in the view. */
    public long numel() {
        return Strides.numel(shape);
    }

    /** Whether the strides are row-major for the shape. */
    public boolean isContiguous() {
        return Strides.isRowMajor(shape, strides);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorView v && bufferAddr == v.bufferAddr && bufferSize == v.bufferSize && dtype == v.dtype
                && Arrays.equals(shape, v.shape) && Arrays.equals(strides, v.strides) && startOffset == v.startOffset
                && version == v.version && ownerTaskId == v.ownerTaskId && manualDep == v.manualDep;
    }

    @Override
    public int hashCode() {
        long h = bufferAddr;
        h = 31 * h + bufferSize;
        h = 31 * h + dtype.ordinal();
        h = 31 * h + Arrays.hashCode(shape);
        h = 31 * h + Arrays.hashCode(strides);
        h = 31 * h + startOffset;
        h = 31 * h + version;
        h = 31 * h + ownerTaskId;
        h = 31 * h + (manualDep ? 1 : 0);
        return Long.hashCode(h);
    }

    @Override
    public String toString() {
        return dtype + Arrays.toString(shape) + " strides " + Arrays.toString(strides) + " @" + Long.toUnsignedString(bufferAddr)
                + "+" + startOffset + " v" + version + (ownerTaskId == TaskId.INVALID ? "" : " owner " + TaskId.display(ownerTaskId))
                + (manualDep ? " manual_dep" : "");
    }
}
