package io.ptosim.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.kernel.ElementSource;
import io.ptosim.memory.Elements;
import io.ptosim.runtime.DataType;
import org.junit.jupiter.api.Test;

/** The bulk bf16 fill gives exactly the per-element values, which are bf16 values as the source claims. */
class InputValuesTest {
    @Test
    void bulkRoundingMatchesBfloat16RoundingOnEveryUniformValue() {
        for (int m = 0; m < 1 << 24; m++) {
            float x = m * 0x1.0p-23f - 1.0f;
            float bulk = InputValues.roundUniformToBf16(x);
            float expected = Elements.roundBfloat16(x);
            if (Float.floatToRawIntBits(bulk) != Float.floatToRawIntBits(expected)) {
                assertThat(bulk).as("m = %d, x = %s", m, x).isEqualTo(expected);
            }
        }
    }

    @Test
    void bulkFillMatchesPerElementValues() {
        for (long salt : new long[] {1, 2, 3, 0x5EEDL}) {
            long first = salt * 1_000_003L;
            float[] dst = new float[70_000];
            InputValues.fillUniformBf16(salt, first, dst, 7, dst.length - 7);
            float[] viaSource = new float[dst.length - 7];
            InputValues.uniformBf16Source(salt).fillFloats(first, viaSource, 0, viaSource.length);
            for (int i = 0; i < dst.length - 7; i++) {
                float expected = InputValues.uniformBf16(salt, first + i);
                assertThat(Float.floatToRawIntBits(dst[7 + i])).as("salt %d element %d", salt, i)
                        .isEqualTo(Float.floatToRawIntBits(expected));
                assertThat(viaSource[i]).isEqualTo(expected);
                assertThat((double) expected).isEqualTo(InputValues.uniformBf16Source(salt).value(first + i));
            }
            assertThat(dst[0]).isZero();
        }
    }

    @Test
    void sourceIsExactInBfloat16AndFloat32Only() {
        ElementSource source = InputValues.uniformBf16Source(2);
        float[] values = new float[100_000];
        source.fillFloats(12_345, values, 0, values.length);
        for (float v : values) {
            assertThat(Float.floatToRawIntBits(Elements.roundBfloat16(v))).isEqualTo(Float.floatToRawIntBits(v));
        }
        assertThat(source.exactIn(DataType.BFLOAT16)).isTrue();
        assertThat(source.exactIn(DataType.FLOAT32)).isTrue();
        assertThat(source.exactIn(DataType.FLOAT16)).isFalse();
        assertThat(source.exactIn(DataType.INT32)).isFalse();
    }
}
