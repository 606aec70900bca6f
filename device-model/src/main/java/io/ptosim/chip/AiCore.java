package io.ptosim.chip;

import io.ptosim.kernel.CoreType;
import io.ptosim.runtime.TaskId;

/**
 * One AICore (AIC or AIV) as its scheduler thread sees it: the block it runs, when the kernel ends and
 * when its FIN becomes visible to the AICPU; the block preloaded in its pending slot (spec §8.6: the core
 * starts it as soon as the running one ends); whether it has run anything yet (the first task pays the
 * cold start), and how long it has been busy. A block that moves bytes is a flow of the chip's
 * {@link MemorySystem}: until the flow finishes its end is a projection ({@link #inFlight}), and a
 * preloaded block is placed (its start known) only when the running block's end is final.
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
    long dispatchPs;
    long startPs;
    /** The running block's end: final unless {@link #inFlight}, then projected. */
    long endPs;
    long finVisiblePs;
    long computePs;
    long overheadPs;
    /** Bytes the running block moves. */
    long bytes;
    /** The running block's flow has not finished: its end may still move. */
    boolean inFlight;
    boolean warm;
    long busyPs;
    long pending = TaskId.INVALID;
    int pendingBlock;
    int pendingKernel;
    long pendingDispatchPs;
    /** The earliest start of the pending block (its dispatch plus the dispatch-to-start latency). */
    long pendingReadyPs;
    long pendingComputePs;
    long pendingOverheadPs;
    long pendingBytes;
    /** The pending block's start is known (the running block's end is final). */
    boolean pendingPlaced;
    long pendingStartPs;
    long pendingEndPs;
    boolean pendingInFlight;
    /** The core's flow in the memory system belongs to the pending block (it started before its FIN was seen). */
    boolean flowPending;

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
        inFlight = false;
        if (task != TaskId.INVALID) {
            if (!pendingPlaced) {
                throw new IllegalStateException("core " + id + ": pending block promoted before it was placed");
            }
            block = pendingBlock;
            kernel = pendingKernel;
            dispatchPs = pendingDispatchPs;
            startPs = pendingStartPs;
            endPs = pendingEndPs;
            computePs = pendingComputePs;
            overheadPs = pendingOverheadPs;
            bytes = pendingBytes;
            inFlight = pendingInFlight;
            finVisiblePs = endPs + finVisibleLatencyPs;
            pendingPlaced = false;
            pendingInFlight = false;
            flowPending = false;
        }
    }
}
