package io.ptosim.workloads;

import io.ptosim.memory.Elements;

/**
 * Deterministic pseudo-random input data: each element's value is a pure function of a per-buffer
 * salt and its index (a SplitMix64 finalizer), so memory can be filled lazily and a golden can
 * recompute any input without reading device memory.
 */
final class InputValues {
    private InputValues() {
    }

    /** Uniform in {@code [-1, 1)}, exactly representable as a float (24-bit grid). */
    static float uniform(long salt, long index) {
        long z = index * 0x9E3779B97F4A7C15L + salt * 0xD1B54A32D192ED03L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 40) * 0x1.0p-23f - 1.0f;
    }

    /** {@link #uniform} rounded to bfloat16, as a bf16 input buffer holds it. */
    static float uniformBf16(long salt, long index) {
        return Elements.roundBfloat16(uniform(salt, index));
    }

    /**
     * Fills {@code dst[at, at + count)} with {@link #uniformBf16} of indices {@code first, first + 1, ...}:
     * the same values, in a loop without calls or branches (uniform values are never NaN, so the bf16
     * rounding needs no NaN case) that the JIT can vectorize.
     */
    static void fillUniformBf16(long salt, long first, float[] dst, int at, int count) {
        long saltTerm = salt * 0xD1B54A32D192ED03L;
        for (int i = 0; i < count; i++) {
            long z = (first + i) * 0x9E3779B97F4A7C15L + saltTerm;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            int bits = Float.floatToRawIntBits((z >>> 40) * 0x1.0p-23f - 1.0f);
            dst[at + i] = Float.intBitsToFloat((bits + 0x7FFF + ((bits >>> 16) & 1)) & 0xFFFF_0000);
        }
    }
}
