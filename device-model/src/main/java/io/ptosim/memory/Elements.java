package io.ptosim.memory;

import io.ptosim.runtime.DataType;

/** Conversions between doubles and the bit patterns of tensor elements. */
public final class Elements {
    private Elements() {
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
