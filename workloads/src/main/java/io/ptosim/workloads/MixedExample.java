package io.ptosim.workloads;

import static io.ptosim.program.Args.args;

import io.ptosim.kernel.CoreType;
import io.ptosim.kernel.DeviceMemory;
import io.ptosim.kernel.DurationModel;
import io.ptosim.kernel.ElementSource;
import io.ptosim.kernel.Kernel;
import io.ptosim.kernel.KernelCall;
import io.ptosim.kernel.KernelTable;
import io.ptosim.kernel.Work;
import io.ptosim.program.Orchestration;
import io.ptosim.program.Tensor;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.ScopeMode;
import io.ptosim.runtime.TensorView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * simpler's {@code mixed_example} (workloads.md §4): per iteration (its own scope) five tasks, one of
 * each resource shape — MIX {@code [0,1,2]} (matmul + add + mul), AIC-only {@code [0,-1,-1]}, AIV-only
 * {@code [-1,3,-1]}, AIV×2 {@code [-1,3,4]}, AIC+AIV0 {@code [0,1,-1]} — each writing its own 128×128 f32
 * row block (OUTPUT_EXISTING) of the nine external outputs from the six external inputs, so no task
 * depends on another. Kernels: 0 matmul (slots 0, 1 → 2), 1 add and 2 mul of slots 3, 4 into 5 and 6
 * (the AIV halves of cube tasks), 3 add and 4 mul of slots 0, 1 into 2 and 3 (vector-only tasks). Cases
 * case1 (4 iterations, 20 tasks; default) and case2 (1 iteration); variant auto.
 */
public final class MixedExample implements Workload {
    /** Matmul of slots 0 and 1 into slot 2 (AIC). */
    public static final int MATMUL = 0;
    /** Add of slots 3 and 4 into slot 5 (AIV). */
    public static final int ADD_PAIRED = 1;
    /** Multiply of slots 3 and 4 into slot 6 (AIV). */
    public static final int MUL_PAIRED = 2;
    /** Add of slots 0 and 1 into slot 2 (AIV). */
    public static final int ADD = 3;
    /** Multiply of slots 0 and 1 into slot 3 (AIV). */
    public static final int MUL = 4;

    private static final int N = 128;
    private static final long SALT = 21;
    private static final long BASE = 0x1_0000_0000L;
    private static final List<String> INPUTS = List.of("A", "B", "X", "Y", "U", "W");
    private static final List<String> OUTPUTS = List.of("mix_mm", "mix_add", "mix_mul", "aic_mm", "aiv_add", "dual_add",
            "dual_mul", "pair_mm", "pair_add");

    @Override
    public String name() {
        return "mixed-example";
    }

    @Override
    public String summary() {
        return "five independent tasks per iteration, one per resource shape (MIX, AIC, AIV, AIVx2, AIC+AIV0),"
                + " 128x128 f32 matmul/add/mul (simpler mixed_example)";
    }

    @Override
    public List<String> cases() {
        return List.of("case1", "case2");
    }

    @Override
    public List<String> variants() {
        return List.of("auto");
    }

    @Override
    public WorkloadInstance instance(String caseName, String variant) {
        Catalog.require(this, caseName, variant);
        int iterations = caseName.equals("case1") ? 4 : 1;
        Orchestration orch = new Orchestration(name());
        Map<String, Tensor> t = new TreeMap<>();
        long bytes = 4L * iterations * N * N;
        long addr = BASE;
        for (String name : concat(INPUTS, OUTPUTS)) {
            t.put(name, orch.external(name, addr, DataType.FLOAT32, iterations * N, N));
            addr += (bytes + (1L << 20) - 1) >>> 20 << 20;
        }
        for (int i = 0; i < iterations; i++) {
            long row = (long) i * N;
            Function<String, Tensor> v = name -> t.get(name).view(new int[] {N, N}, new long[] {row, 0});
            orch.beginScope(ScopeMode.AUTO);
            orch.submitMixed(MATMUL, ADD_PAIRED, MUL_PAIRED, args().input(v.apply("A")).input(v.apply("B"))
                    .outputExisting(v.apply("mix_mm")).input(v.apply("X")).input(v.apply("Y"))
                    .outputExisting(v.apply("mix_add")).outputExisting(v.apply("mix_mul")));
            orch.submitAic(MATMUL, args().input(v.apply("A")).input(v.apply("B")).outputExisting(v.apply("aic_mm")));
            orch.submitAiv(ADD, args().input(v.apply("U")).input(v.apply("W")).outputExisting(v.apply("aiv_add")));
            orch.submitMixed(-1, ADD, MUL, args().input(v.apply("U")).input(v.apply("W"))
                    .outputExisting(v.apply("dual_add")).outputExisting(v.apply("dual_mul")));
            orch.submitMixed(MATMUL, ADD_PAIRED, -1, args().input(v.apply("A")).input(v.apply("B"))
                    .outputExisting(v.apply("pair_mm")).input(v.apply("X")).input(v.apply("Y"))
                    .outputExisting(v.apply("pair_add")));
            orch.endScope();
        }
        KernelTable kernels = KernelTable.of(
                new Kernel(MATMUL, "matmul", CoreType.AIC, new DurationModel.FromWork(
                        c -> Work.matmul(DataType.FLOAT32, N, N, N, 1, 8L * N * N, 4L * N * N)), MixedExample::matmul),
                elementwise(ADD_PAIRED, "add", 3, 5, false), elementwise(MUL_PAIRED, "mul", 3, 6, true),
                elementwise(ADD, "add_vec", 0, 2, false), elementwise(MUL, "mul_vec", 0, 3, true));
        Map<String, ElementSource> inputs = new TreeMap<>();
        for (int k = 0; k < INPUTS.size(); k++) {
            long salt = SALT + k;
            inputs.put(INPUTS.get(k), e -> InputValues.uniform(salt, e));
        }
        return new WorkloadInstance(name(), caseName, variant, orch.build(), kernels, inputs, golden(iterations));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static float[] read(DeviceMemory mem, TensorView v) {
        float[] a = new float[(int) v.numel()];
        mem.read(v, a);
        return a;
    }

    static void matmul(KernelCall call, DeviceMemory mem) {
        float[] a = read(mem, call.tensor(0));
        float[] b = read(mem, call.tensor(1));
        float[] c = new float[N * N];
        for (int r = 0; r < N; r++) {
            for (int j = 0; j < N; j++) {
                float av = a[r * N + j];
                for (int col = 0; col < N; col++) {
                    c[r * N + col] += av * b[j * N + col];
                }
            }
        }
        mem.write(call.tensor(2), c);
    }

    /** out = in0 (+ or ·) in1 on the slots given; one FLOP per element, two tiles read, one written. */
    private static Kernel elementwise(int funcId, String name, int in0, int out, boolean multiply) {
        return new Kernel(funcId, name, CoreType.AIV, new DurationModel.FromWork(c -> new Work(N * N, 8L * N * N,
                4L * N * N)), (call, mem) -> {
                    float[] x = read(mem, call.tensor(in0));
                    float[] y = read(mem, call.tensor(in0 + 1));
                    for (int i = 0; i < x.length; i++) {
                        x[i] = multiply ? x[i] * y[i] : x[i] + y[i];
                    }
                    mem.write(call.tensor(out), x);
                });
    }

    /**
     * Every output against a plain-Java reference: add and mul exactly (one f32 rounding, as the
     * kernels), matmuls within the worst-case f32 dot-product bound {@code (N+1) * 2^-24 * sum |a||b|}.
     */
    private static GoldenCheck golden(int iterations) {
        return (DeviceMemory mem, Function<String, TensorView> external) -> {
            Map<String, float[]> in = new TreeMap<>();
            for (int k = 0; k < INPUTS.size(); k++) {
                float[] values = new float[iterations * N * N];
                for (int e = 0; e < values.length; e++) {
                    values[e] = InputValues.uniform(SALT + k, e);
                }
                in.put(INPUTS.get(k), values);
            }
            List<String> bad = new ArrayList<>();
            for (String name : OUTPUTS) {
                float[] actual = read(mem, external.apply(name));
                String[] src = switch (name) {
                    case "mix_mm", "aic_mm", "pair_mm" -> new String[] {"A", "B"};
                    case "mix_add", "mix_mul", "pair_add" -> new String[] {"X", "Y"};
                    default -> new String[] {"U", "W"};
                };
                float[] x = in.get(src[0]);
                float[] y = in.get(src[1]);
                for (int i = 0; i < iterations; i++) {
                    int base = i * N * N;
                    for (int r = 0; r < N; r++) {
                        for (int col = 0; col < N; col++) {
                            int e = base + r * N + col;
                            double expected;
                            double tol = 0;
                            if (name.endsWith("_mm")) {
                                double sum = 0;
                                double abs = 0;
                                for (int j = 0; j < N; j++) {
                                    double p = (double) x[base + r * N + j] * y[base + j * N + col];
                                    sum += p;
                                    abs += Math.abs(p);
                                }
                                expected = sum;
                                tol = (N + 1) * 0x1.0p-24 * abs;
                            } else {
                                expected = name.endsWith("_mul") ? x[e] * y[e] : x[e] + y[e];
                            }
                            if (!(Math.abs(actual[e] - expected) <= tol) && bad.size() < 5) {
                                bad.add(name + "[" + e + "] = " + actual[e] + ", expected " + expected + " +- " + tol);
                            }
                        }
                    }
                }
            }
            return bad;
        };
    }
}
