package io.ptosim.workloads;

import io.ptosim.kernel.CoreType;
import io.ptosim.kernel.DurationModel;
import io.ptosim.kernel.Kernel;
import io.ptosim.kernel.KernelTable;
import io.ptosim.program.Arg;
import io.ptosim.program.BufferRef;
import io.ptosim.program.ExternalBuffer;
import io.ptosim.program.GeneratedOps;
import io.ptosim.program.Op;
import io.ptosim.program.Program;
import io.ptosim.program.Tensor;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.ScopeMode;
import io.ptosim.runtime.TensorArgType;
import java.util.List;
import java.util.Map;

/**
 * A generated program of any length in constant memory: per group, an AUTO scope with a paged-attention
 * shaped chain of four tasks (AIC reads a row block of {@code x} into a new buffer, AIV reads that, AIC
 * reads the AIV output, AIV accumulates into one of 64 rows of {@code acc}, so consecutive groups on
 * the same row chain through the TensorMap). Ops are computed from their index ({@link GeneratedOps}),
 * so a 10-million-task run needs no more heap than a small one. Kernels take fixed times and compute
 * nothing.
 */
public final class Synthetic implements Workload {
    private static final int OPS_PER_GROUP = 6;
    private static final int ROWS = 64;
    private static final int D = 128;
    private static final List<String> CASES = List.of("100k", "1M", "10M");
    private static final int[] AIC = {0, -1, -1};
    private static final int[] AIV = {-1, 1, -1};

    @Override
    public String name() {
        return "synthetic";
    }

    @Override
    public String summary() {
        return "generated chains of 4 tasks per scope (AIC, AIV, AIC, accumulating AIV), any length in constant memory";
    }

    @Override
    public List<String> cases() {
        return CASES;
    }

    @Override
    public List<String> variants() {
        return List.of("auto");
    }

    @Override
    public WorkloadInstance instance(String caseName, String variant) {
        Catalog.require(this, caseName, variant);
        int tasks = switch (caseName) {
            case "100k" -> 100_000;
            case "1M" -> 1_000_000;
            default -> 10_000_000;
        };
        return instance(caseName, tasks);
    }

    /** An instance of {@code tasks} tasks (a multiple of 4), labelled {@code caseName}. */
    public WorkloadInstance instance(String caseName, int tasks) {
        int groups = tasks / 4;
        List<ExternalBuffer> externals = List.of(
                new ExternalBuffer("x", 0x1_0000_0000L, (long) ROWS * 16 * D * 4, DataType.FLOAT32),
                new ExternalBuffer("acc", 0x2_0000_0000L, (long) ROWS * D * 4, DataType.FLOAT32));
        Tensor x = Tensor.rowMajor(new BufferRef.External(0), DataType.FLOAT32, ROWS * 16, D);
        Tensor acc = Tensor.rowMajor(new BufferRef.External(1), DataType.FLOAT32, ROWS, D);
        Program program = new Program("synthetic-" + tasks, externals,
                new GeneratedOps(groups * OPS_PER_GROUP, i -> op(i, x, acc)));
        Kernel cube = new Kernel(0, "synthetic-cube", CoreType.AIC, new DurationModel.Fixed(2_000), (call, mem) -> { });
        Kernel vector = new Kernel(1, "synthetic-vector", CoreType.AIV, new DurationModel.Fixed(1_000),
                (call, mem) -> { });
        return new WorkloadInstance(name(), caseName, "auto", program, KernelTable.of(cube, vector), Map.of(),
                null);
    }

    private static Op op(int i, Tensor x, Tensor acc) {
        int group = i / OPS_PER_GROUP;
        int first = group * OPS_PER_GROUP;
        int row = group % ROWS;
        return switch (i - first) {
            case 0 -> new Op.ScopeBegin(ScopeMode.AUTO);
            case 1 -> submit(AIC, new Arg.TensorArg(TensorArgType.INPUT, x.view(new int[] {16, D},
                    new long[] {(group % (ROWS * 16 / 16)) * 16L, 0})), out(16, D));
            case 2 -> submit(AIV, input(first + 1, 16, D), out(16, D));
            case 3 -> submit(AIC, input(first + 2, 16, D), out(1, D));
            case 4 -> submit(AIV, input(first + 3, 1, D), new Arg.TensorArg(TensorArgType.INOUT,
                    acc.view(new int[] {1, D}, new long[] {row, 0})));
            default -> new Op.ScopeEnd();
        };
    }

    private static Arg.TensorArg input(int op, int rows, int cols) {
        return new Arg.TensorArg(TensorArgType.INPUT, Tensor.rowMajor(new BufferRef.Output(op, 0), DataType.FLOAT32,
                rows, cols));
    }

    private static Arg.OutputArg out(int rows, int cols) {
        return new Arg.OutputArg(DataType.FLOAT32, new int[] {rows, cols}, false);
    }

    private static Op submit(int[] kernels, Arg... args) {
        return new Op.Submit(kernels, List.of(args), List.of(), 1, false, false);
    }
}
