package io.ptosim.kernel;

import io.ptosim.runtime.TensorView;

/**
 * Global memory as a functional kernel body sees it: elements of a view's buffer, read and written
 * as doubles and converted to and from the view's dtype (bf16 and f16 round to nearest even).
 */
public interface DeviceMemory {
    /** The element at flat element offset {@code element} from the start of the view's buffer. */
    double get(TensorView view, long element);

    /** Stores {@code value}, converted to the view's dtype, at flat element offset {@code element}. */
    void set(TensorView view, long element, double value);

    /**
     * Reads every element of the view, in row-major order of its coordinates, into {@code dst[0..numel)}
     * as floats: the bulk path kernels should use.
     */
    void read(TensorView view, float[] dst);

    /** Writes {@code src[0..numel)}, converted to the view's dtype, to the view's elements in row-major order. */
    void write(TensorView view, float[] src);
}
