package io.ptosim.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.kernel.ElementSource;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorView;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Lazily initialized input regions: element reads, bulk reads of materialized pages and bulk reads
 * straight from the source all see each source value rounded to the region's dtype.
 */
class GlobalMemoryTest {
    private static final long PAGE = 1 << 16;
    private static final DataType[] TYPES = {DataType.BFLOAT16, DataType.FLOAT16, DataType.FLOAT32, DataType.INT32};

    /** A value that is not exact in bf16 or f16, negative for odd elements. */
    private static double value(long e) {
        return (e % 2 == 0 ? 1 : -1) * (1 + e * 0.001234567);
    }

    private static float expected(DataType dtype, long e) {
        return (float) Elements.decode(dtype, Elements.encode(dtype, value(e)));
    }

    /** The same values through a bulk fill, counting its calls. */
    private static final class Bulk implements ElementSource {
        int bulkCalls;

        @Override
        public double value(long element) {
            return GlobalMemoryTest.value(element);
        }

        @Override
        public void fillFloats(long first, float[] dst, int at, int count) {
            bulkCalls++;
            for (int i = 0; i < count; i++) {
                dst[at + i] = (float) value(first + i);
            }
        }
    }

    @Test
    void bulkReadsAcrossRegionEdgesSeeRoundedSourceValuesAndZerosOutside() {
        for (DataType dtype : TYPES) {
            long addr = 3 * PAGE - 6L * dtype.bytes();
            int n = (int) (2 * PAGE / dtype.bytes()) + 5;
            GlobalMemory memory = new GlobalMemory();
            Bulk source = new Bulk();
            memory.fill(addr, (long) n * dtype.bytes(), dtype, source);
            float[] a = new float[n + 8];
            memory.read(TensorView.external(addr - 4L * dtype.bytes(), dtype, n + 8), a);
            for (int e = 0; e < n; e++) {
                assertThat(a[e + 4]).as(dtype + " element " + e).isEqualTo(expected(dtype, e));
            }
            assertThat(a[3]).isZero();
            assertThat(a[n + 4]).isZero();
            // Pages 2 and 4 stick out of the region and page 5 lies outside it: materialized. Page 3 is
            // read from the source, unless the type has no bulk conversion.
            assertThat(memory.pagesTouched()).as(dtype.toString()).isEqualTo(dtype == DataType.INT32 ? 4 : 3);
            assertThat(source.bulkCalls).as(dtype.toString()).isEqualTo(dtype == DataType.INT32 ? 0 : 3);
        }
    }

    @Test
    void bulkMovesOfWholeAndPartialRowsAcrossAPageEdgeMatchElementAccess() {
        for (DataType dtype : TYPES) {
            GlobalMemory memory = new GlobalMemory();
            int cols = 40;
            long addr = 2 * PAGE - 37L * cols * dtype.bytes();
            TensorView whole = TensorView.external(addr, dtype, 64, cols);
            float[] data = new float[64 * cols];
            for (int i = 0; i < data.length; i++) {
                data[i] = i % 7 - 3;
            }
            memory.write(whole, data);
            TensorView block = whole.view(new int[] {30, 9}, new long[] {20, 5});
            float[] got = new float[30 * 9];
            memory.read(block, got);
            for (int r = 0; r < 30; r++) {
                for (int c = 0; c < 9; c++) {
                    long e = (20 + r) * cols + 5 + c;
                    assertThat(got[r * 9 + c]).as(dtype + " [" + r + "][" + c + "]").isEqualTo(data[(int) e])
                            .isEqualTo((float) memory.get(whole, e));
                }
            }
            float[] ones = new float[30 * 9];
            Arrays.fill(ones, 1f);
            memory.write(block, ones);
            float[] after = new float[64 * cols];
            memory.read(whole, after);
            for (int i = 0; i < after.length; i++) {
                int r = i / cols;
                int c = i % cols;
                boolean inBlock = r >= 20 && r < 50 && c >= 5 && c < 14;
                assertThat(after[i]).as(dtype + " element " + i).isEqualTo(inBlock ? 1f : data[i]);
            }
        }
    }

    @Test
    void untouchedInputPagesReadFromTheSourceAsElementReadsSeeThem() {
        for (DataType dtype : TYPES) {
            long addr = 5 * PAGE;
            int n = (int) (3 * PAGE / dtype.bytes());
            GlobalMemory memory = new GlobalMemory();
            memory.fill(addr, (long) n * dtype.bytes(), dtype, GlobalMemoryTest::value);
            TensorView view = TensorView.external(addr + 100L * dtype.bytes(), dtype, 2, n / 2 - 100);
            float[] bulk = new float[(int) view.numel()];
            memory.read(view, bulk);
            if (dtype != DataType.INT32) {
                assertThat(memory.pagesTouched()).as(dtype.toString()).isZero();
            }
            for (int i = 0; i < bulk.length; i++) {
                assertThat(bulk[i]).as(dtype + " element " + i).isEqualTo(expected(dtype, 100 + i))
                        .isEqualTo((float) memory.get(view, i));
            }
            memory.set(view, 0, 7.0);
            memory.read(view, bulk);
            assertThat(bulk[0]).isEqualTo(7.0f);
            assertThat(bulk[1]).isEqualTo(expected(dtype, 101));
        }
    }

    @Test
    void asHostMemoryItMovesBytesAcrossPageBoundariesAndSeesInputRegions() {
        GlobalMemory m = new GlobalMemory();
        m.fill(0x2_0000, 8, DataType.INT32, e -> 0x01020304 * (e + 1));
        byte[] src = new byte[100];
        for (int i = 0; i < src.length; i++) {
            src[i] = (byte) (i + 1);
        }
        m.writeBytes(0xFFF0, src, 10, 40);
        byte[] back = new byte[44];
        m.readBytes(0xFFEE, back, 2, 42);
        assertThat(back[2]).isZero();
        assertThat(back[3]).isZero();
        assertThat(back[4]).isEqualTo((byte) 11);
        assertThat(back[43]).isEqualTo((byte) 50);
        assertThat(m.read(DataType.UINT8, 0x1_0000)).isEqualTo(27.0);
        byte[] region = new byte[8];
        m.readBytes(0x2_0000, region, 0, 8);
        assertThat(region).containsExactly(4, 3, 2, 1, 8, 6, 4, 2);
    }
}
