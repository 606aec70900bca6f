package io.ptosim.workloads;

import io.ptosim.des.RandomStreams;
import io.ptosim.kernel.Kernel;
import io.ptosim.kernel.KernelCall;
import io.ptosim.memory.GlobalMemory;
import io.ptosim.program.ExternalBuffer;
import io.ptosim.program.Op;
import io.ptosim.program.ProgramBinding;
import io.ptosim.program.UntimedRun;
import io.ptosim.runtime.L2Runtime;
import io.ptosim.runtime.RuntimeConfig;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorView;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a workload's kernel bodies without time: the program goes through the runtime state machine
 * with tasks completing in a seeded random order that respects only the dependencies the runtime
 * derived, each task's kernels run (every block, every core of a MIX task) just before it completes,
 * and the golden check reads the outputs. A workload whose dependencies miss an ordering its data
 * needs fails here for some seed.
 */
public final class FunctionalRun {
    /**
     * What a functional run found.
     *
     * @param outcome how the run ended
     * @param mismatches the golden check's findings (empty when it matched or there is no check)
     * @param kernelBlocks kernel block executions
     */
    public record Result(UntimedRun.Outcome outcome, List<String> mismatches, long kernelBlocks) {
        /** Whether the run completed and matched the golden. */
        public boolean passed() {
            return outcome.result() == UntimedRun.Result.COMPLETED && mismatches.isEmpty();
        }
    }

    private FunctionalRun() {
    }

    /** Runs {@code w} with ring sizes {@code config} and completion order drawn from {@code seed}. */
    public static Result run(WorkloadInstance w, RuntimeConfig config, long seed) {
        GlobalMemory memory = new GlobalMemory();
        for (ExternalBuffer b : w.program().externals()) {
            if (w.inputs().containsKey(b.name())) {
                memory.fill(b.addr(), b.sizeBytes(), b.dtype(), w.inputs().get(b.name()));
            }
        }
        long[] blocks = new long[1];
        UntimedRun.Outcome outcome = UntimedRun.run(w.program(), config, new RandomStreams(seed).stream("completion-order"),
                new UntimedRun.Observer() {
                    @Override
                    public void after(L2Runtime runtime, String event) {
                    }

                    @Override
                    public void completing(L2Runtime runtime, long taskId, Op.Submit op, List<TensorView> tensors) {
                        blocks[0] += execute(w, memory, taskId, op, tensors);
                    }
                });
        List<String> mismatches = List.of();
        if (outcome.result() == UntimedRun.Result.COMPLETED && w.golden() != null) {
            Function<String, TensorView> external = name -> ChipRun.whole(w, name);
            mismatches = w.golden().mismatches(memory, external);
        }
        return new Result(outcome, mismatches, blocks[0]);
    }

    private static long execute(WorkloadInstance w, GlobalMemory memory, long taskId, Op.Submit op,
            List<TensorView> tensors) {
        long[] scalarBits = ProgramBinding.scalarsOf(op);
        long blocks = 0;
        for (int id : op.kernelIds()) {
            if (id < 0) {
                continue;
            }
            Kernel k = w.kernels().get(id);
            if (k.body() == null) {
                throw new IllegalStateException("kernel '" + k.name() + "' of task " + TaskId.display(taskId)
                        + " has no functional body");
            }
            for (int b = 0; b < op.blockNum(); b++) {
                k.body().run(new KernelCall(tensors, scalarBits, b, op.blockNum()), memory);
                blocks++;
            }
        }
        return blocks;
    }
}
