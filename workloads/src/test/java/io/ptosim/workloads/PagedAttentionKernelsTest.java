package io.ptosim.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.kernel.KernelCall;
import io.ptosim.kernel.KernelTable;
import io.ptosim.memory.GlobalMemory;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorView;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The QK and PV bodies give, bit for bit, each output element as a plain in-order float sum (PV skipping
 * zero weights), whether rows go two at a time or alone: an odd number of query rows, weights zero at
 * different places in different rows, a head dim that is not a multiple of four.
 */
class PagedAttentionKernelsTest {
    private static final int QT = 5;
    private static final int ROWS = 9;
    private static final int D = 7;

    private static float value(int salt, int i) {
        return InputValues.uniformBf16(salt, i);
    }

    private static TensorView tensor(GlobalMemory mem, long addr, DataType dtype, int rows, int cols, float[] data) {
        TensorView v = TensorView.external(addr, dtype, rows, cols);
        if (data != null) {
            mem.write(v, data);
        }
        return v;
    }

    private static float[] read(GlobalMemory mem, TensorView v) {
        float[] a = new float[(int) v.numel()];
        mem.read(v, a);
        return a;
    }

    @Test
    void qkSumsEachScoreInOrderOfT() {
        GlobalMemory mem = new GlobalMemory();
        float[] q = new float[QT * D];
        float[] k = new float[ROWS * D];
        for (int i = 0; i < q.length; i++) {
            q[i] = value(1, i);
        }
        for (int i = 0; i < k.length; i++) {
            k[i] = value(2, i);
        }
        TensorView qv = tensor(mem, 0x10000, DataType.BFLOAT16, QT, D, q);
        TensorView kv = tensor(mem, 0x20000, DataType.BFLOAT16, ROWS, D, k);
        TensorView sv = tensor(mem, 0x30000, DataType.FLOAT32, QT, ROWS, null);
        KernelTable table = PagedAttentionKernels.nonUnroll(false);
        for (int round = 0; round < 2; round++) {
            table.get(PagedAttentionKernels.QK).body()
                    .run(new KernelCall(List.of(qv, kv, sv), new long[0], 0, 1), mem);
            float[] s = read(mem, sv);
            for (int i = 0; i < QT; i++) {
                for (int j = 0; j < ROWS; j++) {
                    float expected = 0;
                    for (int t = 0; t < D; t++) {
                        expected = expected + q[i * D + t] * k[j * D + t];
                    }
                    assertThat(Float.floatToRawIntBits(s[i * ROWS + j])).as("s[%d][%d]", i, j)
                            .isEqualTo(Float.floatToRawIntBits(expected));
                }
            }
        }
    }

    @Test
    void pvSumsEachOutputInOrderOfJSkippingZeroWeights() {
        GlobalMemory mem = new GlobalMemory();
        float[] p = new float[QT * ROWS];
        float[] v = new float[ROWS * D];
        for (int i = 0; i < p.length; i++) {
            int row = i / ROWS;
            int j = i % ROWS;
            // rows 0 and 1 share their zeros, rows 2 and 3 do not, row 4 has none
            boolean zero = row < 2 ? j == 3 : row == 2 ? j == 5 : row == 3 && (j == 0 || j == 8);
            p[i] = zero ? 0 : Math.abs(value(3, i));
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = value(4, i);
        }
        TensorView pv = tensor(mem, 0x10000, DataType.BFLOAT16, QT, ROWS, p);
        TensorView vv = tensor(mem, 0x20000, DataType.BFLOAT16, ROWS, D, v);
        TensorView ov = tensor(mem, 0x30000, DataType.FLOAT32, QT, D, null);
        KernelTable table = PagedAttentionKernels.nonUnroll(false);
        for (int round = 0; round < 2; round++) {
            table.get(PagedAttentionKernels.PV).body()
                    .run(new KernelCall(List.of(pv, vv, ov), new long[0], 0, 1), mem);
            float[] o = read(mem, ov);
            for (int i = 0; i < QT; i++) {
                for (int t = 0; t < D; t++) {
                    float expected = 0;
                    for (int j = 0; j < ROWS; j++) {
                        float w = p[i * ROWS + j];
                        if (w != 0) {
                            expected = expected + w * v[j * D + t];
                        }
                    }
                    assertThat(Float.floatToRawIntBits(o[i * D + t])).as("o[%d][%d]", i, t)
                            .isEqualTo(Float.floatToRawIntBits(expected));
                }
            }
        }
    }
}
