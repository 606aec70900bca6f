package io.ptosim.chip;

import io.ptosim.kernel.KernelCall;
import io.ptosim.runtime.SubmitArgs;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TaskShape;
import io.ptosim.runtime.TensorView;

/**
 * What the chip keeps of a submitted task until it completes: how to run its blocks. {@link LiveTasks}
 * refills a record freed by a completed task for each new one.
 */
final class ChipTask {
    long id = TaskId.INVALID;
    /** {@code [aic, aiv0, aiv1]}, -1 for unused. */
    final int[] kernelIds = new int[3];
    TaskShape shape;
    int blockNum;
    /** The tensor args in slot order, handed to its kernel calls (shared with the program's binding). */
    TensorView[] tensors;
    long[] scalars;
    /** All blocks must start together ({@code require_sync_start} on a task that runs on cores). */
    boolean syncStart;
    int nextBlock;
    /** The call of the block asked for last (most tasks have one block: one call serves placing, costing and running it). */
    private KernelCall call;

    /**
     * Makes this record task {@code taskId}, just submitted with {@code args}, whose tensor args (OUTPUTs
     * materialized) and scalars are these arrays (kept, not copied).
     */
    ChipTask load(long taskId, SubmitArgs args, TensorView[] taskTensors, long[] taskScalars) {
        id = taskId;
        for (int k = 0; k < 3; k++) {
            kernelIds[k] = args.kernelId(k);
        }
        shape = TaskShape.of(kernelIds);
        blockNum = args.blockNum();
        tensors = taskTensors;
        scalars = taskScalars;
        syncStart = args.requireSyncStart() && shape != TaskShape.DUMMY;
        nextBlock = 0;
        call = null;
        return this;
    }

    /** The task completed: the record holds nothing of it any more. */
    void clear() {
        id = TaskId.INVALID;
        tensors = null;
        scalars = null;
        call = null;
    }

    /** Block {@code block} as its kernel sees it. */
    KernelCall call(int block) {
        KernelCall c = call;
        if (c == null || c.blockIdx() != block) {
            c = KernelCall.owning(tensors, scalars, block, blockNum);
            call = c;
        }
        return c;
    }
}
