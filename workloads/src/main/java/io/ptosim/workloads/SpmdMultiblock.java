package io.ptosim.workloads;

import static io.ptosim.program.Args.args;

import io.ptosim.kernel.CoreType;
import io.ptosim.kernel.DurationModel;
import io.ptosim.kernel.Kernel;
import io.ptosim.kernel.KernelCall;
import io.ptosim.kernel.KernelTable;
import io.ptosim.kernel.Work;
import io.ptosim.program.Orchestration;
import io.ptosim.program.Tensor;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * simpler's {@code spmd_multiblock_aiv} (workloads.md §4): five AIV tasks with {@code block_num} 4, 16,
 * 24, 48 and 96 on one INOUT tensor of 188 cache lines (3008 floats); block {@code i} of the task with
 * base line {@code b} writes {@code float(i)} at line {@code b + i}. All five INOUT the whole tensor, so
 * they chain through the TensorMap; 188 block executions, 96 blocks being two waves over a2a3's 48 AIV
 * cores.
 */
public final class SpmdMultiblock implements Workload {
    /** The kernel: each block writes its index at its line. */
    public static final int WRITE_BLOCK_INDEX = 0;
    private static final int LINE_FLOATS = 16;
    private static final int LINES = 188;
    private static final int[] BLOCKS = {4, 16, 24, 48, 96};
    private static final int[] BASES = {0, 4, 20, 44, 92};

    @Override
    public String name() {
        return "spmd-multiblock";
    }

    @Override
    public String summary() {
        return "five SPMD AIV tasks (block_num 4, 16, 24, 48, 96) each block writing its index at its cache line"
                + " (simpler spmd_multiblock_aiv)";
    }

    @Override
    public List<String> cases() {
        return List.of("default");
    }

    @Override
    public List<String> variants() {
        return List.of("auto");
    }

    @Override
    public WorkloadInstance instance(String caseName, String variant) {
        Catalog.require(this, caseName, variant);
        Orchestration orch = new Orchestration(name());
        Tensor out = orch.external("out", 0x1_0000_0000L, DataType.FLOAT32, LINES * LINE_FLOATS);
        for (int t = 0; t < BLOCKS.length; t++) {
            orch.submitAiv(WRITE_BLOCK_INDEX, args().inout(out).scalar(BASES[t]).blockNum(BLOCKS[t]));
        }
        Kernel write = new Kernel(WRITE_BLOCK_INDEX, "write_block_index", CoreType.AIV,
                new DurationModel.FromWork((KernelCall call) -> new Work(LINE_FLOATS, 0, LINE_FLOATS * 4L)),
                (call, mem) -> {
                    TensorView v = call.tensor(0);
                    long line = call.scalar(0) + call.blockIdx();
                    for (int k = 0; k < LINE_FLOATS; k++) {
                        mem.set(v, line * LINE_FLOATS + k, call.blockIdx());
                    }
                });
        GoldenCheck golden = (mem, external) -> {
            TensorView v = external.apply("out");
            List<String> bad = new ArrayList<>();
            for (int t = 0; t < BLOCKS.length; t++) {
                for (int b = 0; b < BLOCKS[t]; b++) {
                    long line = BASES[t] + b;
                    double got = mem.get(v, line * LINE_FLOATS);
                    if (got != b && bad.size() < 5) {
                        bad.add("out line " + line + " = " + got + ", expected " + b + " (task " + t + ", block " + b
                                + ")");
                    }
                }
            }
            return bad;
        };
        return new WorkloadInstance(name(), caseName, variant, orch.build(), KernelTable.of(write), Map.of(), golden);
    }
}
