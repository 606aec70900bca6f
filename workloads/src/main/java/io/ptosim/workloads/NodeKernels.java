package io.ptosim.workloads;

import static io.ptosim.program.Args.args;

import io.ptosim.endpoint.SimCallable;
import io.ptosim.kernel.CoreType;
import io.ptosim.kernel.DeviceMemory;
import io.ptosim.kernel.DurationModel;
import io.ptosim.kernel.Kernel;
import io.ptosim.kernel.KernelCall;
import io.ptosim.kernel.KernelTable;
import io.ptosim.kernel.ViewElements;
import io.ptosim.kernel.Work;
import io.ptosim.program.Args;
import io.ptosim.program.Orchestration;
import io.ptosim.program.Tensor;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorView;
import java.util.ArrayList;
import java.util.List;

/**
 * The small f32 AIV kernels and one-task chip programs of the child-memory and shared-memory node
 * workloads. A program's externals are its task's tensors in order (see {@link SimCallable}); their
 * addresses here are placeholders the endpoint replaces.
 */
final class NodeKernels {
    /** {@code out = t0 + t1}. */
    static final int ADD = 0;
    /** {@code out = t0 · t1}. */
    static final int MUL = 1;
    /** {@code t0 += 1}, in place (one INOUT tensor). */
    static final int INC = 2;
    /** {@code out = t0 + 1}. */
    static final int ADD_ONE = 3;

    private static final KernelTable TABLE = KernelTable.of(
            new Kernel(ADD, "add", CoreType.AIV, elementwise(2, 2), (call, mem) -> binary(call, mem, false)),
            new Kernel(MUL, "mul", CoreType.AIV, elementwise(2, 2), (call, mem) -> binary(call, mem, true)),
            new Kernel(INC, "inc", CoreType.AIV, elementwise(0, 1), (call, mem) -> plusOne(mem, call.tensor(0),
                    call.tensor(0))),
            new Kernel(ADD_ONE, "add_one", CoreType.AIV, elementwise(1, 1), (call, mem) -> plusOne(mem,
                    call.tensor(0), call.tensor(1))));

    private NodeKernels() {
    }

    /**
     * A chip program of one AIV task {@code kernel} over {@code n}-element f32 externals named
     * {@code names}; {@code roles} says per external whether the task reads it ('i'), writes it ('o') or
     * both ('x').
     */
    static SimCallable program(String name, int kernel, int n, List<String> names, String roles) {
        Orchestration orch = new Orchestration(name);
        Args a = args();
        for (int i = 0; i < names.size(); i++) {
            Tensor t = orch.external(names.get(i), 0x1_0000_0000L + (long) i * 0x10_0000, DataType.FLOAT32, n);
            a = switch (roles.charAt(i)) {
                case 'i' -> a.input(t);
                case 'o' -> a.outputExisting(t);
                default -> a.inout(t);
            };
        }
        orch.submitAiv(kernel, a);
        return new SimCallable(orch.build(), TABLE);
    }

    /** One f32 op per element of the last tensor; reads {@code inputs} tiles, writes {@code outputs}. */
    private static DurationModel elementwise(int inputs, int tensors) {
        return new DurationModel.FromWork((KernelCall call) -> {
            TensorView out = call.tensor(tensors - 1);
            long bytes = out.numel() * out.dtype().bytes();
            return new Work(out.numel(), Math.max(1, inputs) * bytes, bytes);
        });
    }

    private static void binary(KernelCall call, DeviceMemory mem, boolean multiply) {
        List<Long> xs = offsets(call.tensor(0));
        List<Long> ys = offsets(call.tensor(1));
        List<Long> os = offsets(call.tensor(2));
        for (int i = 0; i < os.size(); i++) {
            float l = (float) mem.get(call.tensor(0), xs.get(i));
            float r = (float) mem.get(call.tensor(1), ys.get(i));
            mem.set(call.tensor(2), os.get(i), multiply ? l * r : l + r);
        }
    }

    private static void plusOne(DeviceMemory mem, TensorView in, TensorView out) {
        List<Long> is = offsets(in);
        List<Long> os = offsets(out);
        for (int i = 0; i < os.size(); i++) {
            mem.set(out, os.get(i), (float) mem.get(in, is.get(i)) + 1.0f);
        }
    }

    private static List<Long> offsets(TensorView v) {
        List<Long> out = new ArrayList<>((int) v.numel());
        ViewElements.forEach(v, out::add);
        return out;
    }
}
