package io.ptosim.memory;

/**
 * Pages of a {@link GlobalMemory} by page index: an open-addressing hash table with primitive keys (no
 * boxing on the hot lookup), linear probing, at most half full. Looked up only, never iterated.
 */
final class PageTable {
    private static final long MIX = 0x9E3779B97F4A7C15L;

    private long[] keys = new long[64];
    private byte[][] pages = new byte[64][];
    private int size;

    /** The page at {@code index}, or null. */
    byte[] get(long index) {
        int mask = keys.length - 1;
        for (int i = slot(index, mask); ; i = (i + 1) & mask) {
            byte[] page = pages[i];
            if (page == null || keys[i] == index) {
                return page;
            }
        }
    }

    /** Adds {@code page} at {@code index}, which holds no page yet. */
    void put(long index, byte[] page) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        insert(index, page);
        size++;
    }

    /** Pages held. */
    int size() {
        return size;
    }

    private void insert(long index, byte[] page) {
        int mask = keys.length - 1;
        int i = slot(index, mask);
        while (pages[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = index;
        pages[i] = page;
    }

    private void grow() {
        long[] oldKeys = keys;
        byte[][] oldPages = pages;
        keys = new long[2 * oldKeys.length];
        pages = new byte[2 * oldKeys.length][];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldPages[i] != null) {
                insert(oldKeys[i], oldPages[i]);
            }
        }
    }

    private static int slot(long index, int mask) {
        return (int) ((index * MIX) >>> 40) & mask;
    }
}
