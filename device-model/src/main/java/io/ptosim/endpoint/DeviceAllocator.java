package io.ptosim.endpoint;

import java.util.Map;
import java.util.TreeMap;

/**
 * A deterministic first-fit allocator over the device address range {@code [base, base + capacity)}:
 * every block starts on a {@value #ALIGNMENT}-byte boundary and its size is rounded up to one; the
 * lowest free range that fits is taken, and freed blocks merge with their free neighbours.
 */
public final class DeviceAllocator {
    /** Alignment of every block's start and size, in bytes. */
    public static final long ALIGNMENT = 512;

    private final long base;
    private final long capacity;
    /** Free ranges by start: start to size, never adjacent. */
    private final TreeMap<Long, Long> free = new TreeMap<>();
    /** Live blocks by start: start to (rounded) size. */
    private final TreeMap<Long, Long> live = new TreeMap<>();
    private long committed;

    /**
     * An empty allocator; {@code base} must be aligned.
     *
     * @throws IllegalArgumentException if {@code base} is unaligned or {@code capacity} negative
     */
    public DeviceAllocator(long base, long capacity) {
        if (base % ALIGNMENT != 0 || capacity < 0) {
            throw new IllegalArgumentException("device range 0x" + Long.toHexString(base) + " + " + capacity
                    + " bytes; expected a " + ALIGNMENT + "-byte aligned base and a size >= 0");
        }
        this.base = base;
        this.capacity = capacity - capacity % ALIGNMENT;
        if (this.capacity > 0) {
            free.put(base, this.capacity);
        }
    }

    /** The block's start, or -1 when {@code bytes} is not positive or no free range fits it. */
    public long allocate(long bytes) {
        if (bytes <= 0 || bytes > capacity) {
            return -1;
        }
        long size = (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        for (Map.Entry<Long, Long> f : free.entrySet()) {
            long available = f.getValue();
            if (available >= size) {
                long start = f.getKey();
                free.remove(start);
                if (available > size) {
                    free.put(start + size, available - size);
                }
                live.put(start, size);
                committed += size;
                return start;
            }
        }
        return -1;
    }

    /** Frees the block starting at {@code ptr}; returns false (and changes nothing) if none does. */
    public boolean free(long ptr) {
        Long size = live.remove(ptr);
        if (size == null) {
            return false;
        }
        committed -= size;
        long start = ptr;
        long length = size;
        Map.Entry<Long, Long> below = free.floorEntry(ptr);
        if (below != null && below.getKey() + below.getValue() == ptr) {
            free.remove(below.getKey());
            start = below.getKey();
            length += below.getValue();
        }
        Long above = free.remove(ptr + size);
        if (above != null) {
            length += above;
        }
        free.put(start, length);
        return true;
    }

    /** Whether {@code [addr, addr + bytes)} (at least its first byte) lies inside one live block. */
    public boolean contains(long addr, long bytes) {
        Map.Entry<Long, Long> b = live.floorEntry(addr);
        return b != null && bytes >= 0 && addr < b.getKey() + b.getValue()
                && addr + bytes <= b.getKey() + b.getValue();
    }

    /** Bytes held by live blocks (sizes rounded up to the alignment). */
    public long committed() {
        return committed;
    }

    /** Bytes it can hand out in all. */
    public long capacity() {
        return capacity;
    }

    /** Its lowest address. */
    public long base() {
        return base;
    }
}
