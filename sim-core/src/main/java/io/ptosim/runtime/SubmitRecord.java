package io.ptosim.runtime;

import java.util.List;
import java.util.Objects;

/**
 * One {@code submit_task} as the orchestrator issued it, with every address resolved: what the
 * runtime's dependency-generation replay consumes, and what a conformance vector holds.
 *
 * @param taskId the task id ({@link TaskId})
 * @param manualScope whether it was submitted inside a manual scope (any depth)
 * @param explicitDeps task ids from {@code set_dependencies}, in order, duplicates allowed
 * @param args tensor args in slot order (at most 32)
 * @param kernelIds {@code [aic, aiv0, aiv1]}, -1 for an unused subslot
 * @param blockNum SPMD block count, 1 for an ordinary task
 * @param earlyDispatch whether the task carried the early-resolve hint
 */
public record SubmitRecord(long taskId, boolean manualScope, List<Long> explicitDeps, List<TaskArg> args, int[] kernelIds,
        int blockNum, boolean earlyDispatch) {
    /** Most tensor args per task. */
    public static final int MAX_TENSOR_ARGS = 32;

    /** Validates the record and copies its lists. */
    public SubmitRecord {
        explicitDeps = List.copyOf(explicitDeps);
        args = List.copyOf(args);
        if (args.size() > MAX_TENSOR_ARGS) {
            throw new IllegalArgumentException("task " + TaskId.display(taskId) + " has " + args.size()
                    + " tensor args; at most " + MAX_TENSOR_ARGS + " are allowed");
        }
        Objects.requireNonNull(kernelIds, "kernelIds");
        if (kernelIds.length != 3) {
            throw new IllegalArgumentException("kernel_ids has " + kernelIds.length + " entries; expected [aic, aiv0, aiv1]");
        }
        kernelIds = kernelIds.clone();
        if (blockNum < 1) {
            throw new IllegalArgumentException("block_num = " + blockNum + "; expected >= 1");
        }
    }

    /** A copy of the kernel ids. */
    @Override
    public int[] kernelIds() {
        return kernelIds.clone();
    }
}
