package io.ptosim.node;

import io.ptosim.runtime.DataType;
import io.ptosim.runtime.Strides;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorView;
import io.ptosim.spi.ContinuousTensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor argument of a node program before it runs: like {@link ContinuousTensor}, but its address
 * may be a {@link Ptr.Handle} bound at run time, and it may be a view (spec §4, HEAD): {@code shapes}
 * elements with element {@code strides}, starting {@code startOffset} elements into a backing buffer of
 * {@code bufferElements} elements at {@code data}. A plain tensor is the row-major view of a buffer
 * holding exactly it. The wire ({@link #resolve}) carries the view's first element and its shape (the
 * chip SPI has no strides); dependency tracking under HEAD uses the whole view ({@link #footprint}).
 *
 * @param data where the backing buffer lives
 * @param shapes elements per dimension, 1 to 5 of them
 * @param dtype element type
 * @param childMemory device memory owned by the worker that runs the task (spec §11)
 * @param startOffset the view's first element, in elements from {@code data}
 * @param strides per dimension, elements between neighbours
 * @param bufferElements elements of the backing buffer (an auto-allocated OUTPUT carves all of them)
 */
public record NodeTensor(Ptr data, int[] shapes, DataType dtype, boolean childMemory, long startOffset, long[] strides,
        long bufferElements) {
    /**
     * Validates the shape (through {@link ContinuousTensor}'s rules) and the view (through
     * {@link TensorView}'s: it must lie in its buffer), and copies the arrays.
     */
    public NodeTensor {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(dtype, "dtype");
        new ContinuousTensor(0, shapes, dtype, childMemory);
        shapes = shapes.clone();
        strides = strides.clone();
        new TensorView(0, Math.multiplyExact(bufferElements, dtype.bytes()), dtype, shapes, strides, startOffset, 0,
                TaskId.INVALID, false);
    }

    /** A plain tensor: the row-major view of a buffer that holds exactly {@code shapes}. */
    public NodeTensor(Ptr data, int[] shapes, DataType dtype, boolean childMemory) {
        this(data, shapes, dtype, childMemory, 0, Strides.rowMajor(shapes), numel(shapes));
    }

    private static long numel(int[] shapes) {
        long n = 1;
        for (int s : shapes) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }

    /** A copy of the shape. */
    @Override
    public int[] shapes() {
        return shapes.clone();
    }

    /** A copy of the strides. */
    @Override
    public long[] strides() {
        return strides.clone();
    }

    /** Whether it is anything but a plain tensor (an offset, other strides, or a larger buffer). */
    public boolean isView() {
        return startOffset != 0 || bufferElements != numel(shapes) || !Arrays.equals(strides, Strides.rowMajor(shapes));
    }

    /** Bytes its elements take on the wire (the shape's, densely). */
    public long nbytes() {
        return new ContinuousTensor(0, shapes, dtype, childMemory).nbytes();
    }

    /** Bytes of its backing buffer: what an auto-allocated OUTPUT carves. */
    public long bufferBytes() {
        return bufferElements * dtype.bytes();
    }

    /** The wire tensor once its buffer's address is known: the view's first element and its shape. */
    public ContinuousTensor resolve(long address) {
        return new ContinuousTensor(address + startOffset * dtype.bytes(), shapes, dtype, childMemory);
    }

    /**
     * What it covers once its buffer is at {@code address} in namespace {@code worker}: its bounding byte
     * range, and for a view the view itself, so that the HEAD TensorMap decides overlap on elements.
     */
    public ProducerMap.Footprint footprint(long address, int worker) {
        if (!isView()) {
            return new ProducerMap.Footprint(new TensorKey(address, worker), Math.max(1, nbytes()));
        }
        TensorView v = new TensorView(address, bufferBytes(), dtype, shapes, strides, startOffset, 0, TaskId.INVALID,
                false);
        return new ProducerMap.Footprint(new TensorKey(address + startOffset * dtype.bytes(), worker),
                Math.max(1, v.extent() * dtype.bytes()), v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeTensor t && data.equals(t.data) && Arrays.equals(shapes, t.shapes) && dtype == t.dtype
                && childMemory == t.childMemory && startOffset == t.startOffset && Arrays.equals(strides, t.strides)
                && bufferElements == t.bufferElements;
    }

    @Override
    public int hashCode() {
        return Objects.hash(data, Arrays.hashCode(shapes), dtype, childMemory, startOffset, Arrays.hashCode(strides),
                bufferElements);
    }

    @Override
    public String toString() {
        String view = isView() ? "@" + startOffset + Arrays.toString(strides) + "/" + bufferElements : "";
        return (childMemory ? "child " : "") + data + Arrays.toString(shapes) + dtype + view;
    }
}
