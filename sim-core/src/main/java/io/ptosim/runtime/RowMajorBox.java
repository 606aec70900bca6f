package io.ptosim.runtime;

/**
 * A view's place on the row-major grid its strides describe, which is what the exact box test of
 * {@link Overlap#check} needs: per dimension the origin ({@code rem / stride} in turn), whether the
 * strides form such a grid (last stride 1, each dividing the previous) holding the view in every
 * dimension after the first, and whether the view's own buffer holds it in dimension 0 too. Measured
 * once per view (a {@link TensorView} keeps its box), so the TensorMap's test is compares and additions:
 * it copies an entry's origins when it inserts it and takes the probe's box at lookup.
 *
 * <p>Why that is {@link Overlap#check}'s answer: the box test applies only when probe and entry have
 * identical strides, so the entry's origins and its fit in dimensions 1.. (whose reference sizes are
 * stride ratios) are the same whether computed with its strides or the probe's; only dimension 0's
 * reference size depends on a buffer, the probe's, and is compared at lookup.
 */
final class RowMajorBox {
    private final long[] origin;
    private final long[] end;
    private final boolean onStrideGrid;
    private final boolean fitsOwnBuffer;
    private final long rows;

    private RowMajorBox(TensorView v) {
        int n = v.ndims();
        origin = new long[n];
        end = new long[n];
        boolean grid = v.stride(n - 1) == 1;
        long rem = v.startOffset();
        for (int i = 0; i < n; i++) {
            long stride = v.stride(i);
            origin[i] = rem / stride;
            rem %= stride;
            end[i] = origin[i] + v.shape(i);
            if (i > 0) {
                long previous = v.stride(i - 1);
                grid &= previous % stride == 0 && end[i] <= previous / stride;
            }
        }
        onStrideGrid = grid;
        long numel = v.bufferNumel();
        rows = numel / v.stride(0);
        fitsOwnBuffer = grid && numel % v.stride(0) == 0 && end[0] <= rows;
    }

    /** Measures a view. */
    static RowMajorBox of(TensorView v) {
        return new RowMajorBox(v);
    }

    /** Whether the strides form a row-major grid that holds the view in every dimension after the first. */
    boolean onStrideGrid() {
        return onStrideGrid;
    }

    /** Copies the per-dimension origins to {@code to[at ..]}. */
    void copyOrigins(long[] to, int at) {
        System.arraycopy(origin, 0, to, at, origin.length);
    }

    /**
     * {@link Overlap#check} of {@code probe} (whose box this is) against an entry held as raw fields plus
     * its measurement ({@code entryOnGrid}; shape, strides and origins at {@code base ..} of the arrays).
     */
    Overlap classify(TensorView probe, int version, DataType dtype, int ndims, long start, long extent,
            boolean entryOnGrid, int[] shapes, long[] strides, long[] origins, int base) {
        if (probe.version() > version) {
            return Overlap.OTHER;
        }
        long ps = probe.startOffset();
        if (probe.extent() == 0 || extent == 0 || ps + probe.extent() <= start || start + extent <= ps) {
            return Overlap.NO_OVERLAP;
        }
        if (!fitsOwnBuffer || !entryOnGrid || probe.dtype() != dtype || probe.ndims() != ndims) {
            return Overlap.OTHER;
        }
        for (int i = 0; i < ndims; i++) {
            if (probe.stride(i) != strides[base + i]) {
                return Overlap.OTHER;
            }
        }
        if (origins[base] + shapes[base] > rows) {
            return Overlap.OTHER;
        }
        boolean covers = true;
        for (int i = 0; i < ndims; i++) {
            long eLo = origins[base + i];
            long eHi = eLo + shapes[base + i];
            if (end[i] <= eLo || eHi <= origin[i]) {
                return Overlap.NO_OVERLAP;
            }
            covers &= origin[i] <= eLo && eHi <= end[i];
        }
        return covers ? Overlap.COVERED : Overlap.OTHER;
    }
}
