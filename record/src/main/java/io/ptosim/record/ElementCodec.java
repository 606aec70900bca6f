package io.ptosim.record;

import io.ptosim.runtime.DataType;

/** A number as an element's bit pattern in a dtype (floats rounded to nearest even, integers truncated toward zero). */
final class ElementCodec {
    private ElementCodec() {
    }

    /**
     * The bits of {@code v} as one element of {@code dtype}, in the low {@code dtype.bytes()} bytes.
     *
     * @throws IllegalArgumentException for the a5-only 8- and 4-bit float types
     */
    static long bits(DataType dtype, double v) {
        return switch (dtype) {
            case FLOAT32 -> Float.floatToRawIntBits((float) v) & 0xFFFF_FFFFL;
            case FLOAT16 -> Float.floatToFloat16((float) v) & 0xFFFFL;
            case BFLOAT16 -> bfloat16((float) v);
            case INT8, UINT8, BOOL -> (long) v & 0xFFL;
            case INT16, UINT16 -> (long) v & 0xFFFFL;
            case INT32, UINT32 -> (long) v & 0xFFFF_FFFFL;
            case INT64 -> (long) v;
            case UINT64 -> v >= 0x1p63 ? (long) (v - 0x1p63) ^ Long.MIN_VALUE : (long) v;
            case FP8E4M3FN, FP8E8M0, FP4E2M1 -> throw new IllegalArgumentException(dtype
                    + " values cannot be given as numbers; give a FILE with the raw bytes");
        };
    }

    private static long bfloat16(float f) {
        int b = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (b >>> 16 | 0x40) & 0xFFFFL;
        }
        int rounded = b + 0x7FFF + ((b >>> 16) & 1);
        return (rounded >>> 16) & 0xFFFFL;
    }
}
