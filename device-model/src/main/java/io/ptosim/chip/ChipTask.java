package io.ptosim.chip;

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

    ChipTask(long id, int[] kernelIds, int blockNum, List<TensorView> tensors, long[] scalars, boolean syncStart) {
        this.id = id;
        this.kernelIds = kernelIds;
        this.shape = TaskShape.of(kernelIds);
        this.blockNum = blockNum;
        this.tensors = tensors;
        this.scalars = scalars;
        this.syncStart = syncStart && shape != TaskShape.DUMMY;
    }
}
