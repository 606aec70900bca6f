package io.ptosim.memory;

import io.ptosim.runtime.DataType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Conversions between doubles and the bit patterns of tensor elements. */
public final class Elements {
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private Elements() {
    }

    /** Whether runs of this dtype convert in bulk ({@link #decodeRun}, {@link #encodeRun}). */
    static boolean isFast(DataType dtype) {
        return dtype == DataType.FLOAT32 || dtype == DataType.BFLOAT16 || dtype == DataType.FLOAT16
                || dtype == DataType.INT32;
    }

    /** Whether elements of this dtype are floating point and convert in bulk: their values round through float. */
    static boolean isFloat(DataType dtype) {
        return dtype == DataType.FLOAT32 || dtype == DataType.BFLOAT16 || dtype == DataType.FLOAT16;
    }

    /** Rounds {@code a[at..at+count)} to the floating-point {@code dtype} in place, as storing and loading would. */
    static void roundRun(DataType dtype, float[] a, int at, int count) {
        switch (dtype) {
            case FLOAT32 -> {
            }
            case BFLOAT16 -> {
                for (int i = at; i < at + count; i++) {
                    a[i] = roundBfloat16(a[i]);
                }
            }
            case FLOAT16 -> {
                for (int i = at; i < at + count; i++) {
                    a[i] = Float.float16ToFloat(Float.floatToFloat16(a[i]));
                }
            }
            default -> throw new IllegalArgumentException("not a floating-point type: " + dtype);
        }
    }

    /**
     * Decodes {@code count} little-endian elements from {@code bytes[offset..]} into {@code dst[at..]}.
     * FLOAT32 runs are one bulk buffer copy (raw bits), also fast before the JIT has compiled anything.
     */
    static void decodeRun(DataType dtype, byte[] bytes, int offset, float[] dst, int at, int count) {
        switch (dtype) {
            case FLOAT32 -> ByteBuffer.wrap(bytes, offset, 4 * count).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                    .get(dst, at, count);
            case BFLOAT16 -> {
                for (int i = 0; i < count; i++) {
                    dst[at + i] = Float.intBitsToFloat(((short) SHORTS.get(bytes, offset + 2 * i) & 0xFFFF) << 16);
                }
            }
            case FLOAT16 -> {
                for (int i = 0; i < count; i++) {
                    dst[at + i] = Float.float16ToFloat((short) SHORTS.get(bytes, offset + 2 * i));
                }
            }
            case INT32 -> {
                for (int i = 0; i < count; i++) {
                    dst[at + i] = (int) INTS.get(bytes, offset + 4 * i);
                }
            }
            default -> throw new IllegalArgumentException("no bulk conversion for " + dtype);
        }
    }

    /** Encodes {@code src[at..at+count)} as little-endian elements into {@code bytes[offset..]}. */
    static void encodeRun(DataType dtype, float[] src, int at, byte[] bytes, int offset, int count) {
        switch (dtype) {
            case FLOAT32 -> ByteBuffer.wrap(bytes, offset, 4 * count).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                    .put(src, at, count);
            case BFLOAT16 -> {
                for (int i = 0; i < count; i++) {
                    SHORTS.set(bytes, offset + 2 * i, (short) toBfloat16(src[at + i]));
                }
            }
            case FLOAT16 -> {
                for (int i = 0; i < count; i++) {
                    SHORTS.set(bytes, offset + 2 * i, Float.floatToFloat16(src[at + i]));
                }
            }
            case INT32 -> {
                for (int i = 0; i < count; i++) {
                    INTS.set(bytes, offset + 4 * i, (int) src[at + i]);
                }
            }
            default -> throw new IllegalArgumentException("no bulk conversion for " + dtype);
        }
    }

    /** The bit pattern (low {@code dtype.bytes()} bytes) of {@code value} as a {@code dtype} element. */
    public static long encode(DataType dtype, double value) {
        return switch (dtype) {
            case FLOAT32 -> Float.floatToRawIntBits((float) value) & 0xFFFF_FFFFL;
            case FLOAT16 -> Float.floatToFloat16((float) value) & 0xFFFFL;
            case BFLOAT16 -> toBfloat16((float) value);
            case INT32, UINT32 -> (long) value & 0xFFFF_FFFFL;
            case INT16, UINT16 -> (long) value & 0xFFFFL;
            case INT8, UINT8, BOOL -> (long) value & 0xFFL;
            case INT64, UINT64 -> (long) value;
            default -> throw new IllegalArgumentException("no numeric conversion for " + dtype);
        };
    }

    /** The value of a {@code dtype} element's bit pattern. */
    public static double decode(DataType dtype, long bits) {
        return switch (dtype) {
            case FLOAT32 -> Float.intBitsToFloat((int) bits);
            case FLOAT16 -> Float.float16ToFloat((short) bits);
            case BFLOAT16 -> Float.intBitsToFloat((int) (bits & 0xFFFF) << 16);
            case INT32 -> (int) bits;
            case UINT32 -> bits & 0xFFFF_FFFFL;
            case INT16 -> (short) bits;
            case UINT16 -> bits & 0xFFFF;
            case INT8 -> (byte) bits;
            case UINT8, BOOL -> bits & 0xFF;
            case INT64, UINT64 -> bits;
            default -> throw new IllegalArgumentException("no numeric conversion for " + dtype);
        };
    }

    /** {@code value} rounded to bfloat16 (nearest, ties to even; NaN stays NaN). */
    public static long toBfloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return ((bits >>> 16) | 0x40) & 0xFFFF;
        }
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return ((bits + rounding) >>> 16) & 0xFFFF;
    }

    /** {@code value} rounded to bfloat16 and back, as kernels that store bf16 see it. */
    public static float roundBfloat16(float value) {
        return Float.intBitsToFloat((int) toBfloat16(value) << 16);
    }
}
