package io.ptosim.workloads;

import io.ptosim.kernel.ElementSource;
import io.ptosim.memory.Elements;
import io.ptosim.runtime.DataType;

/**
 * Deterministic pseudo-random input data: each element's value is a pure function of a per-buffer
 * salt and its index (a SplitMix64 finalizer), so memory can be filled lazily and a golden can
 * recompute any input without reading device memory.
 */
final class InputValues {
    private static final long INDEX_MIX = 0x9E3779B97F4A7C15L;
    private static final long SALT_MIX = 0xD1B54A32D192ED03L;
    /** Elements per step of {@link #fillUniformBf16}. */
    private static final int CHUNK = 1024;
    /** {@code i * INDEX_MIX} for {@code i < CHUNK}. */
    private static final long[] INDEX_PRODUCTS = new long[CHUNK];

    static {
        for (int i = 0; i < CHUNK; i++) {
            INDEX_PRODUCTS[i] = i * INDEX_MIX;
        }
    }

    private InputValues() {
    }

    /** Uniform in {@code [-1, 1)}, exactly representable as a float (24-bit grid). */
    static float uniform(long salt, long index) {
        long z = index * INDEX_MIX + salt * SALT_MIX;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 40) * 0x1.0p-23f - 1.0f;
    }

    /** {@link #uniform} rounded to bfloat16, as a bf16 input buffer holds it. */
    static float uniformBf16(long salt, long index) {
        return Elements.roundBfloat16(uniform(salt, index));
    }

    /** The buffer source of {@link #uniformBf16} values salted {@code salt}, with a bulk fill. */
    static ElementSource uniformBf16Source(long salt) {
        return new ElementSource() {
            @Override
            public double value(long element) {
                return uniformBf16(salt, element);
            }

            @Override
            public void fillFloats(long first, float[] dst, int at, int count) {
                fillUniformBf16(salt, first, dst, at, count);
            }

            /** bf16 values; f32 holds every bf16 value. */
            @Override
            public boolean exactIn(DataType dtype) {
                return dtype == DataType.BFLOAT16 || dtype == DataType.FLOAT32;
            }
        };
    }

    /**
     * Fills {@code dst[at, at + count)} with {@link #uniformBf16} of indices {@code first, first + 1, ...}:
     * the same values, in a loop the JIT vectorizes. The index products come from a table (an int
     * induction variable widened to long would stop the vectorizer) and the bf16 rounding is
     * {@link #roundUniformToBf16}, in float arithmetic.
     */
    static void fillUniformBf16(long salt, long first, float[] dst, int at, int count) {
        long saltTerm = salt * SALT_MIX;
        for (int c0 = 0; c0 < count; c0 += CHUNK) {
            int n = Math.min(CHUNK, count - c0);
            long base = (first + c0) * INDEX_MIX + saltTerm;
            int o = at + c0;
            for (int i = 0; i < n; i++) {
                long z = INDEX_PRODUCTS[i] + base;
                z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
                z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
                z ^= z >>> 31;
                dst[o + i] = roundUniformToBf16((z >>> 40) * 0x1.0p-23f - 1.0f);
            }
        }
    }

    /**
     * {@link Elements#roundBfloat16} of a value {@code m * 2^-23 - 1} ({@code 0 <= m < 2^24}) as
     * {@link #uniform} makes them, by Veltkamp's split with factor {@code 2^16 + 1}, which keeps the
     * 8 leading significant bits rounded to nearest. The tests check all 2^24 such values against
     * {@code roundBfloat16}, ties included; it is not meant for other floats.
     */
    static float roundUniformToBf16(float x) {
        float c = x * 65537.0f;
        return c - (c - x);
    }
}
