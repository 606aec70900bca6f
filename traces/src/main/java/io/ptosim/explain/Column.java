package io.ptosim.explain;

import java.util.Arrays;

/** A growable column of longs: one field of the explainer's per-task, per-block and per-op tables. */
final class Column {
    private long[] values = new long[256];
    private int size;

    int add(long v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, 2 * size);
        }
        values[size] = v;
        return size++;
    }

    long get(int i) {
        return values[i];
    }

    void set(int i, long v) {
        values[i] = v;
    }

    int size() {
        return size;
    }

    /** The first index whose value is greater than {@code v}, in a column sorted ascending. */
    int upperBound(long v) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
