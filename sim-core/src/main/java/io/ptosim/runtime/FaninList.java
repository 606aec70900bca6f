package io.ptosim.runtime;

import java.util.Arrays;

/**
 * The fanin edges a submit is gathering, reused from submit to submit: producer ids with their WAIT /
 * RETAIN flags in first-seen order, a repeat producer ORing its flags into the existing edge (the
 * runtime's per-submit dedup). Linear lookups: a task has few fanins.
 */
final class FaninList {
    private long[] ids = new long[16];
    private byte[] flags = new byte[16];
    private int size;

    void clear() {
        size = 0;
    }

    int size() {
        return size;
    }

    long id(int i) {
        return ids[i];
    }

    byte flags(int i) {
        return flags[i];
    }

    boolean contains(long producer) {
        return indexOf(producer) >= 0;
    }

    private int indexOf(long producer) {
        for (int i = 0; i < size; i++) {
            if (ids[i] == producer) {
                return i;
            }
        }
        return -1;
    }

    /** Adds an edge, or ORs {@code f} into the edge already to {@code producer}. */
    void add(long producer, int f) {
        int i = indexOf(producer);
        if (i >= 0) {
            flags[i] |= (byte) f;
            return;
        }
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            flags = Arrays.copyOf(flags, size * 2);
        }
        ids[size] = producer;
        flags[size] = (byte) f;
        size++;
    }
}
