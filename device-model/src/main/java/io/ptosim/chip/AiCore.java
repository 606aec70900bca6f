package io.ptosim.chip;

import io.ptosim.kernel.CoreType;
import io.ptosim.runtime.TaskId;

/**
 * One AICore (AIC or AIV) as its scheduler thread sees it: the block it runs, when the kernel ends and
 * when its FIN becomes visible to the AICPU; the block preloaded in its pending slot (spec §8.6: the core
 * starts it as soon as the running one ends); whether it has run anything yet (the first task pays the
 * cold start), and how long it has been busy.
 */
final class AiCore {
    final int id;
    final CoreType type;
    final int cluster;
    /** Its place in its scheduler thread's polling order. */
    int slot;
    long task = TaskId.INVALID;
    int block;
    int kernel;
    long startPs;
    long endPs;
    long finVisiblePs;
    boolean warm;
    long busyPs;
    long pending = TaskId.INVALID;
    int pendingBlock;
    int pendingKernel;
    long pendingStartPs;
    long pendingEndPs;

    AiCore(int id, CoreType type, int cluster) {
        this.id = id;
        this.type = type;
        this.cluster = cluster;
    }

    boolean idle() {
        return task == TaskId.INVALID;
    }

    /** Busy, with its pending slot free. */
    boolean canPreload() {
        return task != TaskId.INVALID && pending == TaskId.INVALID;
    }

    /** The running block is done: the pending one (if any) becomes the running one. */
    void promote(long finVisibleLatencyPs) {
        task = pending;
        pending = TaskId.INVALID;
        if (task != TaskId.INVALID) {
            block = pendingBlock;
            kernel = pendingKernel;
            startPs = pendingStartPs;
            endPs = pendingEndPs;
            finVisiblePs = endPs + finVisibleLatencyPs;
        }
    }
}
