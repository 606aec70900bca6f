package io.ptosim.workloads;

import io.ptosim.des.RandomStream;
import io.ptosim.des.RandomStreams;
import io.ptosim.kernel.DeviceMemory;
import io.ptosim.kernel.ElementSource;
import io.ptosim.program.Orchestration;
import io.ptosim.program.Tensor;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The data of one paged-attention case: the seeded block table, the external buffers' placement, the
 * input contents (query, caches: pseudo-random bf16 in [-1, 1); block table; context lengths) and the
 * golden check against a plain softmax attention in double.
 */
final class PagedAttentionData {
    /** Root seed of the block table's stream: fixed, so every build of a case sees the same table. */
    static final long BLOCK_TABLE_SEED = 0x5EED_0482L;
    /** The attention scale, 1.0 as in the cases. */
    static final float SCALE = 1.0f;
    /**
     * Golden tolerance, absolute on each output element. The reference uses the same bf16 inputs, so
     * the only coarse error is the kernels storing p as bf16 (relative error <= u = 2^-9 per weight). With
     * l summed from the same rounded p, out is a convex combination of v rows whose normalized weights
     * move by at most ~2u relative, so |out - ref| <= 2u * max|v - out| <= 4u ~= 7.8e-3 for |v| <= 1; f32
     * accumulation adds ~1e-6. 1e-2 covers the bound; a missed block or a wrong rescale is far above it.
     */
    static final double TOLERANCE = 1e-2;

    /**
     * Tokens per chunk of the reference (rounded to whole blocks): its keys as doubles (256 KiB at D 128) fit
     * in a core's L2.
     */
    private static final int REFERENCE_CHUNK = 256;

    private static final long BASE = 0x1_0000_0000L;
    private static final long ALIGN = 1L << 20;
    private static final long QUERY_SALT = 1;
    private static final long KEY_SALT = 2;
    private static final long VALUE_SALT = 3;

    final PagedAttentionCase c;
    /** Row-major [B, table cols]. */
    final int[] blockTable;

    PagedAttentionData(PagedAttentionCase c) {
        this.c = c;
        int tb = c.totalBlocks();
        blockTable = new int[c.batch() * c.tableCols()];
        RandomStream stream = new RandomStreams(BLOCK_TABLE_SEED).stream("block-table");
        for (int i = 0; i < blockTable.length; i++) {
            blockTable[i] = stream.nextInt(tb);
        }
    }

    /** Cache block of block {@code bn} of batch {@code b}. */
    int block(int b, int bn) {
        return blockTable[b * c.tableCols() + bn];
    }

    /** The externals of the orchestration, flattened as it views them. */
    record Externals(Tensor query, Tensor keyCache, Tensor valueCache, Tensor blockTable, Tensor contextLens,
            Tensor out, long blockTableAddr) {
    }

    /** Declares the seven orchestration args' six buffers (scale is a scalar) and flattens them to 2-D. */
    Externals declare(Orchestration orch) {
        int b = c.batch();
        int h = c.heads();
        int d = c.headDim();
        int tb = c.totalBlocks();
        int bs = c.blockSize();
        long queryAt = BASE;
        long keyAt = after(queryAt, 2L * b * h * d);
        long valueAt = after(keyAt, 2L * tb * bs * d);
        long tableAt = after(valueAt, 2L * tb * bs * d);
        long lensAt = after(tableAt, 4L * blockTable.length);
        long outAt = after(lensAt, 4L * b);
        Tensor query = orch.external("query", queryAt, DataType.BFLOAT16, b, h, d);
        Tensor key = orch.external("key_cache", keyAt, DataType.BFLOAT16, tb, bs, 1, d);
        Tensor value = orch.external("value_cache", valueAt, DataType.BFLOAT16, tb, bs, 1, d);
        Tensor table = orch.external("block_table", tableAt, DataType.INT32, b, c.tableCols());
        Tensor lens = orch.external("context_lens", lensAt, DataType.INT32, b);
        Tensor out = orch.external("out", outAt, DataType.FLOAT32, b, h, d);
        return new Externals(flat(query, b * h, d), flat(key, tb * bs, d), flat(value, tb * bs, d), table, lens,
                flat(out, b * h, d), tableAt);
    }

    /** The 1 MiB-aligned address after a buffer of {@code bytes} at {@code at}. */
    private static long after(long at, long bytes) {
        return (at + bytes + ALIGN - 1) / ALIGN * ALIGN;
    }

    private static Tensor flat(Tensor t, int rows, int cols) {
        return new Tensor(t.buffer(), t.dtype(), new int[] {rows, cols}, new long[] {cols, 1}, 0, 0, false);
    }

    /** The entry arguments of simpler's orchestration (see {@link PagedAttention#entryArgs}). */
    EntryArgs entryArgs() {
        int b = c.batch();
        int h = c.heads();
        int d = c.headDim();
        int tb = c.totalBlocks();
        int bs = c.blockSize();
        Map<String, ElementSource> in = inputs();
        return new EntryArgs(List.of(
                new EntryArgs.EntryTensor("query", DataType.BFLOAT16, new int[] {b, h, d}, in.get("query")),
                new EntryArgs.EntryTensor("key_cache", DataType.BFLOAT16, new int[] {tb, bs, 1, d}, in.get("key_cache")),
                new EntryArgs.EntryTensor("value_cache", DataType.BFLOAT16, new int[] {tb, bs, 1, d},
                        in.get("value_cache")),
                new EntryArgs.EntryTensor("block_table", DataType.INT32, new int[] {b, c.tableCols()},
                        in.get("block_table")),
                new EntryArgs.EntryTensor("context_lens", DataType.INT32, new int[] {b}, in.get("context_lens")),
                new EntryArgs.EntryTensor("out", DataType.FLOAT32, new int[] {b, h, d}, null)),
                List.of(Float.floatToRawIntBits(SCALE) & 0xFFFF_FFFFL));
    }

    /** Initial contents of the input buffers. */
    Map<String, ElementSource> inputs() {
        int[] table = blockTable;
        List<Integer> lens = c.contextLens();
        return Map.of("query", InputValues.uniformBf16Source(QUERY_SALT),
                "key_cache", InputValues.uniformBf16Source(KEY_SALT),
                "value_cache", InputValues.uniformBf16Source(VALUE_SALT),
                "block_table", e -> table[(int) e],
                "context_lens", e -> lens.get((int) e));
    }

    /** Compares {@code out} with {@link #reference()} within {@link #TOLERANCE}. */
    GoldenCheck golden() {
        return (DeviceMemory mem, Function<String, TensorView> external) -> {
            TensorView outView = external.apply("out");
            float[] out = new float[(int) outView.numel()];
            mem.read(outView, out);
            double[] ref = reference();
            List<String> bad = new ArrayList<>();
            int count = 0;
            for (int i = 0; i < ref.length; i++) {
                if (!(Math.abs(out[i] - ref[i]) <= TOLERANCE)) {
                    if (bad.size() < 5) {
                        bad.add("out[" + i + "] = " + out[i] + ", expected " + ref[i] + " +- " + TOLERANCE);
                    }
                    count++;
                }
            }
            if (count > bad.size()) {
                bad.add((count - bad.size()) + " more mismatches");
            }
            return bad;
        };
    }

    /**
     * Plain attention in double: per batch and head, {@code softmax(scale * q . k_j) . v_j} over the
     * batch's {@code ctx} tokens, token j living at row {@code j % BS} of cache block
     * {@code block_table[b][j / BS]}. Row-major [B*H, D]. The inputs are recomputed from
     * {@link InputValues}, not read from device memory. Each score sums its D products in order, each
     * output its ctx weighted value rows in order. The loops run over a chunk of tokens for all heads at a
     * time so the chunk's keys and values stay in cache, and their innermost loops are axpys the JIT
     * vectorizes: for the scores, of the chunk's transposed keys (widened to double once per chunk, as
     * separate rows) into two heads' scores at a time, indexed alike; for the outputs, of a float value row
     * into a double output row (the arrays differ in type, so they cannot alias).
     */
    double[] reference() {
        int h = c.heads();
        int d = c.headDim();
        int bs = c.blockSize();
        int chunk = Math.max(1, REFERENCE_CHUNK / bs) * bs;
        double[] out = new double[c.batch() * h * d];
        float[] rows = new float[chunk * d];
        double[][] kT = new double[d][chunk];
        double[] acc = new double[chunk];
        double[] acc2 = new double[chunk];
        double[] q = new double[h * d];
        float[] qf = new float[h * d];
        double[] sum = new double[h];
        double[] s = new double[h * c.contextLens().stream().mapToInt(Integer::intValue).max().orElse(0)];
        // s[head * ctx + j] is written whole for j < ctx by the key chunks, before the softmax reads it
        for (int b = 0; b < c.batch(); b++) {
            int ctx = c.contextLen(b);
            InputValues.fillUniformBf16(QUERY_SALT, (long) b * h * d, qf, 0, h * d);
            for (int i = 0; i < h * d; i++) {
                q[i] = SCALE * (double) qf[i];
            }
            for (int j0 = 0; j0 < ctx; j0 += chunk) {
                int n = gather(KEY_SALT, b, j0, Math.min(chunk, ctx - j0), d, rows);
                for (int j = 0; j < n; j++) {
                    for (int t = 0; t < d; t++) {
                        kT[t][j] = rows[j * d + t];
                    }
                }
                int head = 0;
                for (; head + 2 <= h; head += 2) {
                    Arrays.fill(acc, 0, n, 0);
                    Arrays.fill(acc2, 0, n, 0);
                    int q0 = head * d;
                    int t = 0;
                    for (; t + 4 <= d; t += 4) {
                        axpy4x2(q, q0 + t, q0 + d + t, kT, t, acc, acc2, n);
                    }
                    for (; t < d; t++) {
                        axpy(q[q0 + t], kT[t], acc, n);
                        axpy(q[q0 + d + t], kT[t], acc2, n);
                    }
                    System.arraycopy(acc, 0, s, head * ctx + j0, n);
                    System.arraycopy(acc2, 0, s, (head + 1) * ctx + j0, n);
                }
                for (; head < h; head++) {
                    Arrays.fill(acc, 0, n, 0);
                    int t = 0;
                    for (; t + 4 <= d; t += 4) {
                        int qt = head * d + t;
                        axpy4(q[qt], kT[t], q[qt + 1], kT[t + 1], q[qt + 2], kT[t + 2], q[qt + 3], kT[t + 3], acc, n);
                    }
                    for (; t < d; t++) {
                        axpy(q[head * d + t], kT[t], acc, n);
                    }
                    System.arraycopy(acc, 0, s, head * ctx + j0, n);
                }
            }
            for (int head = 0; head < h; head++) {
                int sRow = head * ctx;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < ctx; j++) {
                    max = Math.max(max, s[sRow + j]);
                }
                double total = 0;
                for (int j = 0; j < ctx; j++) {
                    double p = Math.exp(s[sRow + j] - max);
                    s[sRow + j] = p;
                    total += p;
                }
                sum[head] = total;
            }
            for (int j0 = 0; j0 < ctx; j0 += chunk) {
                int n = gather(VALUE_SALT, b, j0, Math.min(chunk, ctx - j0), d, rows);
                for (int head = 0; head < h; head++) {
                    int o = (b * h + head) * d;
                    int p = head * ctx + j0;
                    int j = 0;
                    for (; j + 4 <= n; j += 4) {
                        axpy4(s[p + j], s[p + j + 1], s[p + j + 2], s[p + j + 3], rows, j * d, d, out, o, d);
                    }
                    for (; j < n; j++) {
                        axpy(s[p + j], rows, j * d, out, o, d);
                    }
                }
            }
            for (int head = 0; head < h; head++) {
                int o = (b * h + head) * d;
                for (int t = 0; t < d; t++) {
                    out[o + t] /= sum[head];
                }
            }
        }
        return out;
    }

    /**
     * Fills {@code rows} with the {@code n} cache rows (width d) of batch {@code b}'s tokens
     * {@code [j0, j0 + n)} of the cache salted {@code salt}; {@code j0} is a multiple of BS. Returns n.
     */
    private int gather(long salt, int b, int j0, int n, int d, float[] rows) {
        int bs = c.blockSize();
        for (int j = 0; j < n; j += bs) {
            long first = ((long) block(b, (j0 + j) / bs) * bs) * d;
            InputValues.fillUniformBf16(salt, first, rows, j * d, Math.min(bs, n - j) * d);
        }
        return n;
    }

    /**
     * {@link #axpy} of four x rows {@code xStride} apart with factors a0..a3, in that order: each y element
     * sums the same terms in the same order, loaded and stored once instead of four times.
     */
    private static void axpy4(double a0, double a1, double a2, double a3, float[] x, int xo, int xStride, double[] y,
            int yo, int n) {
        int x1 = xo + xStride;
        int x2 = x1 + xStride;
        int x3 = x2 + xStride;
        for (int i = 0; i < n; i++) {
            y[yo + i] = y[yo + i] + a0 * x[xo + i] + a1 * x[x1 + i] + a2 * x[x2 + i] + a3 * x[x3 + i];
        }
    }

    /** {@code y[yo + i] += a * x[xo + i]} for {@code i < n}. */
    private static void axpy(double a, float[] x, int xo, double[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] += a * x[xo + i];
        }
    }

    /**
     * {@link #axpy(double, double[], double[], int)} of x0..x3 with factors a0..a3 in that order: each y
     * element sums the same terms in the same order, loaded and stored once.
     */
    private static void axpy4(double a0, double[] x0, double a1, double[] x1, double a2, double[] x2, double a3,
            double[] x3, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = y[i] + a0 * x0[i] + a1 * x1[i] + a2 * x2[i] + a3 * x3[i];
        }
    }

    /**
     * The double {@link #axpy4} into y with factors {@code a[ya..ya+3]} and into z with factors
     * {@code a[za..za+3]}, both of rows {@code x[x0..x0+3]}: each element of y and z sums the same terms in
     * the same order as the two axpy4s, and each x element is loaded once.
     */
    private static void axpy4x2(double[] a, int ya, int za, double[][] x, int x0, double[] y, double[] z, int n) {
        double y0 = a[ya];
        double y1 = a[ya + 1];
        double y2 = a[ya + 2];
        double y3 = a[ya + 3];
        double z0 = a[za];
        double z1 = a[za + 1];
        double z2 = a[za + 2];
        double z3 = a[za + 3];
        double[] r0 = x[x0];
        double[] r1 = x[x0 + 1];
        double[] r2 = x[x0 + 2];
        double[] r3 = x[x0 + 3];
        for (int i = 0; i < n; i++) {
            double v0 = r0[i];
            double v1 = r1[i];
            double v2 = r2[i];
            double v3 = r3[i];
            y[i] = y[i] + y0 * v0 + y1 * v1 + y2 * v2 + y3 * v3;
            z[i] = z[i] + z0 * v0 + z1 * v1 + z2 * v2 + z3 * v3;
        }
    }

    /**
     * {@code y[i] += a * x[i]} for {@code i < n}: the same index on both sides, so no iteration reads
     * another's result even if x were y, and the JIT vectorizes it.
     */
    private static void axpy(double a, double[] x, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] += a * x[i];
        }
    }
}
