package io.ptosim.check;

import java.util.Arrays;

/**
 * The elements a view touches in its buffer: element {@code start + sum(c[i] * strides[i])} for every
 * {@code 0 <= c[i] < shape[i]} (spec §1.1), counted in units of {@code unitBytes}. Dimensions of size 1
 * or stride 0 add no element and are dropped; the rest are kept by decreasing stride (their order does
 * not change the set).
 *
 * <p>Two regions are compared exactly when both are <em>boxes on one grid</em>: the strides of both,
 * together, each dividing the next larger one, and each region fitting that grid when its start is
 * taken digit by digit (per grid dimension {@code i >= 1}, its origin plus its size there, 1 where it
 * has no such stride, at most {@code grid[i-1] / grid[i]}). Then elements in increasing order are
 * coordinates in lexicographic order, and two boxes meet dimension by dimension. So do sub-boxes of one
 * row-major layout, whatever dimensions of size 1 they dropped. Otherwise, a region that is one interval
 * (its dimensions merge into one run) meets a box between the box's first element at or after the
 * interval's start and its last at or before its end. Any other pair (transposed or otherwise strided
 * views) is compared by bounding range only, and the answer says it may overlap. Regions of different
 * element sizes are compared in bytes.
 */
final class Region {
    /** No element: the answer of the element searches when there is none. */
    private static final long NONE = -1;

    private final int unitBytes;
    private final long start;
    /** Dimensions by decreasing stride; none when empty; {@code [1]} stride {@code [1]} for one element. */
    private final long[] sizes;
    private final long[] strides;
    /** The last element ({@code start - 1} when empty). */
    private final long last;
    /** The region as a box on its own strides, or null when it does not fit them. */
    private final Box box;
    private final boolean interval;

    /**
     * Coordinates on a grid: per grid dimension the origin and size, and what is left of the start below
     * the finest stride.
     */
    private record Box(long[] origin, long[] sizes, long residue) {
    }

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
        this.box = sizes.length == 0 ? null : on(strides);
        long run = 1;
        boolean merges = true;
        for (int i = sizes.length - 1; i >= 0 && merges; i--) {
            merges = strides[i] == run;
            run *= sizes[i];
        }
        this.interval = sizes.length > 0 && merges;
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
        return of(start, sizes, strides, unitBytes);
    }

    /** The elements {@code [0, numel)}: a whole buffer of {@code numel} elements. */
    static Region whole(long numel, int unitBytes) {
        return of(0, new long[] {numel}, new long[] {1}, unitBytes);
    }

    private static Region of(long start, long[] shape, long[] stride, int unitBytes) {
        long[] sizes = new long[shape.length];
        long[] strides = new long[shape.length];
        int n = 0;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 0) {
                return new Region(unitBytes, start, new long[0], new long[0]);
            }
            if (shape[i] > 1 && stride[i] > 0) {
                int at = n++;
                while (at > 0 && strides[at - 1] < stride[i]) {
                    sizes[at] = sizes[at - 1];
                    strides[at] = strides[at - 1];
                    at--;
                }
                sizes[at] = shape[i];
                strides[at] = stride[i];
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
        return of(start * unitBytes, s, st, 1);
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

    /** The elements it shares with {@code o}, or null when it provably shares none. */
    OverlapRange overlap(Region o) {
        if (isEmpty() || o.isEmpty()) {
            return null;
        }
        if (unitBytes != o.unitBytes) {
            OverlapRange r = inBytes().overlap(o.inBytes());
            return r == null ? null : new OverlapRange(r.lo(), r.hi(), r.exact(), true, r.box());
        }
        if (last < o.start || o.last < start) {
            return null;
        }
        long[] grid = commonGrid(o);
        Box mine = grid == null ? null : grid == strides ? box : on(grid);
        Box theirs = mine == null ? null : grid == strides ? o.box : o.on(grid);
        if (theirs != null) {
            if (mine.residue() != theirs.residue()) {
                return null;
            }
            long lo = mine.residue();
            long hi = mine.residue();
            long[] first = new long[grid.length];
            long[] last = new long[grid.length];
            for (int i = 0; i < grid.length; i++) {
                long from = Math.max(mine.origin()[i], theirs.origin()[i]);
                long to = Math.min(mine.origin()[i] + mine.sizes()[i], theirs.origin()[i] + theirs.sizes()[i]);
                if (from >= to) {
                    return null;
                }
                first[i] = from;
                last[i] = to - 1;
                lo += from * grid[i];
                hi += (to - 1) * grid[i];
            }
            return new OverlapRange(lo, hi, true, false, new OverlapRange.Box(mine.residue(), grid, first, last));
        }
        if (interval && o.box != null) {
            return o.within(start, last);
        }
        if (o.interval && box != null) {
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
        if (interval) {
            return start <= o.start && o.last <= last;
        }
        long[] grid = commonGrid(o);
        Box mine = grid == null ? null : grid == strides ? box : on(grid);
        Box theirs = mine == null ? null : grid == strides ? o.box : o.on(grid);
        if (theirs == null || mine.residue() != theirs.residue()) {
            return false;
        }
        for (int i = 0; i < grid.length; i++) {
            if (theirs.origin()[i] < mine.origin()[i]
                    || theirs.origin()[i] + theirs.sizes()[i] > mine.origin()[i] + mine.sizes()[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The strides of both, together and decreasing, if each divides the next larger one; this region's
     * own array when the other has the same strides; else null.
     */
    private long[] commonGrid(Region o) {
        if (Arrays.equals(strides, o.strides)) {
            return strides;
        }
        long[] grid = new long[strides.length + o.strides.length];
        int n = 0;
        int i = 0;
        int j = 0;
        while (i < strides.length || j < o.strides.length) {
            long next = j >= o.strides.length || i < strides.length && strides[i] >= o.strides[j] ? strides[i]
                    : o.strides[j];
            if (n == 0 || grid[n - 1] != next) {
                if (n > 0 && grid[n - 1] % next != 0) {
                    return null;
                }
                grid[n++] = next;
            }
            if (i < strides.length && strides[i] == next) {
                i++;
            } else {
                j++;
            }
        }
        return Arrays.copyOf(grid, n);
    }

    /** This region's coordinates on {@code grid} (a grid its strides are all in), or null when it does not fit. */
    private Box on(long[] grid) {
        long[] size = new long[grid.length];
        Arrays.fill(size, 1);
        int g = 0;
        for (int d = 0; d < strides.length; d++) {
            while (grid[g] != strides[d]) {
                g++;
            }
            if (size[g] != 1) {
                return null;
            }
            size[g] = sizes[d];
        }
        long[] origin = new long[grid.length];
        long rem = start;
        for (int i = 0; i < grid.length; i++) {
            if (i > 0 && grid[i - 1] % grid[i] != 0) {
                return null;
            }
            origin[i] = rem / grid[i];
            rem %= grid[i];
            if (i > 0 && origin[i] + size[i] > grid[i - 1] / grid[i]) {
                return null;
            }
        }
        return new Box(origin, size, rem);
    }

    /** A box's elements in {@code [lo, hi]}, exactly: from the first at or after lo to the last at or before hi. */
    private OverlapRange within(long lo, long hi) {
        long from = atOrAfter(lo);
        if (from == NONE || from > hi) {
            return null;
        }
        return new OverlapRange(from, atOrBefore(hi), true, false);
    }

    /** A box's first element at or after {@code a}, or {@link #NONE}. */
    private long atOrAfter(long a) {
        if (a <= start) {
            return start;
        }
        if (a > last) {
            return NONE;
        }
        long step = strides[strides.length - 1];
        long t = a - box.residue();
        if (t % step != 0) {
            t += step - t % step;
        }
        long[] d = digits(t);
        long[] origin = box.origin();
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

    /** A box's last element at or before {@code b}, or {@link #NONE}. */
    private long atOrBefore(long b) {
        if (b >= last) {
            return last;
        }
        if (b < start) {
            return NONE;
        }
        long step = strides[strides.length - 1];
        long t = b - box.residue();
        t -= t % step;
        long[] d = digits(t);
        long[] origin = box.origin();
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

    /** {@code t} (a multiple of the finest stride) as coordinates on the strides, dimension 0 unbounded. */
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
        long[] origin = box.origin();
        long e = box.residue();
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
