package io.ptosim.workloads;

import io.ptosim.kernel.CoreType;
import io.ptosim.kernel.DeviceMemory;
import io.ptosim.kernel.DurationModel;
import io.ptosim.kernel.Kernel;
import io.ptosim.kernel.KernelCall;
import io.ptosim.kernel.KernelTable;
import io.ptosim.kernel.Work;
import io.ptosim.memory.Elements;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The paged-attention kernels of workloads.md §3.2: QK (func 0, AIC), SF (1, AIV), PV (2, AIC), UP (3,
 * AIV), the April hub (5, AIV, empty), and the unrolled QK/SF/PV that gather a group of blocks through
 * the block table. Bodies read bf16 inputs, accumulate in f32, and store p as bf16; work models count
 * multiply-adds as two FLOPs and the global-memory bytes each block moves. Each table's bodies keep their
 * tiles in one {@link KernelScratch}.
 */
final class PagedAttentionKernels {
    static final int QK = 0;
    static final int SF = 1;
    static final int PV = 2;
    static final int UP = 3;
    static final int HUB = 5;

    /** Float scratch slots: inputs read from memory, outputs written to it, working rows. */
    private static final int IN0 = 0;
    private static final int IN1 = 1;
    private static final int IN2 = 2;
    private static final int IN3 = 3;
    private static final int IN4 = 4;
    private static final int IN5 = 5;
    private static final int OUT0 = 6;
    private static final int OUT1 = 7;
    private static final int OUT2 = 8;
    private static final int ACC = 9;
    private static final int ACC2 = 10;
    private static final int WEIGHTS = 11;
    private static final int WEIGHTS2 = 12;
    private static final int FLOAT_SLOTS = 13;
    /** Row scratch slots: k transposed, value rows. */
    private static final int KEYS_T = 0;
    private static final int VALUE_ROWS = 1;
    private static final int ROW_SLOTS = 2;

    /** Where an unrolled QK/PV finds its group's block ids. */
    enum BlockTableArg {
        /** Tensor slot 2 is the whole block table; scalar 1 is the element offset {@code b*cols + bn}. */
        TENSOR,
        /** No block-table tensor; scalar 1 is the byte address of {@code block_table[b][bn]}. */
        POINTER
    }

    private PagedAttentionKernels() {
    }

    /** The non-unroll kernel table, with the hub when {@code hub}. */
    static KernelTable nonUnroll(boolean hub) {
        KernelScratch sc = new KernelScratch(FLOAT_SLOTS, ROW_SLOTS);
        List<Kernel> ks = new ArrayList<>(List.of(
                new Kernel(QK, "qk", CoreType.AIC, new DurationModel.FromWork(PagedAttentionKernels::qkWork),
                        (call, mem) -> qk(call, mem, sc)),
                new Kernel(SF, "softmax_prepare", CoreType.AIV,
                        new DurationModel.FromWork(PagedAttentionKernels::sfWork), (call, mem) -> sf(call, mem, sc)),
                new Kernel(PV, "pv", CoreType.AIC, new DurationModel.FromWork(PagedAttentionKernels::pvWork),
                        (call, mem) -> pv(call, mem, sc)),
                update(sc)));
        if (hub) {
            ks.add(hub());
        }
        return KernelTable.of(ks);
    }

    /** The unroll kernel table, block ids found as {@code table} says, with the hub when {@code hub}. */
    static KernelTable unroll(BlockTableArg table, boolean hub) {
        KernelScratch sc = new KernelScratch(FLOAT_SLOTS, ROW_SLOTS);
        List<Kernel> ks = new ArrayList<>(List.of(
                new Kernel(QK, "qk_unroll", CoreType.AIC,
                        new DurationModel.FromWork(call -> groupMatmulWork(call, table, true)),
                        (call, mem) -> qkUnroll(call, mem, table, sc)),
                new Kernel(SF, "softmax_prepare_unroll", CoreType.AIV,
                        new DurationModel.FromWork(PagedAttentionKernels::sfWork),
                        (call, mem) -> sfUnroll(call, mem, sc)),
                new Kernel(PV, "pv_unroll", CoreType.AIC,
                        new DurationModel.FromWork(call -> groupMatmulWork(call, table, false)),
                        (call, mem) -> pvUnroll(call, mem, table, sc)),
                update(sc)));
        if (hub) {
            ks.add(hub());
        }
        return KernelTable.of(ks);
    }

    private static Kernel update(KernelScratch sc) {
        return new Kernel(UP, "online_update", CoreType.AIV, new DurationModel.FromWork(PagedAttentionKernels::upWork),
                (call, mem) -> up(call, mem, sc));
    }

    private static Kernel hub() {
        return new Kernel(HUB, "hub", CoreType.AIV, new DurationModel.FromWork(call -> Work.NONE), (call, mem) -> {
        });
    }

    /** The view's elements in scratch {@code slot} (its first numel entries). */
    private static float[] read(DeviceMemory mem, TensorView v, KernelScratch sc, int slot) {
        float[] a = sc.floats(slot, (int) v.numel());
        mem.read(v, a);
        return a;
    }

    private static long bytes(TensorView v) {
        return v.numel() * v.dtype().bytes();
    }

    // ---- QK: sij = qi . kj^T

    static void qk(KernelCall call, DeviceMemory mem, KernelScratch sc) {
        TensorView k = call.tensor(1);
        int rows = k.shape(0);
        int qt = call.tensor(0).shape(0);
        float[] s = sc.zeros(OUT0, qt * rows);
        scores(read(mem, call.tensor(0), sc, IN0), qt, read(mem, k, sc, IN1), rows, k.shape(1), s, rows, 0, sc);
        mem.write(call.tensor(2), s);
    }

    /**
     * {@code s[i*stride + col0 + j] += q_i . k_j} for {@code qt} query rows and {@code rows} key rows of width
     * d, each dot product summed in order of t. Two rows of s at a time (so each row of k transposed is
     * loaded once for both), through k transposed, as axpys over separate arrays indexed alike, which the
     * JIT vectorizes.
     */
    private static void scores(float[] q, int qt, float[] k, int rows, int d, float[] s, int stride, int col0,
            KernelScratch sc) {
        float[][] kT = sc.rows(KEYS_T, d, rows);
        for (int j = 0; j < rows; j++) {
            for (int t = 0; t < d; t++) {
                kT[t][j] = k[j * d + t];
            }
        }
        float[] acc = sc.floats(ACC, rows);
        float[] acc2 = sc.floats(ACC2, rows);
        int i = 0;
        for (; i + 2 <= qt; i += 2) {
            int row = i * stride + col0;
            System.arraycopy(s, row, acc, 0, rows);
            System.arraycopy(s, row + stride, acc2, 0, rows);
            int q0 = i * d;
            int t = 0;
            for (; t + 4 <= d; t += 4) {
                axpy4x2(q, q0 + t, q, q0 + d + t, kT, t, acc, acc2, rows);
            }
            for (; t < d; t++) {
                axpy(q[q0 + t], kT[t], acc, rows);
                axpy(q[q0 + d + t], kT[t], acc2, rows);
            }
            System.arraycopy(acc, 0, s, row, rows);
            System.arraycopy(acc2, 0, s, row + stride, rows);
        }
        for (; i < qt; i++) {
            int row = i * stride + col0;
            System.arraycopy(s, row, acc, 0, rows);
            int q0 = i * d;
            int t = 0;
            for (; t + 4 <= d; t += 4) {
                axpy4(q[q0 + t], kT[t], q[q0 + t + 1], kT[t + 1], q[q0 + t + 2], kT[t + 2], q[q0 + t + 3], kT[t + 3],
                        acc, rows);
            }
            for (; t < d; t++) {
                axpy(q[q0 + t], kT[t], acc, rows);
            }
            System.arraycopy(acc, 0, s, row, rows);
        }
    }

    /**
     * {@link #axpy} of x0..x3 with factors a0..a3 in that order: each y element sums the same terms in the
     * same order as four axpys, loaded and stored once.
     */
    private static void axpy4(float a0, float[] x0, float a1, float[] x1, float a2, float[] x2, float a3, float[] x3,
            float[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = y[i] + a0 * x0[i] + a1 * x1[i] + a2 * x2[i] + a3 * x3[i];
        }
    }

    /**
     * {@link #axpy4} into y with factors {@code a[a0..a0+3]} and into z with factors {@code b[b0..b0+3]}, both of
     * rows {@code x[x0..x0+3]}: each element of y and z sums the same terms in the same order as the two
     * axpy4s, and each x element is loaded once.
     */
    private static void axpy4x2(float[] a, int a0, float[] b, int b0, float[][] x, int x0, float[] y, float[] z,
            int n) {
        float ya0 = a[a0];
        float ya1 = a[a0 + 1];
        float ya2 = a[a0 + 2];
        float ya3 = a[a0 + 3];
        float zb0 = b[b0];
        float zb1 = b[b0 + 1];
        float zb2 = b[b0 + 2];
        float zb3 = b[b0 + 3];
        float[] r0 = x[x0];
        float[] r1 = x[x0 + 1];
        float[] r2 = x[x0 + 2];
        float[] r3 = x[x0 + 3];
        for (int i = 0; i < n; i++) {
            float v0 = r0[i];
            float v1 = r1[i];
            float v2 = r2[i];
            float v3 = r3[i];
            y[i] = y[i] + ya0 * v0 + ya1 * v1 + ya2 * v2 + ya3 * v3;
            z[i] = z[i] + zb0 * v0 + zb1 * v1 + zb2 * v2 + zb3 * v3;
        }
    }

    /**
     * {@code y[i] += a * x[i]} for {@code i < n}. Same index on both sides, so even when x is y no
     * iteration reads another's result: the JIT vectorizes it.
     */
    private static void axpy(float a, float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] += a * x[i];
        }
    }

    static Work qkWork(KernelCall call) {
        TensorView q = call.tensor(0);
        TensorView k = call.tensor(1);
        return Work.matmul(q.dtype(), q.shape(0), k.shape(0), q.shape(1), 1, bytes(q) + bytes(k), bytes(call.tensor(2)));
    }

    // ---- SF: row max m, p = exp(scale*s - m) as bf16, l = sum p; columns >= valid masked to 0

    static void sf(KernelCall call, DeviceMemory mem, KernelScratch sc) {
        TensorView sv = call.tensor(0);
        int qt = sv.shape(0);
        int valid = sv.shape(1);
        int width = call.tensor(1).shape(1);
        softmax(call, mem, read(mem, sv, sc, IN0), qt, valid, width, valid, call.floatScalar(0), sc);
    }

    /** Softmax-prepare rows of {@code s} (row stride {@code sStride}, first {@code valid} columns used). */
    private static void softmax(KernelCall call, DeviceMemory mem, float[] s, int qt, int sStride, int width, int valid,
            float scale, KernelScratch sc) {
        float[] p = sc.floats(OUT0, qt * width);
        float[] m = sc.floats(OUT1, qt);
        float[] l = sc.floats(OUT2, qt);
        for (int i = 0; i < qt; i++) {
            Arrays.fill(p, i * width + valid, i * width + width, 0f);
            int row = i * sStride;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < valid; j++) {
                max = Math.max(max, scale * s[row + j]);
            }
            float sum = 0;
            for (int j = 0; j < valid; j++) {
                float e = Elements.roundBfloat16((float) Math.exp(scale * s[row + j] - max));
                p[i * width + j] = e;
                sum += e;
            }
            m[i] = max;
            l[i] = sum;
        }
        mem.write(call.tensor(1), p);
        mem.write(call.tensor(2), m);
        mem.write(call.tensor(3), l);
    }

    static Work sfWork(KernelCall call) {
        TensorView p = call.tensor(1);
        long elements = p.numel();
        return new Work(5.0 * elements, bytes(call.tensor(0)),
                bytes(p) + bytes(call.tensor(2)) + bytes(call.tensor(3)));
    }

    // ---- PV: oi_tmp = pij . vj

    static void pv(KernelCall call, DeviceMemory mem, KernelScratch sc) {
        TensorView p = call.tensor(0);
        TensorView v = call.tensor(1);
        int qt = p.shape(0);
        int d = v.shape(1);
        float[] o = sc.zeros(OUT0, qt * d);
        weighted(read(mem, p, sc, IN0), qt, p.shape(1), 0, read(mem, v, sc, IN1), v.shape(0), d, o, sc);
        mem.write(call.tensor(2), o);
    }

    /**
     * {@code o_i += sum_j p[i*pStride + col0 + j] * v_j} over {@code rows} value rows of width d, summed in
     * order of j (zero weights skipped), as axpys of separate value rows into one output row; two output
     * rows at a time (each value row loaded once for both) when their weights are zero at the same j.
     */
    private static void weighted(float[] p, int qt, int pStride, int col0, float[] v, int rows, int d, float[] o,
            KernelScratch sc) {
        float[][] vr = sc.rows(VALUE_ROWS, rows, d);
        for (int j = 0; j < rows; j++) {
            System.arraycopy(v, j * d, vr[j], 0, d);
        }
        float[] acc = sc.floats(ACC, d);
        float[] acc2 = sc.floats(ACC2, d);
        float[] w = sc.floats(WEIGHTS, rows);
        float[] w2 = sc.floats(WEIGHTS2, rows);
        float[][] x = sc.refs(rows);
        int i = 0;
        while (i < qt) {
            int p0 = i * pStride + col0;
            if (i + 1 < qt && sameZeros(p, p0, p0 + pStride, rows)) {
                int n = 0;
                for (int j = 0; j < rows; j++) {
                    float pv = p[p0 + j];
                    if (pv != 0) {
                        w[n] = pv;
                        w2[n] = p[p0 + pStride + j];
                        x[n++] = vr[j];
                    }
                }
                int orow = i * d;
                System.arraycopy(o, orow, acc, 0, d);
                System.arraycopy(o, orow + d, acc2, 0, d);
                int j = 0;
                for (; j + 4 <= n; j += 4) {
                    axpy4x2(w, j, w2, j, x, j, acc, acc2, d);
                }
                for (; j < n; j++) {
                    axpy(w[j], x[j], acc, d);
                    axpy(w2[j], x[j], acc2, d);
                }
                System.arraycopy(acc, 0, o, orow, d);
                System.arraycopy(acc2, 0, o, orow + d, d);
                i += 2;
                continue;
            }
            int n = 0;
            for (int j = 0; j < rows; j++) {
                float pv = p[i * pStride + col0 + j];
                if (pv != 0) {
                    w[n] = pv;
                    x[n++] = vr[j];
                }
            }
            int orow = i * d;
            System.arraycopy(o, orow, acc, 0, d);
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                axpy4(w[j], x[j], w[j + 1], x[j + 1], w[j + 2], x[j + 2], w[j + 3], x[j + 3], acc, d);
            }
            for (; j < n; j++) {
                axpy(w[j], x[j], acc, d);
            }
            System.arraycopy(acc, 0, o, orow, d);
            i++;
        }
    }

    /** Whether {@code p[a + j]} and {@code p[b + j]} are zero at the same {@code j < n}. */
    private static boolean sameZeros(float[] p, int a, int b, int n) {
        for (int j = 0; j < n; j++) {
            if ((p[a + j] != 0) != (p[b + j] != 0)) {
                return false;
            }
        }
        return true;
    }

    static Work pvWork(KernelCall call) {
        TensorView p = call.tensor(0);
        TensorView v = call.tensor(1);
        return Work.matmul(p.dtype(), p.shape(0), v.shape(1), v.shape(0), 1, bytes(p) + bytes(v), bytes(call.tensor(2)));
    }

    // ---- UP: online softmax merge into (mi_update, li_update, oi); last block writes oi / li to out_view

    static void up(KernelCall call, DeviceMemory mem, KernelScratch sc) {
        float[] mi = read(mem, call.tensor(0), sc, IN0);
        float[] li = read(mem, call.tensor(1), sc, IN1);
        float[] ot = read(mem, call.tensor(2), sc, IN2);
        int qt = (int) call.tensor(0).numel();
        int d = (int) (call.tensor(2).numel() / qt);
        boolean first = call.scalar(0) != 0;
        boolean last = call.scalar(1) != 0;
        float[] mu;
        float[] lu;
        float[] o;
        if (first) {
            mu = mi;
            lu = li;
            o = ot;
        } else {
            mu = read(mem, call.tensor(3), sc, IN3);
            lu = read(mem, call.tensor(4), sc, IN4);
            o = read(mem, call.tensor(5), sc, IN5);
            for (int i = 0; i < qt; i++) {
                float mNew = Math.max(mu[i], mi[i]);
                float a = (float) Math.exp(mu[i] - mNew);
                float b = (float) Math.exp(mi[i] - mNew);
                lu[i] = a * lu[i] + b * li[i];
                mu[i] = mNew;
                int row = i * d;
                for (int t = 0; t < d; t++) {
                    o[row + t] = a * o[row + t] + b * ot[row + t];
                }
            }
        }
        mem.write(call.tensor(3), mu);
        mem.write(call.tensor(4), lu);
        mem.write(call.tensor(5), o);
        if (last) {
            float[] out = sc.floats(OUT0, qt * d);
            for (int i = 0; i < qt; i++) {
                float inv = 1.0f / lu[i];
                int row = i * d;
                for (int t = 0; t < d; t++) {
                    out[row + t] = o[row + t] * inv;
                }
            }
            mem.write(call.tensor(6), out);
        }
    }

    static Work upWork(KernelCall call) {
        TensorView o = call.tensor(5);
        boolean first = call.scalar(0) != 0;
        boolean last = call.scalar(1) != 0;
        long state = bytes(call.tensor(3)) + bytes(call.tensor(4)) + bytes(o);
        long read = bytes(call.tensor(0)) + bytes(call.tensor(1)) + bytes(call.tensor(2)) + (first ? 0 : state);
        long written = state + (last ? bytes(call.tensor(6)) : 0);
        return new Work(3.0 * o.numel() + 8.0 * call.tensor(3).numel(), read, written);
    }

    // ---- unrolled QK / SF / PV over a group of n_blk blocks

    /** The group's cache block ids: scalar 0 is n_blk, scalar 1 the table offset or address. */
    private static int[] groupBlocks(KernelCall call, DeviceMemory mem, BlockTableArg table) {
        int n = (int) call.scalar(0);
        TensorView ids = table == BlockTableArg.TENSOR ? call.tensor(2)
                : TensorView.external(call.scalar(1), DataType.INT32, n);
        long first = table == BlockTableArg.TENSOR ? call.scalar(1) : 0;
        int[] blocks = new int[n];
        for (int i = 0; i < n; i++) {
            blocks[i] = (int) mem.get(ids, first + i);
        }
        return blocks;
    }

    /** Rows {@code [blk*bs, blk*bs + bs)} of a flattened [TB*BS, D] cache. */
    private static TensorView cacheBlock(TensorView cache, int blk, int bs) {
        return cache.view(new int[] {bs, cache.shape(1)}, new long[] {(long) blk * bs, 0});
    }

    private static TensorView groupOutput(KernelCall call, BlockTableArg table) {
        return call.tensor(table == BlockTableArg.TENSOR ? 3 : 2);
    }

    static void qkUnroll(KernelCall call, DeviceMemory mem, BlockTableArg table, KernelScratch sc) {
        int[] blocks = groupBlocks(call, mem, table);
        TensorView q = call.tensor(0);
        TensorView sv = groupOutput(call, table);
        int qt = q.shape(0);
        int d = q.shape(1);
        int width = sv.shape(1);
        int bs = width / blocks.length;
        float[] qa = read(mem, q, sc, IN0);
        float[] s = sc.zeros(OUT0, qt * width);
        for (int i = 0; i < blocks.length; i++) {
            float[] k = read(mem, cacheBlock(call.tensor(1), blocks[i], bs), sc, IN1);
            scores(qa, qt, k, bs, d, s, width, i * bs, sc);
        }
        mem.write(sv, s);
    }

    static void sfUnroll(KernelCall call, DeviceMemory mem, KernelScratch sc) {
        TensorView sv = call.tensor(0);
        int qt = sv.shape(0);
        int width = sv.shape(1);
        int n = (int) call.scalar(1);
        int valid = (n - 1) * (width / n) + (int) call.scalar(2);
        softmax(call, mem, read(mem, sv, sc, IN0), qt, width, width, valid, call.floatScalar(0), sc);
    }

    static void pvUnroll(KernelCall call, DeviceMemory mem, BlockTableArg table, KernelScratch sc) {
        int[] blocks = groupBlocks(call, mem, table);
        TensorView p = call.tensor(0);
        TensorView ov = groupOutput(call, table);
        int qt = p.shape(0);
        int width = p.shape(1);
        int bs = width / blocks.length;
        int d = ov.shape(1);
        float[] pa = read(mem, p, sc, IN0);
        float[] o = sc.zeros(OUT0, qt * d);
        for (int i = 0; i < blocks.length; i++) {
            float[] v = read(mem, cacheBlock(call.tensor(1), blocks[i], bs), sc, IN1);
            weighted(pa, qt, width, i * bs, v, bs, d, o, sc);
        }
        mem.write(ov, o);
    }

    /**
     * QK or PV over a group: one cube tile of {@code qt} rows (QK: qt × n_blk·BS by D; PV: qt × D by
     * n_blk·BS), {@code 2*qt*n_blk*BS*D} FLOPs, the group's cache blocks and block ids read.
     */
    static Work groupMatmulWork(KernelCall call, BlockTableArg table, boolean qk) {
        int n = (int) call.scalar(0);
        TensorView first = call.tensor(0);
        TensorView cache = call.tensor(1);
        TensorView out = groupOutput(call, table);
        int qt = first.shape(0);
        int d = cache.shape(1);
        long width = qk ? out.shape(1) : first.shape(1);
        long cacheBytes = width * d * cache.dtype().bytes();
        int w = Math.toIntExact(width);
        return qk ? Work.matmul(first.dtype(), qt, w, d, 1, bytes(first) + cacheBytes + 4L * n, bytes(out))
                : Work.matmul(first.dtype(), qt, d, w, 1, bytes(first) + cacheBytes + 4L * n, bytes(out));
    }
}
