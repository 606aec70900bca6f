package io.ptosim.runtime;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * TensorMap entry indices a submit plans to remove (its INOUT arg's COVERED hits), reused from submit
 * to submit: a primitive list, in the order they were found. Linear lookups: a submit removes few.
 */
final class EntryList {
    private int[] entries = new int[8];
    private int size;

    void clear() {
        size = 0;
    }

    int size() {
        return size;
    }

    int get(int i) {
        return entries[i];
    }

    boolean contains(int entry) {
        for (int i = 0; i < size; i++) {
            if (entries[i] == entry) {
                return true;
            }
        }
        return false;
    }

    /** Keeps only the entries {@code keep} accepts, in their order. */
    void retainIf(IntPredicate keep) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (keep.test(entries[i])) {
                entries[n++] = entries[i];
            }
        }
        size = n;
    }

    void add(int entry) {
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
        }
        entries[size++] = entry;
    }
}
