package io.ptosim.runtime;

import java.util.Arrays;

/** Element-stride arithmetic shared by resolved views ({@link TensorView}) and symbolic ones. */
public final class Strides {
    private Strides() {
    }

    /** Row-major strides for {@code shape} (a zero dimension counts as 1). */
    public static long[] rowMajor(int[] shape) {
        long[] strides = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s = Math.multiplyExact(s, Math.max(1, shape[i]));
        }
        return strides;
    }

    /** Whether {@code strides} are {@link #rowMajor(int[])} for {@code shape}, without making them. */
    public static boolean isRowMajor(int[] shape, long[] strides) {
        if (strides.length != shape.length) {
            return false;
        }
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (strides[i] != s) {
                return false;
            }
            s = Math.multiplyExact(s, Math.max(1, shape[i]));
        }
        return true;
    }

    /**
     * Elements from the first to one past the last: {@code 1 + sum((shape[i]-1) * strides[i])}, 0 for an
     * empty view.
     *
     * @throws IllegalArgumentException if it overflows 64 bits
     */
    public static long extent(int[] shape, long[] strides) {
        long extent = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 0) {
                return 0;
            }
            try {
                extent = Math.addExact(extent, Math.multiplyExact(shape[i] - 1L, strides[i]));
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("view extent overflows 64 bits (shape " + Arrays.toString(shape)
                        + ", strides " + Arrays.toString(strides) + ")", e);
            }
        }
        return extent;
    }

    /** Elements in a view of {@code shape}. */
    public static long numel(int[] shape) {
        long n = 1;
        for (int s : shape) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }

    /**
     * The origin of the sub-box {@code newShape} at per-dimension {@code offsets} of a view
     * ({@code shape}, {@code strides}, origin {@code start}): the runtime's {@code view} op. An empty
     * box (some size 0) ignores the offsets.
     *
     * @throws IllegalArgumentException if the ranks differ or the box leaves the view
     */
    public static long subBoxOrigin(int[] shape, long[] strides, long start, int[] newShape, long[] offsets) {
        if (newShape.length != shape.length || offsets.length != shape.length) {
            throw new IllegalArgumentException("view needs " + shape.length + " dims, got shape " + newShape.length
                    + " and offsets " + offsets.length);
        }
        boolean empty = false;
        for (int n : newShape) {
            empty |= n == 0;
        }
        long origin = start;
        for (int i = 0; i < shape.length && !empty; i++) {
            if (offsets[i] < 0 || offsets[i] + newShape[i] > shape[i]) {
                throw new IllegalArgumentException("view dim " + i + ": offset " + offsets[i] + " + size " + newShape[i]
                        + " exceeds " + shape[i]);
            }
            origin += offsets[i] * strides[i];
        }
        return origin;
    }
}
