package io.ptosim.kernel;

import io.ptosim.runtime.TensorView;
import java.util.function.LongConsumer;

/** Element offsets of a view, for kernel bodies: offsets count elements from the buffer's start. */
public final class ViewElements {
    private ViewElements() {
    }

    /** The offset of the element at {@code index} (one coordinate per dimension). */
    public static long offset(TensorView v, long... index) {
        if (index.length != v.ndims()) {
            throw new IllegalArgumentException(index.length + " coordinates for a " + v.ndims() + "-dim view");
        }
        long e = v.startOffset();
        for (int d = 0; d < index.length; d++) {
            e += index[d] * v.stride(d);
        }
        return e;
    }

    /** The offset of the {@code index}-th element in row-major order of the view's coordinates. */
    public static long offsetOf(TensorView v, long index) {
        if (index < 0 || index >= v.numel()) {
            throw new IndexOutOfBoundsException("element " + index + " of a view of " + v.numel());
        }
        long e = v.startOffset();
        long rest = index;
        for (int d = v.ndims() - 1; d >= 0; d--) {
            e += rest % v.shape(d) * v.stride(d);
            rest /= v.shape(d);
        }
        return e;
    }

    /** Calls {@code action} with each element's offset, in row-major order of the view's coordinates. */
    public static void forEach(TensorView v, LongConsumer action) {
        if (v.numel() == 0) {
            return;
        }
        int n = v.ndims();
        long[] c = new long[n];
        while (true) {
            long e = v.startOffset();
            for (int d = 0; d < n; d++) {
                e += c[d] * v.stride(d);
            }
            action.accept(e);
            int d = n - 1;
            while (d >= 0 && ++c[d] == v.shape(d)) {
                c[d--] = 0;
            }
            if (d < 0) {
                return;
            }
        }
    }
}
