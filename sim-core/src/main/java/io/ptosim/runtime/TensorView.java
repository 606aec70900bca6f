package io.ptosim.runtime;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
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

    /**
     * Everything but where the view sits (address, creator, start offset): what {@link #inBuffer} keeps,
     * so the views the runtime makes for every task (an output at its heap address, an arg in its
     * producer's buffer) share one checked layout, and what a {@link LayoutTable} lets views of one
     * tensor at different offsets (the blocks of a cache) share.
     */
    private static final class Layout {
        final long bufferSize;
        final DataType dtype;
        final int[] shape;
        final long[] strides;
        final int version;
        final boolean manualDep;
        final long extent;
        /** The element count, counted on first use (cost models ask for it per block); -1 before. */
        long numel = -1;

        Layout(long bufferSize, DataType dtype, int[] shape, long[] strides, int version, boolean manualDep,
                long extent) {
            this.bufferSize = bufferSize;
            this.dtype = dtype;
            this.shape = shape;
            this.strides = strides;
            this.version = version;
            this.manualDep = manualDep;
            this.extent = extent;
        }

        @Override
        public boolean equals(Object o) {
            return this == o || o instanceof Layout l && bufferSize == l.bufferSize && dtype == l.dtype
                    && Arrays.equals(shape, l.shape) && Arrays.equals(strides, l.strides) && version == l.version
                    && manualDep == l.manualDep;
        }

        @Override
        public int hashCode() {
            long h = bufferSize;
            h = 31 * h + dtype.ordinal();
            h = 31 * h + Arrays.hashCode(shape);
            h = 31 * h + Arrays.hashCode(strides);
            h = 31 * h + version;
            h = 31 * h + (manualDep ? 1 : 0);
            return Long.hashCode(h);
        }
    }

    /**
     * Makes views of equal geometry (all but address, creator and start offset) share one layout object:
     * a compiled program's views of one external tensor, block by block, then cost one small object
     * each. One table per compilation; it is only looked up, never iterated.
     */
    public static final class LayoutTable {
        private final Map<Layout, Layout> layouts = new HashMap<>();

        /** {@code v}, sharing the layout of an earlier view of equal geometry if there was one. */
        public TensorView share(TensorView v) {
            Layout shared = layouts.putIfAbsent(v.layout, v.layout);
            return shared == null || shared == v.layout ? v : new TensorView(v, shared);
        }
    }

    private final Layout layout;
    private final long bufferAddr;
    private final long ownerTaskId;
    private final long startOffset;
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
        this.ownerTaskId = ownerTaskId;
        Objects.requireNonNull(dtype, "dtype");
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
        long extent = Strides.extent(shape, strides);
        long numel = bufferSize / dtype.bytes();
        if (extent > 0 && (extent > numel || startOffset > numel - extent)) {
            throw new IllegalArgumentException("view [" + startOffset + ", " + startOffset + " + " + extent
                    + ") elements lies outside its buffer of " + numel + " " + dtype + " elements");
        }
        this.startOffset = startOffset;
        this.layout = new Layout(bufferSize, dtype, shape, strides, version, manualDep, extent);
    }

    /** {@code v}'s layout and offset in the buffer at {@code addr} created by {@code owner}. */
    private TensorView(TensorView v, long addr, long owner) {
        this.layout = v.layout;
        this.bufferAddr = addr;
        this.ownerTaskId = owner;
        this.startOffset = v.startOffset;
        this.box = v.box();
    }

    /** {@code v} with {@code shared}, a layout equal to its own. */
    private TensorView(TensorView v, Layout shared) {
        this.layout = shared;
        this.bufferAddr = v.bufferAddr;
        this.ownerTaskId = v.ownerTaskId;
        this.startOffset = v.startOffset;
        this.box = v.box;
    }

    /**
     * This view in another buffer of the same size: at {@code addr}, created by {@code owner}. It shares
     * this view's layout and measurements, so it needs no checks (the fit depends only on the size).
     *
     * @throws IllegalArgumentException if {@code size} is not this view's buffer size
     */
    public TensorView inBuffer(long addr, long size, long owner) {
        if (size != layout.bufferSize) {
            throw new IllegalArgumentException("buffer of " + size + " bytes; this view's buffer has "
                    + layout.bufferSize);
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
        Layout l = layout;
        long start = Strides.subBoxOrigin(l.shape, l.strides, startOffset, newShape, offsets);
        return new TensorView(bufferAddr, l.bufferSize, l.dtype, newShape, l.strides, start, l.version, ownerTaskId,
                false);
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
        Layout l = layout;
        int[] s = l.shape.clone();
        long[] st = l.strides.clone();
        s[x] = l.shape[y];
        s[y] = l.shape[x];
        st[x] = l.strides[y];
        st[y] = l.strides[x];
        return new TensorView(bufferAddr, l.bufferSize, l.dtype, s, st, startOffset, l.version, ownerTaskId, false);
    }

    /** This view with another version. */
    public TensorView withVersion(int newVersion) {
        Layout l = layout;
        return new TensorView(bufferAddr, l.bufferSize, l.dtype, l.shape, l.strides, startOffset, newVersion,
                ownerTaskId, l.manualDep);
    }

    /** Base byte address of the buffer (unsigned). */
    public long bufferAddr() {
        return bufferAddr;
    }

    /** Bytes of the underlying buffer. */
    public long bufferSize() {
        return layout.bufferSize;
    }

    /** Elements the underlying buffer holds: {@code bufferSize / dtype.bytes()}. */
    public long bufferNumel() {
        return layout.bufferSize / layout.dtype.bytes();
    }

    /** Element type. */
    public DataType dtype() {
        return layout.dtype;
    }

    /** Number of dimensions. */
    public int ndims() {
        return layout.shape.length;
    }

    /** Size of dimension {@code i}. */
    public int shape(int i) {
        return layout.shape[i];
    }

    /** Element stride of dimension {@code i}. */
    public long stride(int i) {
        return layout.strides[i];
    }

    /** The shape itself, for same-package readers that promise not to change it. */
    int[] shapeArray() {
        return layout.shape;
    }

    /** The strides themselves, for same-package readers that promise not to change them. */
    long[] strideArray() {
        return layout.strides;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return layout.shape.clone();
    }

    /** A copy of the strides. */
    public long[] strides() {
        return layout.strides.clone();
    }

    /** Element offset of the view's origin. */
    public long startOffset() {
        return startOffset;
    }

    /** Overlap version tag. */
    public int version() {
        return layout.version;
    }

    /** The task that created the buffer, or {@link TaskId#INVALID}. */
    public long ownerTaskId() {
        return ownerTaskId;
    }

    /** Whether the view skips TensorMap lookup and registration (it keeps its creator edge). */
    public boolean manualDep() {
        return layout.manualDep;
    }

    /** Elements from the first to one past the last element: {@code 1 + sum((shape-1)*stride)}, 0 if empty. */
    public long extent() {
        return layout.extent;
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
        long n = layout.numel;
        if (n < 0) {
            n = Strides.numel(layout.shape);
            layout.numel = n;
        }
        return n;
    }

    /** Whether the strides are row-major for the shape. */
    public boolean isContiguous() {
        return Strides.isRowMajor(layout.shape, layout.strides);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorView v && bufferAddr == v.bufferAddr && ownerTaskId == v.ownerTaskId
                && startOffset == v.startOffset && layout.equals(v.layout);
    }

    @Override
    public int hashCode() {
        long h = bufferAddr;
        h = 31 * h + startOffset;
        h = 31 * h + ownerTaskId;
        h = 31 * h + layout.hashCode();
        return Long.hashCode(h);
    }

    @Override
    public String toString() {
        Layout l = layout;
        return l.dtype + Arrays.toString(l.shape) + " strides " + Arrays.toString(l.strides) + " @"
                + Long.toUnsignedString(bufferAddr) + "+" + startOffset + " v" + l.version
                + (ownerTaskId == TaskId.INVALID ? "" : " owner " + TaskId.display(ownerTaskId))
                + (l.manualDep ? " manual_dep" : "");
    }
}
