package io.ptosim.chip;

import io.ptosim.kernel.KernelCall;
import io.ptosim.runtime.TaskShape;
import io.ptosim.runtime.TensorView;
import java.util.List;

/** What the chip keeps of a submitted task until it completes: how to run its blocks. */
final class ChipTask {
    final long id;
    final int[] kernelIds;
    final TaskShape shape;
    final int blockNum;
    final List<TensorView> tensors;
    final long[] scalars;
    /** All blocks must start together ({@code require_sync_start} on a task that runs on cores). */
    final boolean syncStart;
    int nextBlock;
    /** The call of the block asked for last (most tasks have one block: one call serves placing, costing and running it). */
    private KernelCall call;

    ChipTask(long id, int[] kernelIds, int blockNum, List<TensorView> tensors, long[] scalars, boolean syncStart) {
        this.id = id;
        this.kernelIds = kernelIds;
        this.shape = TaskShape.of(kernelIds);
        this.blockNum = blockNum;
        this.tensors = tensors;
        this.scalars = scalars;
        this.syncStart = syncStart && shape != TaskShape.DUMMY;
    }

    /** Block {@code block} as its kernel sees it. */
    KernelCall call(int block) {
        KernelCall c = call;
        if (c == null || c.blockIdx() != block) {
            c = new KernelCall(tensors, scalars, block, blockNum);
            call = c;
        }
        return c;
    }
}
