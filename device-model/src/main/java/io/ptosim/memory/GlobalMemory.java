package io.ptosim.memory;

import io.ptosim.kernel.DeviceMemory;
import io.ptosim.kernel.ElementSource;
import io.ptosim.kernel.ViewElements;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A sparse, byte-addressable model of a chip's global memory: 64 KiB pages created on first touch,
 * zero unless an input region covers them, in which case the region's {@link ElementSource} fills
 * them. So a workload can declare gigabytes of input and pay only for the pages kernels touch.
 * Elements are little-endian; FLOAT32, FLOAT16, BFLOAT16, INT32, INT16, INT8, UINT8 and INT64 convert
 * to and from double (bf16 and f16 round to nearest even).
 */
public final class GlobalMemory implements DeviceMemory {
    private static final int PAGE_BITS = 16;
    private static final int PAGE = 1 << PAGE_BITS;

    private record Region(long addr, long bytes, DataType dtype, ElementSource source) {
    }

    /** Pages by index; looked up only, never iterated. */
    private final Map<Long, byte[]> pages = new HashMap<>();
    private final List<Region> regions = new ArrayList<>();

    /**
     * Declares an input buffer whose elements start as {@code source} gives them.
     *
     * @throws IllegalArgumentException if it overlaps a declared region or touched memory
     */
    public void fill(long addr, long bytes, DataType dtype, ElementSource source) {
        for (Region r : regions) {
            if (addr < r.addr() + r.bytes() && r.addr() < addr + bytes) {
                throw new IllegalArgumentException("input region [" + Long.toHexString(addr) + ", +" + bytes
                        + ") overlaps [" + Long.toHexString(r.addr()) + ", +" + r.bytes() + ")");
            }
        }
        for (long p = addr >>> PAGE_BITS; p <= (addr + bytes - 1) >>> PAGE_BITS; p++) {
            if (pages.containsKey(p)) {
                throw new IllegalArgumentException("input region at 0x" + Long.toHexString(addr)
                        + " covers memory already touched");
            }
        }
        regions.add(new Region(addr, bytes, dtype, source));
    }

    /** Pages materialized so far (a measure of what the run touched). */
    public int pagesTouched() {
        return pages.size();
    }

    @Override
    public double get(TensorView view, long element) {
        return read(view.dtype(), view.bufferAddr() + element * view.dtype().bytes());
    }

    @Override
    public void set(TensorView view, long element, double value) {
        write(view.dtype(), view.bufferAddr() + element * view.dtype().bytes(), value);
    }

    @Override
    public void read(TensorView view, float[] dst) {
        DataType dtype = view.dtype();
        int size = dtype.bytes();
        long base = view.bufferAddr();
        int[] i = {0};
        ViewElements.forEach(view, e -> dst[i[0]++] = (float) read(dtype, base + e * size));
    }

    @Override
    public void write(TensorView view, float[] src) {
        DataType dtype = view.dtype();
        int size = dtype.bytes();
        long base = view.bufferAddr();
        int[] i = {0};
        ViewElements.forEach(view, e -> write(dtype, base + e * size, src[i[0]++]));
    }

    /** The element of type {@code dtype} at byte address {@code addr}. */
    public double read(DataType dtype, long addr) {
        long bits = 0;
        for (int i = dtype.bytes() - 1; i >= 0; i--) {
            bits = bits << 8 | (byteAt(addr + i) & 0xFF);
        }
        return Elements.decode(dtype, bits);
    }

    /** Stores {@code value} as a {@code dtype} element at byte address {@code addr}. */
    public void write(DataType dtype, long addr, double value) {
        long bits = Elements.encode(dtype, value);
        for (int i = 0; i < dtype.bytes(); i++) {
            page(addr + i)[(int) ((addr + i) & (PAGE - 1))] = (byte) (bits >>> (8 * i));
        }
    }

    private byte byteAt(long addr) {
        return page(addr)[(int) (addr & (PAGE - 1))];
    }

    private byte[] page(long addr) {
        long index = addr >>> PAGE_BITS;
        byte[] page = pages.get(index);
        if (page == null) {
            page = new byte[PAGE];
            pages.put(index, page);
            initialize(index, page);
        }
        return page;
    }

    private void initialize(long index, byte[] page) {
        long start = index << PAGE_BITS;
        for (Region r : regions) {
            long from = Math.max(start, r.addr());
            long to = Math.min(start + PAGE, r.addr() + r.bytes());
            int size = r.dtype().bytes();
            long first = Math.floorDiv(from - r.addr() + size - 1, size);
            for (long e = first; r.addr() + (e + 1) * size <= to; e++) {
                long bits = Elements.encode(r.dtype(), r.source().value(e));
                long at = r.addr() + e * size - start;
                for (int i = 0; i < size; i++) {
                    page[(int) at + i] = (byte) (bits >>> (8 * i));
                }
            }
        }
    }
}
