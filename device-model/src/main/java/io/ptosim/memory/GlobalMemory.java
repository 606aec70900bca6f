package io.ptosim.memory;

import io.ptosim.kernel.DeviceMemory;
import io.ptosim.kernel.ElementSource;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorView;
import io.ptosim.spi.HostMemory;
import java.util.ArrayList;
import java.util.List;

/**
 * A sparse, byte-addressable model of a chip's global memory: 64 KiB pages created on first touch,
 * zero unless an input region covers them, in which case the region's {@link ElementSource} fills
 * them. So a workload can declare gigabytes of input and pay only for the pages kernels touch. Bulk
 * reads of floating-point input elements on pages nothing has touched come straight from the source,
 * so read-only inputs take no memory at all.
 * Elements are little-endian; FLOAT32, FLOAT16, BFLOAT16, INT32, INT16, INT8, UINT8 and INT64 convert
 * to and from double (bf16 and f16 round to nearest even). As a {@link HostMemory} it is a node's
 * simulated host address space, moved byte by byte.
 */
public final class GlobalMemory implements DeviceMemory, HostMemory {
    private static final int PAGE_BITS = 16;
    private static final int PAGE = 1 << PAGE_BITS;

    private record Region(long addr, long bytes, DataType dtype, ElementSource source) {
    }

    /** Pages by index; looked up only, never iterated. */
    private final PageTable pages = new PageTable();
    private final List<Region> regions = new ArrayList<>();
    private long lastIndex = -1;
    private byte[] lastPage;
    /** Scratch for a page's worth of floating-point input elements (2-byte ones the most); made on first use. */
    private float[] fillBuffer;

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
            if (pages.get(p) != null) {
                throw new IllegalArgumentException("input region at 0x" + Long.toHexString(addr)
                        + " covers memory already touched");
            }
        }
        regions.add(new Region(addr, bytes, dtype, source));
    }

    /** Pages materialized so far (a measure of what the run wrote or read element by element). */
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
        rows(view, dst, false);
    }

    @Override
    public void write(TensorView view, float[] src) {
        rows(view, src, true);
    }

    /**
     * Walks the view row by row (the last dimension), moving each contiguous run page by page; a view whose
     * elements are all contiguous in row-major order moves as one run.
     */
    private void rows(TensorView v, float[] data, boolean store) {
        long numel = v.numel();
        if (numel == 0) {
            return;
        }
        int n = v.ndims();
        DataType dtype = v.dtype();
        int size = dtype.bytes();
        long base = v.bufferAddr();
        if (rowMajor(v)) {
            run(dtype, base + v.startOffset() * size, Math.toIntExact(numel), data, 0, store);
            return;
        }
        int inner = v.shape(n - 1);
        long innerStride = v.stride(n - 1);
        long[] c = new long[n - 1];
        int k = 0;
        while (true) {
            long e = v.startOffset();
            for (int d = 0; d < n - 1; d++) {
                e += c[d] * v.stride(d);
            }
            if (innerStride == 1) {
                run(dtype, base + e * size, inner, data, k, store);
            } else {
                for (int i = 0; i < inner; i++) {
                    long addr = base + (e + i * innerStride) * size;
                    if (store) {
                        write(dtype, addr, data[k + i]);
                    } else {
                        data[k + i] = (float) read(dtype, addr);
                    }
                }
            }
            k += inner;
            int d = n - 2;
            while (d >= 0 && ++c[d] == v.shape(d)) {
                c[d--] = 0;
            }
            if (d < 0) {
                return;
            }
        }
    }

    /** Whether consecutive elements of the view in row-major order are consecutive in its buffer. */
    private static boolean rowMajor(TensorView v) {
        long expected = 1;
        for (int d = v.ndims() - 1; d >= 0; d--) {
            if (v.shape(d) != 1 && v.stride(d) != expected) {
                return false;
            }
            expected *= v.shape(d);
        }
        return true;
    }

    private void run(DataType dtype, long addr, int count, float[] data, int at, boolean store) {
        int size = dtype.bytes();
        while (count > 0) {
            int offset = (int) (addr & (PAGE - 1));
            int fit = Math.min(count, (PAGE - offset) / size);
            if (fit == 0 || !Elements.isFast(dtype)) {
                if (store) {
                    write(dtype, addr, data[at]);
                } else {
                    data[at] = (float) read(dtype, addr);
                }
                fit = 1;
            } else if (!store && readSource(dtype, addr, fit, data, at)) {
                addr += (long) fit * size;
                at += fit;
                count -= fit;
                continue;
            } else {
                byte[] page = page(addr);
                if (store) {
                    Elements.encodeRun(dtype, data, at, page, offset, fit);
                } else {
                    Elements.decodeRun(dtype, page, offset, data, at, fit);
                }
            }
            addr += (long) fit * size;
            at += fit;
            count -= fit;
        }
    }

    /**
     * Reads {@code count} elements at {@code addr} (all within one page) straight from an input region's
     * source, without materializing the page, when the page is untouched and the elements are whole
     * floating-point elements of one region of this dtype: each is its source value rounded to the dtype,
     * as the page would hold it. Returns whether it did.
     */
    private boolean readSource(DataType dtype, long addr, int count, float[] data, int at) {
        long index = addr >>> PAGE_BITS;
        if (index == lastIndex || !Elements.isFloat(dtype) || pages.get(index) != null) {
            return false;
        }
        int size = dtype.bytes();
        for (Region r : regions) {
            if (r.dtype() == dtype && addr >= r.addr() && addr + (long) count * size <= r.addr() + r.bytes()
                    && (addr - r.addr()) % size == 0) {
                r.source().fillFloats((addr - r.addr()) / size, data, at, count);
                if (!r.source().exactIn(dtype)) {
                    Elements.roundRun(dtype, data, at, count);
                }
                return true;
            }
        }
        return false;
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

    @Override
    public void readBytes(long addr, byte[] dst, int offset, int length) {
        while (length > 0) {
            int at = (int) (addr & (PAGE - 1));
            int n = Math.min(length, PAGE - at);
            System.arraycopy(page(addr), at, dst, offset, n);
            addr += n;
            offset += n;
            length -= n;
        }
    }

    @Override
    public void writeBytes(long addr, byte[] src, int offset, int length) {
        while (length > 0) {
            int at = (int) (addr & (PAGE - 1));
            int n = Math.min(length, PAGE - at);
            System.arraycopy(src, offset, page(addr), at, n);
            addr += n;
            offset += n;
            length -= n;
        }
    }

    private byte byteAt(long addr) {
        return page(addr)[(int) (addr & (PAGE - 1))];
    }

    private byte[] page(long addr) {
        long index = addr >>> PAGE_BITS;
        if (index == lastIndex) {
            return lastPage;
        }
        byte[] page = pages.get(index);
        if (page == null) {
            page = new byte[PAGE];
            pages.put(index, page);
            initialize(index, page);
        }
        lastIndex = index;
        lastPage = page;
        return page;
    }

    private void initialize(long index, byte[] page) {
        long start = index << PAGE_BITS;
        for (Region r : regions) {
            long from = Math.max(start, r.addr());
            long to = Math.min(start + PAGE, r.addr() + r.bytes());
            int size = r.dtype().bytes();
            long first = Math.floorDiv(from - r.addr() + size - 1, size);
            int count = (int) Math.max(0, Math.floorDiv(to - r.addr(), size) - first);
            int at = (int) (r.addr() + first * size - start);
            if (count > 0 && Elements.isFloat(r.dtype())) {
                if (fillBuffer == null) {
                    fillBuffer = new float[PAGE / 2];
                }
                r.source().fillFloats(first, fillBuffer, 0, count);
                Elements.encodeRun(r.dtype(), fillBuffer, 0, page, at, count);
                continue;
            }
            for (int e = 0; e < count; e++) {
                long bits = Elements.encode(r.dtype(), r.source().value(first + e));
                for (int i = 0; i < size; i++) {
                    page[at + e * size + i] = (byte) (bits >>> (8 * i));
                }
            }
        }
    }
}
