package io.ptosim.runtime;

/**
 * A ring's output heap (spec §6.1): a bump allocator over {@code size} bytes with a {@code top} where
 * the next block goes and a {@code tail} behind which everything is free. Blocks are 64-byte aligned;
 * a zero-size request returns the current top and moves nothing. When the space at the top is short
 * it wraps to 0 if the tail is strictly beyond the request; an empty heap that cannot fit at the top
 * rebases (everything restarts at 0 and the tail stops following retirements until the rebasing task
 * itself retires).
 */
public final class HeapRing {
    /** Alignment of every heap block. */
    public static final int ALIGNMENT = 64;
    private static final long NO_ANCHOR = -1;

    private final long base;
    private final long size;
    private long top;
    private long tail;
    private long anchor = NO_ANCHOR;

    /**
     * A heap of {@code size} bytes starting at device address {@code base}.
     *
     * @throws IllegalArgumentException if the size is below 1024 bytes
     */
    public HeapRing(long base, long size) {
        if (size < 1024) {
            throw new IllegalArgumentException("heap size " + size + " bytes; expected >= 1024");
        }
        this.base = base;
        this.size = size;
    }

    /** Rounds a request up to the block alignment. */
    public static long aligned(long bytes) {
        return (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /** Where a block would go, without placing it. */
    private enum Placement {
        /** At the top. */
        TOP,
        /** Wrapped to offset 0 (the tail is strictly beyond the block). */
        WRAP,
        /** The heap is empty: restart everything at 0. */
        REBASE,
        /** It does not fit now. */
        NONE
    }

    private Placement placement(long need) {
        if (top >= tail) {
            if (size - top >= need) {
                return Placement.TOP;
            }
            if (tail > need) {
                return Placement.WRAP;
            }
            return top == tail && need <= size ? Placement.REBASE : Placement.NONE;
        }
        return tail - top > need ? Placement.TOP : Placement.NONE;
    }

    /** Whether a block of {@code bytes} could be placed now (zero-size blocks always can). */
    public boolean fits(long bytes) {
        return bytes <= 0 || placement(aligned(bytes)) != Placement.NONE;
    }

    /**
     * Places a block of {@code bytes} for local task {@code local}, or returns -1 if it does not fit now.
     *
     * @return the block's device address, or -1
     */
    public long allocate(long bytes, long local) {
        long need = bytes > 0 ? aligned(bytes) : 0;
        if (need == 0) {
            return base + top;
        }
        switch (placement(need)) {
            case TOP -> {
                long at = top;
                top += need;
                return base + at;
            }
            case WRAP -> {
                top = need;
                return base;
            }
            case REBASE -> {
                top = need;
                tail = 0;
                anchor = local;
                return base;
            }
            default -> {
                return -1;
            }
        }
    }

    /**
     * The ring's watermark moved to {@code watermark}: unless a rebase anchor at or above it is pending,
     * the tail follows to {@code packedEnd}, the end address of the last retired task's block.
     */
    public void retire(long watermark, long packedEnd) {
        if (anchor != NO_ANCHOR && watermark <= anchor) {
            return;
        }
        tail = packedEnd - base;
    }

    /** Sets the tail offset directly (the runtime's unit tests do this to model retirements). */
    public void setTail(long offset) {
        tail = offset;
    }

    /** Byte offset where the next block goes. */
    public long top() {
        return top;
    }

    /** Byte offset of the oldest live byte. */
    public long tail() {
        return tail;
    }

    /** Bytes in use: {@code (top + size - tail) mod size}. */
    public long used() {
        return top >= tail ? top - tail : size - tail + top;
    }

    /** The largest block that could be placed now. */
    public long available() {
        if (top == tail) {
            return size;
        }
        return top > tail ? Math.max(size - top, tail) : tail - top;
    }

    /** Total bytes. */
    public long size() {
        return size;
    }

    /** Device address of byte 0. */
    public long base() {
        return base;
    }
}
