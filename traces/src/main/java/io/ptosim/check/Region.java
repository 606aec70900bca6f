package io.ptosim.check;

import java.util.Arrays;

/**
 * The elements a view touches in its buffer: element {@code start + sum(c[i] * strides[i])} for every
 * {@code 0 <= c[i] < shape[i]} (spec §1.1), counted in units of {@code unitBytes}. Held in a canonical
 * form: dimensions of size 1 or stride 0 dropped (they add no element), neighbours that are contiguous
 * ({@code stride[i-1] == size[i] * stride[i]}) merged, so a view of whole rows is one interval.
 *
 * <p>A region is a <em>grid box</em> when each stride divides the previous one and the view fits the
 * grid those strides draw (per dimension {@code i >= 1}, origin plus size at most
 * {@code stride[i-1] / stride[i]}, the origin taken digit by digit from {@code start}); then its
 * elements in increasing order are its coordinates in lexicographic order, and overlaps are exact:
 * two grid boxes on the same strides intersect dimension by dimension, an interval (one dimension of
 * stride 1) meets a grid box between the box's first element at or after the interval's start and its
 * last at or before the interval's end. Any other pair (transposed or differently strided views) is
 * compared by bounding range only, and the answer says it may overlap. Regions of different element
 * sizes are compared in bytes.
 */
final class Region {
    /** No element: the answer of the element searches when there is none. */
    private static final long NONE = -1;

    private final int unitBytes;
    private final long start;
    private final long[] sizes;
    private final long[] strides;
    /** The last element ({@code start - 1} when empty). */
    private final long last;
    /** Grid boxes only (else null): the per-dimension origin, and what is left of start below the last stride. */
    private final long[] origin;
    private final long residue;

    private Region(int unitBytes, long start, long[] sizes, long[] strides) {
        this.unitBytes = unitBytes;
        this.start = start;
        this.sizes = sizes;
        this.strides = strides;
        long extent = sizes.length == 0 ? 0 : 1;
        for (int i = 0; i < sizes.length; i++) {
            extent += (sizes[i] - 1) * strides[i];
        }
        this.last = start + extent - 1;
        long[] o = sizes.length == 0 ? null : new long[sizes.length];
        long rem = start;
        for (int i = 0; o != null && i < sizes.length; i++) {
            if (i > 0 && (strides[i - 1] % strides[i] != 0)) {
                o = null;
                break;
            }
            o[i] = rem / strides[i];
            rem %= strides[i];
            if (i > 0 && o[i] + sizes[i] > strides[i - 1] / strides[i]) {
                o = null;
            }
        }
        this.origin = o;
        this.residue = rem;
    }

    /**
     * The region of a view.
     *
     * @param start the view's start offset in elements
     * @param shape its sizes
     * @param strides its strides in elements (>= 0)
     * @param unitBytes its element size
     */
    static Region of(long start, int[] shape, long[] strides, int unitBytes) {
        long[] sizes = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            sizes[i] = shape[i];
        }
        return canonical(start, sizes, strides, unitBytes);
    }

    /** The elements {@code [0, numel)}: a whole buffer of {@code numel} elements. */
    static Region whole(long numel, int unitBytes) {
        return canonical(0, new long[] {numel}, new long[] {1}, unitBytes);
    }

    private static Region canonical(long start, long[] shape, long[] stride, int unitBytes) {
        long[] sizes = new long[shape.length];
        long[] strides = new long[shape.length];
        int n = 0;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 0) {
                return new Region(unitBytes, start, new long[0], new long[0]);
            }
            if (shape[i] == 1 || stride[i] == 0) {
                continue;
            }
            if (n > 0 && strides[n - 1] == shape[i] * stride[i]) {
                sizes[n - 1] *= shape[i];
                strides[n - 1] = stride[i];
            } else {
                sizes[n] = shape[i];
                strides[n] = stride[i];
                n++;
            }
        }
        if (n == 0) {
            return new Region(unitBytes, start, new long[] {1}, new long[] {1});
        }
        return new Region(unitBytes, start, Arrays.copyOf(sizes, n), Arrays.copyOf(strides, n));
    }

    /** The same elements counted in bytes: each element becomes a run of {@code unitBytes}. */
    private Region inBytes() {
        long[] s = Arrays.copyOf(sizes, sizes.length + 1);
        long[] st = new long[strides.length + 1];
        for (int i = 0; i < strides.length; i++) {
            st[i] = strides[i] * unitBytes;
        }
        s[sizes.length] = unitBytes;
        st[strides.length] = 1;
        return canonical(start * unitBytes, s, st, 1);
    }

    /** Whether it holds no element. */
    boolean isEmpty() {
        return sizes.length == 0;
    }

    /** Its first element. */
    long first() {
        return start;
    }

    /** Its last element. */
    long last() {
        return last;
    }

    private boolean isInterval() {
        return sizes.length == 1 && strides[0] == 1;
    }

    private boolean sameGrid(Region o) {
        return origin != null && o.origin != null && residue == o.residue && Arrays.equals(strides, o.strides);
    }

    /** The elements it shares with {@code o}, or null when it provably shares none. */
    OverlapRange overlap(Region o) {
        if (isEmpty() || o.isEmpty()) {
            return null;
        }
        if (unitBytes != o.unitBytes) {
            OverlapRange r = inBytes().overlap(o.inBytes());
            return r == null ? null : new OverlapRange(r.lo(), r.hi(), r.exact(), true);
        }
        if (last < o.start || o.last < start) {
            return null;
        }
        if (origin != null && o.origin != null && Arrays.equals(strides, o.strides)) {
            if (residue != o.residue) {
                return null;
            }
            long lo = residue;
            long hi = residue;
            for (int i = 0; i < sizes.length; i++) {
                long from = Math.max(origin[i], o.origin[i]);
                long to = Math.min(origin[i] + sizes[i], o.origin[i] + o.sizes[i]);
                if (from >= to) {
                    return null;
                }
                lo += from * strides[i];
                hi += (to - 1) * strides[i];
            }
            return new OverlapRange(lo, hi, true, false);
        }
        if (isInterval() && o.origin != null) {
            return o.within(start, last);
        }
        if (o.isInterval() && origin != null) {
            return within(o.start, o.last);
        }
        return new OverlapRange(Math.max(start, o.start), Math.min(last, o.last), false, false);
    }

    /** Whether every element of {@code o} is one of its own, as far as can be told exactly (else false). */
    boolean covers(Region o) {
        if (isEmpty() || o.isEmpty()) {
            return false;
        }
        if (unitBytes != o.unitBytes) {
            return inBytes().covers(o.inBytes());
        }
        if (isInterval()) {
            return start <= o.start && o.last <= last;
        }
        if (!sameGrid(o)) {
            return false;
        }
        for (int i = 0; i < sizes.length; i++) {
            if (o.origin[i] < origin[i] || o.origin[i] + o.sizes[i] > origin[i] + sizes[i]) {
                return false;
            }
        }
        return true;
    }

    /** A grid box's elements in {@code [lo, hi]}, exactly: from the first at or after lo to the last at or before hi. */
    private OverlapRange within(long lo, long hi) {
        long from = atOrAfter(lo);
        if (from == NONE || from > hi) {
            return null;
        }
        return new OverlapRange(from, atOrBefore(hi), true, false);
    }

    /** A grid box's first element at or after {@code a}, or {@link #NONE}. */
    private long atOrAfter(long a) {
        if (a <= start) {
            return start;
        }
        if (a > last) {
            return NONE;
        }
        long step = strides[strides.length - 1];
        long t = a - residue;
        if (t % step != 0) {
            t += step - t % step;
        }
        long[] d = digits(t);
        for (int i = 0; i < d.length; i++) {
            if (d[i] < origin[i]) {
                return element(d, i, origin[i], true);
            }
            if (d[i] >= origin[i] + sizes[i]) {
                for (int j = i - 1; j >= 0; j--) {
                    if (d[j] + 1 < origin[j] + sizes[j]) {
                        return element(d, j, d[j] + 1, true);
                    }
                }
                return NONE;
            }
        }
        return element(d, d.length, 0, true);
    }

    /** A grid box's last element at or before {@code b}, or {@link #NONE}. */
    private long atOrBefore(long b) {
        if (b >= last) {
            return last;
        }
        if (b < start) {
            return NONE;
        }
        long step = strides[strides.length - 1];
        long t = b - residue;
        t -= t % step;
        long[] d = digits(t);
        for (int i = 0; i < d.length; i++) {
            if (d[i] >= origin[i] + sizes[i]) {
                return element(d, i, origin[i] + sizes[i] - 1, false);
            }
            if (d[i] < origin[i]) {
                for (int j = i - 1; j >= 0; j--) {
                    if (d[j] > origin[j]) {
                        return element(d, j, d[j] - 1, false);
                    }
                }
                return NONE;
            }
        }
        return element(d, d.length, 0, false);
    }

    /** {@code t} (a multiple of the last stride) as coordinates on the grid, dimension 0 unbounded. */
    private long[] digits(long t) {
        long[] d = new long[strides.length];
        long rem = t;
        for (int i = 0; i < d.length; i++) {
            d[i] = rem / strides[i];
            rem %= strides[i];
        }
        return d;
    }

    /**
     * The element whose coordinates are {@code d} before dimension {@code at}, {@code value} at it, and
     * after it the box's lowest ({@code lowest}) or highest coordinates.
     */
    private long element(long[] d, int at, long value, boolean lowest) {
        long e = residue;
        for (int i = 0; i < d.length; i++) {
            long c = i < at ? d[i] : i == at ? value : lowest ? origin[i] : origin[i] + sizes[i] - 1;
            e += c * strides[i];
        }
        return e;
    }

    @Override
    public String toString() {
        return "Region[" + start + " " + Arrays.toString(sizes) + " strides " + Arrays.toString(strides) + " x"
                + unitBytes + "B]";
    }
}
