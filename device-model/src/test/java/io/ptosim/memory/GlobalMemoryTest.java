package io.ptosim.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.kernel.ElementSource;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorView;
import org.junit.jupiter.api.Test;

/** Lazily initialized input regions: per-element and bulk sources give the same contents, page by page. */
class GlobalMemoryTest {
    private static final long PAGE = 1 << 16;

    /** A value that is not exact in bf16 or f16, negative for odd elements. */
    private static double value(long e) {
        return (e % 2 == 0 ? 1 : -1) * (1 + e * 0.001234567);
    }

    /** The same values through a bulk fill that a memory must use for floating-point regions. */
    private static final class Bulk implements ElementSource {
        int bulkCalls;

        @Override
        public double value(long element) {
            return GlobalMemoryTest.value(element);
        }

        @Override
        public void fillFloats(long first, float[] dst, int count) {
            bulkCalls++;
            for (int i = 0; i < count; i++) {
                dst[i] = (float) value(first + i);
            }
        }
    }

    @Test
    void bulkAndPerElementSourcesFillTheSameElementsAcrossPages() {
        for (DataType dtype : new DataType[] {DataType.BFLOAT16, DataType.FLOAT16, DataType.FLOAT32, DataType.INT32}) {
            long addr = 3 * PAGE - 6L * dtype.bytes();
            int n = (int) (2 * PAGE / dtype.bytes()) + 5;
            GlobalMemory plain = new GlobalMemory();
            plain.fill(addr, (long) n * dtype.bytes(), dtype, GlobalMemoryTest::value);
            GlobalMemory bulk = new GlobalMemory();
            Bulk source = new Bulk();
            bulk.fill(addr, (long) n * dtype.bytes(), dtype, source);
            TensorView view = TensorView.external(addr - 4L * dtype.bytes(), dtype, n + 8);
            float[] a = new float[n + 8];
            float[] b = new float[n + 8];
            plain.read(view, a);
            bulk.read(view, b);
            assertThat(b).as(dtype.toString()).containsExactly(a);
            assertThat(a[3]).isZero();
            assertThat(a[n + 4]).isZero();
            for (int e = 0; e < n; e++) {
                float expected = (float) Elements.decode(dtype, Elements.encode(dtype, value(e)));
                assertThat(a[e + 4]).as(dtype + " element " + e).isEqualTo(expected);
            }
            assertThat(source.bulkCalls).as(dtype.toString()).isEqualTo(dtype == DataType.INT32 ? 0 : 3);
        }
    }
}
