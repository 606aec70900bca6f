package io.ptosim.workloads;

import static io.ptosim.program.Args.args;

import io.ptosim.kernel.CoreType;
import io.ptosim.kernel.DeviceMemory;
import io.ptosim.kernel.DurationModel;
import io.ptosim.kernel.Kernel;
import io.ptosim.kernel.KernelCall;
import io.ptosim.kernel.KernelTable;
import io.ptosim.kernel.Work;
import io.ptosim.program.Orchestration;
import io.ptosim.program.Task;
import io.ptosim.program.Tensor;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.ScopeMode;
import io.ptosim.runtime.TensorView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * simpler's {@code benchmark_bgemm} (workloads.md §4): per group (its own AUTO scope) and k, a GEMM
 * task (AIC func 0) computing {@code incore_loop} T×T f32 matmuls into a fresh tmp, then an ADD task
 * (AIV func 1) accumulating tmp into the group's C tiles; ADD_k follows ADD_{k-1} through the TensorMap.
 * Golden {@code C[g*L + i] = sum_k A[g,k,i] . B[g,k,i]}. Cases (task_num, T, incore_loop, grid_k): Case0
 * (500, 128, 4, 2; default), Case1 (64, 128, 4, 2), Case2 (256, 128, 4, 2), Case3 (64, 128, 16, 2), Case4
 * (64, 128, 4, 4), Bgemm64 (32, 64, 1, 4). Variant auto.
 */
public final class Bgemm implements Workload {
    /** GEMM: tmp[i] = A_i . B_i for i < incore_loop. */
    public static final int GEMM = 0;
    /** ADD: C_view += tmp. */
    public static final int ADD = 1;

    private static final long BASE = 0x1_0000_0000L;
    private static final long A_SALT = 11;
    private static final long B_SALT = 12;

    /**
     * One case.
     *
     * @param name the case name
     * @param taskNum matmul_add_task_num (GEMM tasks)
     * @param tile T
     * @param incoreLoop L, matmuls per GEMM task
     * @param gridK K steps per group
     */
    record Case(String name, int taskNum, int tile, int incoreLoop, int gridK) {
        int groups() {
            return taskNum / gridK;
        }
    }

    private static final List<Case> CASES = List.of(new Case("Case0", 500, 128, 4, 2), new Case("Case1", 64, 128, 4, 2),
            new Case("Case2", 256, 128, 4, 2), new Case("Case3", 64, 128, 16, 2), new Case("Case4", 64, 128, 4, 4),
            new Case("Bgemm64", 32, 64, 1, 4));

    @Override
    public String name() {
        return "bgemm";
    }

    @Override
    public String summary() {
        return "batched f32 GEMM: per group and k a GEMM (AIC) into tmp and an accumulating ADD (AIV) into C,"
                + " golden C = sum_k A.B (simpler benchmark_bgemm)";
    }

    @Override
    public List<String> cases() {
        return CASES.stream().map(Case::name).toList();
    }

    @Override
    public List<String> variants() {
        return List.of("auto");
    }

    @Override
    public WorkloadInstance instance(String caseName, String variant) {
        Catalog.require(this, caseName, variant);
        return instance(CASES.stream().filter(x -> x.name().equals(caseName)).findFirst().orElseThrow());
    }

    /** The instance of any case (tests use shapes smaller than the listed ones). */
    WorkloadInstance instance(Case c) {
        int t = c.tile();
        int l = c.incoreLoop();
        int k = c.gridK();
        int groups = c.groups();
        long operandBytes = 4L * groups * k * l * t * t;
        long[] configValues = {t, k, groups, l};
        Orchestration orch = new Orchestration(name());
        Tensor a = orch.external("A", BASE, DataType.FLOAT32, groups * k * l, t, t);
        Tensor b = orch.external("B", BASE + align(operandBytes), DataType.FLOAT32, groups * k * l, t, t);
        Tensor cc = orch.external("C", BASE + 2 * align(operandBytes), DataType.FLOAT32, l * groups, t, t);
        Tensor config = orch.external("config", BASE + 2 * align(operandBytes) + align(4L * l * groups * t * t),
                DataType.INT64, 4);
        for (int g = 0; g < groups; g++) {
            orch.beginScope(ScopeMode.AUTO);
            Tensor cView = cc.view(new int[] {l, t, t}, new long[] {(long) g * l, 0, 0});
            for (int kk = 0; kk < k; kk++) {
                long[] at = {(long) (g * k + kk) * l, 0, 0};
                Task gemm = orch.submitAic(GEMM, args().input(a.view(new int[] {l, t, t}, at))
                        .input(b.view(new int[] {l, t, t}, at)).output(DataType.FLOAT32, l * t * t).input(config));
                orch.submitAiv(ADD, args().inout(cView).input(gemm.output(0)).input(config));
            }
            orch.endScope();
        }
        KernelTable kernels = KernelTable.of(
                new Kernel(GEMM, "gemm", CoreType.AIC, new DurationModel.FromWork(Bgemm::gemmWork), Bgemm::gemm),
                new Kernel(ADD, "add", CoreType.AIV, new DurationModel.FromWork(Bgemm::addWork), Bgemm::add));
        return new WorkloadInstance(name(), c.name(), "auto", orch.build(), kernels,
                Map.of("A", e -> InputValues.uniform(A_SALT, e), "B", e -> InputValues.uniform(B_SALT, e),
                        "config", e -> configValues[(int) e]),
                golden(c));
    }

    private static long align(long bytes) {
        return (bytes + (1L << 20) - 1) >>> 20 << 20;
    }

    /** The config tensor: tile, grid_k, groups, incore_loop. */
    private static long[] config(KernelCall call, DeviceMemory mem, int slot) {
        TensorView cfg = call.tensor(slot);
        long[] v = new long[4];
        for (int i = 0; i < 4; i++) {
            v[i] = (long) mem.get(cfg, cfg.startOffset() + i);
        }
        return v;
    }

    static void gemm(KernelCall call, DeviceMemory mem) {
        long[] cfg = config(call, mem, 3);
        int t = (int) cfg[0];
        int l = (int) cfg[3];
        float[] a = new float[l * t * t];
        float[] b = new float[l * t * t];
        mem.read(call.tensor(0), a);
        mem.read(call.tensor(1), b);
        float[] out = new float[l * t * t];
        for (int i = 0; i < l; i++) {
            int base = i * t * t;
            for (int r = 0; r < t; r++) {
                for (int j = 0; j < t; j++) {
                    float av = a[base + r * t + j];
                    int brow = base + j * t;
                    int orow = base + r * t;
                    for (int col = 0; col < t; col++) {
                        out[orow + col] += av * b[brow + col];
                    }
                }
            }
        }
        mem.write(call.tensor(2), out);
    }

    static void add(KernelCall call, DeviceMemory mem) {
        TensorView c = call.tensor(0);
        float[] acc = new float[(int) c.numel()];
        float[] tmp = new float[acc.length];
        mem.read(c, acc);
        mem.read(call.tensor(1), tmp);
        for (int i = 0; i < acc.length; i++) {
            acc[i] += tmp[i];
        }
        mem.write(c, acc);
    }

    /** incore_loop T×T×T matmuls: {@code 2*L*T^3} FLOPs, both operands read, tmp written. */
    static Work gemmWork(KernelCall call) {
        TensorView a = call.tensor(0);
        long t = a.shape(1);
        long bytes = a.numel() * 4;
        int tile = Math.toIntExact(t);
        return Work.matmul(DataType.FLOAT32, tile, tile, tile, a.shape(0), 2 * bytes + 32, bytes);
    }

    /** An L*T*T element accumulate: C and tmp read, C written. */
    static Work addWork(KernelCall call) {
        long n = call.tensor(0).numel();
        return new Work(n, 8 * n + 32, 4 * n);
    }

    /**
     * C against a double-precision reference. Tolerance per element: {@code (n+1) * 2^-24 * sum |a||b|},
     * n = T * grid_k products, the standard worst-case bound for an f32 sum of n products plus the ADDs'
     * roundings, so it is rigorous yet far below the size of any missed or doubled term.
     */
    private static GoldenCheck golden(Case c) {
        int t = c.tile();
        int l = c.incoreLoop();
        int k = c.gridK();
        return (DeviceMemory mem, Function<String, TensorView> external) -> {
            TensorView cv = external.apply("C");
            float[] actual = new float[(int) cv.numel()];
            mem.read(cv, actual);
            double bound = (t * k + 1) * 0x1.0p-24;
            List<String> bad = new ArrayList<>();
            double[] ref = new double[t * t];
            double[] abs = new double[t * t];
            double[] a = new double[t * t];
            double[] b = new double[t * t];
            for (int g = 0; g < c.groups(); g++) {
                for (int i = 0; i < l; i++) {
                    Arrays.fill(ref, 0);
                    Arrays.fill(abs, 0);
                    for (int kk = 0; kk < k; kk++) {
                        long base = ((long) (g * k + kk) * l + i) * t * t;
                        for (int e = 0; e < t * t; e++) {
                            a[e] = InputValues.uniform(A_SALT, base + e);
                            b[e] = InputValues.uniform(B_SALT, base + e);
                        }
                        for (int r = 0; r < t; r++) {
                            for (int j = 0; j < t; j++) {
                                double av = a[r * t + j];
                                double aa = Math.abs(av);
                                int brow = j * t;
                                int orow = r * t;
                                for (int col = 0; col < t; col++) {
                                    ref[orow + col] += av * b[brow + col];
                                    abs[orow + col] += aa * Math.abs(b[brow + col]);
                                }
                            }
                        }
                    }
                    int out = (g * l + i) * t * t;
                    for (int e = 0; e < t * t; e++) {
                        double tol = bound * abs[e];
                        if (!(Math.abs(actual[out + e] - ref[e]) <= tol) && bad.size() < 5) {
                            bad.add("C[" + (out + e) + "] = " + actual[out + e] + ", expected " + ref[e]
                                    + " +- " + tol);
                        }
                    }
                }
            }
            return bad;
        };
    }
}
