package io.ptosim.runtime;

/**
 * How a TensorMap lookup relates a probe (the consumer's view) to a registered entry (a producer's
 * view) of the same buffer address: the runtime's {@code check_overlap} (spec §2.4).
 */
public enum Overlap {
    /** No shared element (or a conservative test proved it): no edge. */
    NO_OVERLAP,
    /** The probe contains the entry in every dimension. */
    COVERED,
    /** Some overlap, or possibly some: the conservative answer. */
    OTHER;

    /**
     * Classifies {@code probe} against {@code entry}, which must share its buffer address:
     * a newer probe version is {@link #OTHER} outright; disjoint flat element ranges are
     * {@link #NO_OVERLAP}; an exact per-dimension box test applies only to row-major sub-boxes of one
     * layout (same dtype, rank and strides, last stride 1, each stride dividing the previous, storage a
     * multiple of the outer stride, both origins in range of the reference grid); anything else that
     * touches is {@link #OTHER}. An empty view (extent 0) touches nothing.
     */
    public static Overlap check(TensorView probe, TensorView entry) {
        return check(probe, entry.version(), entry.dtype(), entry.ndims(), entry.startOffset(), entry.extent(),
                entry.shapeArray(), entry.strideArray(), 0);
    }

    /**
     * The same test against an entry held as raw fields (as the TensorMap stores them): its shape and
     * strides are {@code shapes[base .. base + ndims)} and {@code strides[base .. base + ndims)}.
     */
    static Overlap check(TensorView probe, int version, DataType dtype, int ndims, long start, long extent, int[] shapes,
            long[] strides, int base) {
        if (probe.version() > version) {
            return OTHER;
        }
        long ps = probe.startOffset();
        if (probe.extent() == 0 || extent == 0 || ps + probe.extent() <= start || start + extent <= ps) {
            return NO_OVERLAP;
        }
        if (!preciseCheckApplies(probe, dtype, ndims, strides, base)) {
            return OTHER;
        }
        int n = ndims;
        long numelStorage = probe.bufferNumel();
        long remP = ps;
        long remE = start;
        for (int i = 0; i < n; i++) {
            long stride = probe.stride(i);
            long ref = i == 0 ? numelStorage / stride : probe.stride(i - 1) / stride;
            long offP = remP / stride;
            long offE = remE / stride;
            remP %= stride;
            remE %= stride;
            if (offP + probe.shape(i) > ref || offE + shapes[base + i] > ref) {
                return OTHER;
            }
        }
        boolean covers = true;
        remP = ps;
        remE = start;
        for (int i = 0; i < n; i++) {
            long stride = probe.stride(i);
            long pLo = remP / stride;
            long eLo = remE / stride;
            remP %= stride;
            remE %= stride;
            long pHi = pLo + probe.shape(i);
            long eHi = eLo + shapes[base + i];
            if (pHi <= eLo || eHi <= pLo) {
                return NO_OVERLAP;
            }
            covers &= pLo <= eLo && eHi <= pHi;
        }
        return covers ? COVERED : OTHER;
    }

    private static boolean preciseCheckApplies(TensorView probe, DataType dtype, int n, long[] strides, int base) {
        if (probe.dtype() != dtype || n != probe.ndims()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (probe.stride(i) != strides[base + i]) {
                return false;
            }
        }
        if (probe.stride(n - 1) != 1) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            if (probe.stride(i - 1) % probe.stride(i) != 0) {
                return false;
            }
        }
        return probe.bufferNumel() % probe.stride(0) == 0;
    }
}
