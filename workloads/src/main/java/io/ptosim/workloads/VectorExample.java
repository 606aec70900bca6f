package io.ptosim.workloads;

import static io.ptosim.program.Args.args;

import io.ptosim.kernel.CoreType;
import io.ptosim.kernel.DurationModel;
import io.ptosim.kernel.Kernel;
import io.ptosim.kernel.KernelCall;
import io.ptosim.kernel.KernelTable;
import io.ptosim.kernel.ViewElements;
import io.ptosim.kernel.Work;
import io.ptosim.program.Orchestration;
import io.ptosim.program.Task;
import io.ptosim.program.Tensor;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.ScopeMode;
import io.ptosim.runtime.TensorView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * simpler's {@code vector_example} (workloads.md §2): {@code f = (a+b+1)·(a+b+2) + (a+b)} on one
 * 128×128 FLOAT32 tile, five AIV tasks, a = 2 and b = 3 so the golden f is 47 everywhere.
 */
public final class VectorExample implements Workload {
    /** {@code kernel_add}: out = in0 + in1. */
    public static final int ADD = 0;
    /** {@code kernel_add_scalar}: out = in + scalar 0 (float bits). */
    public static final int ADD_SCALAR = 1;
    /** {@code kernel_mul}: out = in0 · in1. */
    public static final int MUL = 2;
    private static final int N = 128;

    @Override
    public String name() {
        return "vector-example";
    }

    @Override
    public String summary() {
        return "f = (a+b+1)(a+b+2) + (a+b) on a 128x128 f32 tile: 5 AIV tasks, golden 47.0 (simpler vector_example)";
    }

    @Override
    public List<String> cases() {
        return List.of("default");
    }

    @Override
    public List<String> variants() {
        return List.of("auto");
    }

    /** simpler's vector_example entry: a = 2.0, b = 3.0 and f, each [16384] f32 (its test's SIZE = 128 * 128). */
    @Override
    public Optional<EntryArgs> entryArgs(String caseName) {
        Catalog.require(this, caseName, defaultVariant());
        int size = N * N;
        return Optional.of(new EntryArgs(List.of(
                new EntryArgs.EntryTensor("a", DataType.FLOAT32, new int[] {size}, e -> 2.0),
                new EntryArgs.EntryTensor("b", DataType.FLOAT32, new int[] {size}, e -> 3.0),
                new EntryArgs.EntryTensor("f", DataType.FLOAT32, new int[] {size}, null)), List.of()));
    }

    @Override
    public WorkloadInstance instance(String caseName, String variant) {
        Catalog.require(this, caseName, variant);
        Orchestration orch = new Orchestration(name());
        Tensor a = orch.external("a", 0x1_0000_0000L, DataType.FLOAT32, N, N);
        Tensor b = orch.external("b", 0x1_0010_0000L, DataType.FLOAT32, N, N);
        Tensor f = orch.external("f", 0x1_0020_0000L, DataType.FLOAT32, N, N);
        Task t0 = orch.submitAiv(ADD, args().input(a).input(b).output(DataType.FLOAT32, N, N));
        Tensor c = t0.output(0);
        orch.scope(ScopeMode.AUTO, () -> {
            Task t1 = orch.submitAiv(ADD_SCALAR, args().input(c).output(DataType.FLOAT32, N, N)
                    .scalar(Float.floatToRawIntBits(1.0f)).scalar(3));
            Task t2 = orch.submitAiv(ADD_SCALAR, args().input(c).output(DataType.FLOAT32, N, N)
                    .scalar(Float.floatToRawIntBits(2.0f)).scalar(3));
            Task t3 = orch.submitAiv(MUL, args().input(t1.output(0)).input(t2.output(0)).output(DataType.FLOAT32, N, N));
            orch.submitAiv(ADD, args().input(t3.output(0)).input(c).outputExisting(f));
        });
        KernelTable kernels = KernelTable.of(
                new Kernel(ADD, "add", CoreType.AIV, elementwise(2), (call, mem) -> binary(call, mem, false)),
                new Kernel(ADD_SCALAR, "add_scalar", CoreType.AIV, elementwise(1), (call, mem) -> {
                    TensorView in = call.tensor(0);
                    TensorView out = call.tensor(1);
                    float addend = call.floatScalar(0);
                    float[] v = new float[(int) in.numel()];
                    mem.read(in, v);
                    for (int i = 0; i < v.length; i++) {
                        v[i] += addend;
                    }
                    mem.write(out, v);
                }),
                new Kernel(MUL, "mul", CoreType.AIV, elementwise(2), (call, mem) -> binary(call, mem, true)));
        GoldenCheck golden = (mem, external) -> {
            TensorView out = external.apply("f");
            float[] v = new float[(int) out.numel()];
            mem.read(out, v);
            List<String> bad = new ArrayList<>();
            for (int i = 0; i < v.length && bad.size() < 5; i++) {
                if (v[i] != 47.0f) {
                    bad.add("f[" + ViewElements.offsetOf(out, i) + "] = " + (double) v[i] + ", expected 47.0 exactly");
                }
            }
            return bad;
        };
        return new WorkloadInstance(name(), caseName, variant, orch.build(), kernels,
                Map.of("a", e -> 2.0, "b", e -> 3.0), golden);
    }

    /** One f32 element op per output element; reads {@code inputs} tiles, writes one. */
    private static DurationModel elementwise(int inputs) {
        return new DurationModel.FromWork((KernelCall call) -> {
            TensorView out = call.tensor(inputs);
            long bytes = out.numel() * out.dtype().bytes();
            return new Work(out.numel(), inputs * bytes, bytes);
        });
    }

    private static void binary(KernelCall call, io.ptosim.kernel.DeviceMemory mem, boolean multiply) {
        TensorView x = call.tensor(0);
        TensorView y = call.tensor(1);
        TensorView out = call.tensor(2);
        float[] l = new float[(int) out.numel()];
        float[] r = new float[l.length];
        mem.read(x, l);
        mem.read(y, r);
        for (int i = 0; i < l.length; i++) {
            l[i] = multiply ? l[i] * r[i] : l[i] + r[i];
        }
        mem.write(out, l);
    }
}
