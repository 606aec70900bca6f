package io.ptosim.hw.abi;

import io.ptosim.runtime.DataType;
import java.util.Arrays;

/**
 * One tensor argument of a run: a dense row-major buffer at a raw native address the caller keeps valid.
 *
 * @param addr host address (copied in and out by the runtime) or device pointer from {@link NativeDevice#malloc}
 * @param bytes the buffer's size in bytes, at least the elements' size
 * @param shapes 1..5 dimensions, each positive
 * @param dtype the element type (simpler's HEAD types end at {@link DataType#BOOL}, code 11)
 * @param device whether {@code addr} is device memory (passed through untouched)
 */
public record NativeTensor(long addr, long bytes, int[] shapes, DataType dtype, boolean device) {

    /** The highest DataType code simpler's HEAD ChipTensor carries (BOOL). */
    public static final int MAX_DTYPE_CODE = 11;

    /** Validates the shape and type and copies the shape. */
    public NativeTensor {
        if (shapes.length < 1 || shapes.length > ChipTensorDescriptor.MAX_DIMS) {
            throw new IllegalArgumentException("tensor has " + shapes.length + " dimensions; expected 1..5");
        }
        shapes = shapes.clone();
        long elements = 1;
        for (int s : shapes) {
            if (s <= 0) {
                throw new IllegalArgumentException("tensor shape " + Arrays.toString(shapes) + ": dimensions must be > 0");
            }
            elements = Math.multiplyExact(elements, s);
        }
        if (dtype.code() > MAX_DTYPE_CODE) {
            throw new IllegalArgumentException("dtype " + dtype + " (code " + dtype.code() + ") is not in simpler's"
                    + " HEAD DataType, which ends at BOOL (" + MAX_DTYPE_CODE + ")");
        }
        long need = Math.multiplyExact(elements, dtype.bytes());
        if (bytes < need) {
            throw new IllegalArgumentException("tensor " + Arrays.toString(shapes) + " of "
                    + dtype + " needs " + need + " bytes, got " + bytes);
        }
        if (addr == 0) {
            throw new IllegalArgumentException("tensor address is 0");
        }
    }

    /** A dense FLOAT32 tensor. */
    public static NativeTensor float32(long addr, boolean device, int... shapes) {
        long n = 4;
        for (int s : shapes) {
            n *= s;
        }
        return new NativeTensor(addr, n, shapes, DataType.FLOAT32, device);
    }

    @Override
    public int[] shapes() {
        return shapes.clone();
    }

    /** The number of elements. */
    public long elements() {
        long n = 1;
        for (int s : shapes) {
            n *= s;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NativeTensor t && t.addr == addr && t.bytes == bytes && Arrays.equals(t.shapes, shapes)
                && t.dtype == dtype && t.device == device;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(addr) * 31 + Arrays.hashCode(shapes);
    }

    @Override
    public String toString() {
        return "NativeTensor[addr=0x" + Long.toHexString(addr) + ", bytes=" + bytes + ", shapes="
                + Arrays.toString(shapes) + ", dtype=" + dtype + ", device=" + device + "]";
    }
}
