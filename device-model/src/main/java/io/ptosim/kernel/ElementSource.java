package io.ptosim.kernel;

import io.ptosim.runtime.DataType;

/**
 * The initial contents of an input buffer as a pure function of the element index, so memory can be
 * filled lazily, page by page, and identically on every run.
 */
@FunctionalInterface
public interface ElementSource {
    /** The value of element {@code element} (counted from the buffer's start). */
    double value(long element);

    /**
     * Stores {@code (float) value(first + i)} into {@code dst[at + i]} for {@code i < count}. Memory reads
     * floating-point buffers (whose elements round through float anyway) with it; a source may override
     * it with a faster bulk version giving the same floats.
     */
    default void fillFloats(long first, float[] dst, int at, int count) {
        for (int i = 0; i < count; i++) {
            dst[at + i] = (float) value(first + i);
        }
    }

    /**
     * Whether every float {@link #fillFloats} gives is exactly a {@code dtype} value, so memory reading
     * this source as {@code dtype} need not round it. False unless a source knows better.
     */
    default boolean exactIn(DataType dtype) {
        return false;
    }
}
