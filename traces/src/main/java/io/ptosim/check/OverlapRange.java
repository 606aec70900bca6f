package io.ptosim.check;

/**
 * The elements two accesses share: from the first to the last shared element of the buffer, inclusive.
 * Exact when both views are boxes on one row-major grid (or one is a plain interval); otherwise the
 * intersection of their bounding ranges, which may hold no shared element at all.
 *
 * @param lo the first shared element (offset from the buffer's start, in units)
 * @param hi the last shared element
 * @param exact whether lo and hi are shared elements for certain
 * @param bytes whether lo and hi count bytes (the views' element sizes differ) rather than elements
 */
public record OverlapRange(long lo, long hi, boolean exact, boolean bytes) {
    /** E.g. {@code elements [0, 127]}, {@code may overlap in elements [4, 27]}, {@code bytes [0, 511]}. */
    public String describe() {
        String range = (bytes ? "bytes" : "elements") + " [" + lo + ", " + hi + "]";
        return exact ? range : "may overlap in " + range;
    }
}
