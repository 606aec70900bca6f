package io.ptosim.check;

import java.util.Arrays;

/**
 * The elements two accesses share: from the first to the last shared element of the buffer, inclusive.
 * Exact when both views are boxes on one row-major grid (or one is a plain interval); otherwise the
 * intersection of their bounding ranges, which may hold no shared element at all. When both are boxes,
 * the shared elements are a box too ({@link #box()}): per grid dimension a range of coordinates, which
 * is what a strided overlap prints as.
 *
 * @param lo the first shared element (offset from the buffer's start, in units)
 * @param hi the last shared element
 * @param exact whether lo and hi are shared elements for certain
 * @param bytes whether lo and hi count bytes (the views' element sizes differ) rather than elements
 * @param box the shared elements as a box, or null when they are not known to form one
 */
public record OverlapRange(long lo, long hi, boolean exact, boolean bytes, Box box) {
    /** Letters naming the coordinates of a box, outermost first. */
    private static final String NAMES = "ijklmnpqrs";

    /**
     * Shared elements {@code residue + sum(c[d] * strides[d])} for every {@code from[d] <= c[d] <= to[d]}.
     *
     * @param residue the offset below the finest stride
     * @param strides the grid's strides, decreasing
     * @param from the first coordinate per dimension
     * @param to the last coordinate per dimension
     */
    public record Box(long residue, long[] strides, long[] from, long[] to) {
        /** Copies the arrays. */
        public Box {
            strides = strides.clone();
            from = from.clone();
            to = to.clone();
        }

        /** How many elements it holds. */
        public long count() {
            long n = 1;
            for (int d = 0; d < strides.length; d++) {
                n *= to[d] - from[d] + 1;
            }
            return n;
        }

        @Override
        public long[] strides() {
            return strides.clone();
        }

        @Override
        public long[] from() {
            return from.clone();
        }

        @Override
        public long[] to() {
            return to.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Box b && residue == b.residue && Arrays.equals(strides, b.strides)
                    && Arrays.equals(from, b.from) && Arrays.equals(to, b.to);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(new long[] {residue, Arrays.hashCode(strides), Arrays.hashCode(from),
                Arrays.hashCode(to)});
        }

        @Override
        public String toString() {
            return "Box[" + residue + " + " + Arrays.toString(strides) + " from " + Arrays.toString(from) + " to "
                    + Arrays.toString(to) + "]";
        }
    }

    /** A range with no box. */
    public OverlapRange(long lo, long hi, boolean exact, boolean bytes) {
        this(lo, hi, exact, bytes, null);
    }

    /** Whether the shared elements are not one run: they print as a box. */
    public boolean strided() {
        return box != null && box.count() != hi - lo + 1 && box.strides.length <= NAMES.length();
    }

    /**
     * E.g. {@code elements [0, 127]}, {@code may overlap in elements [4, 27]}, {@code bytes [0, 511]}, and
     * for a strided overlap {@code elements 8*i + j for i in [0, 3], j in [2, 3]}.
     */
    public String describe() {
        String unit = bytes ? "bytes" : "elements";
        if (strided()) {
            StringBuilder s = new StringBuilder(unit + " ");
            if (box.residue != 0) {
                s.append(box.residue).append(" + ");
            }
            StringBuilder ranges = new StringBuilder();
            for (int d = 0; d < box.strides.length; d++) {
                char c = NAMES.charAt(d);
                s.append(d == 0 ? "" : " + ").append(box.strides[d] == 1 ? "" : box.strides[d] + "*").append(c);
                ranges.append(d == 0 ? "" : ", ").append(c).append(" in [").append(box.from[d]).append(", ")
                        .append(box.to[d]).append(']');
            }
            return s.append(" for ").append(ranges).toString();
        }
        String range = unit + " [" + lo + ", " + hi + "]";
        return exact ? range : "may overlap in " + range;
    }
}
