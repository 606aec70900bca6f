package io.ptosim.chip;

import io.ptosim.kernel.CoreType;
import io.ptosim.runtime.TaskId;

/**
 * One AICore (AIC or AIV) as its scheduler thread sees it: the block it runs, when the kernel ends and
 * when its FIN becomes visible to the AICPU, whether it has run anything yet (the first task pays the
 * cold start), and how long it has been busy.
 */
final class AiCore {
    final int id;
    final CoreType type;
    final int cluster;
    long task = TaskId.INVALID;
    int block;
    int kernel;
    long startPs;
    long endPs;
    long finVisiblePs;
    boolean warm;
    long busyPs;

    AiCore(int id, CoreType type, int cluster) {
        this.id = id;
        this.type = type;
        this.cluster = cluster;
    }

    boolean idle() {
        return task == TaskId.INVALID;
    }
}
