package io.ptosim.des;

import java.util.Arrays;

/**
 * A set of positive {@code long} sequence numbers, open addressing with linear probing on one
 * primitive array; the engine keeps the sequence numbers of cancelled events here until their queue
 * entries come up. Never iterated, so its order cannot reach any output.
 */
final class SequenceSet {
    private static final long EMPTY = 0;
    private static final long REMOVED = -1;

    private long[] table = new long[16];
    private int size;
    private int used;

    int size() {
        return size;
    }

    boolean add(long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("sequence numbers are positive, got " + value);
        }
        if (2 * (used + 1) > table.length) {
            rehash(size * 4 >= table.length ? table.length * 2 : table.length);
        }
        int mask = table.length - 1;
        int firstRemoved = -1;
        for (int i = index(value, mask); ; i = (i + 1) & mask) {
            long v = table[i];
            if (v == value) {
                return false;
            }
            if (v == REMOVED && firstRemoved < 0) {
                firstRemoved = i;
            } else if (v == EMPTY) {
                if (firstRemoved >= 0) {
                    table[firstRemoved] = value;
                } else {
                    table[i] = value;
                    used++;
                }
                size++;
                return true;
            }
        }
    }

    boolean contains(long value) {
        return find(value) >= 0;
    }

    boolean remove(long value) {
        int i = find(value);
        if (i < 0) {
            return false;
        }
        table[i] = REMOVED;
        size--;
        return true;
    }

    void clear() {
        Arrays.fill(table, EMPTY);
        size = 0;
        used = 0;
    }

    private int find(long value) {
        int mask = table.length - 1;
        for (int i = index(value, mask); ; i = (i + 1) & mask) {
            long v = table[i];
            if (v == value) {
                return i;
            }
            if (v == EMPTY) {
                return -1;
            }
        }
    }

    private static int index(long value, int mask) {
        return (int) Mix.fmix64(value) & mask;
    }

    private void rehash(int capacity) {
        long[] old = table;
        table = new long[capacity];
        used = 0;
        size = 0;
        for (long v : old) {
            if (v > 0) {
                add(v);
            }
        }
    }
}
