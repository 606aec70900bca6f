package io.ptosim.node;

/**
 * The node level's cost model, in nanoseconds: the host orchestrator's calls, the scheduler thread, the
 * worker threads, and in PROCESS mode the mailbox and the children's polling and start-up. Platform
 * files set them ({@code host.*} keys); {@link #DEFAULT} holds modelled figures of a Python-driven host.
 *
 * @param submitNs one submit call, before its tensors
 * @param perArgNs per tensor argument of a submit (TensorMap lookup or insert, wiring)
 * @param allocNs one {@code alloc} call
 * @param scopeNs one scope begin or end
 * @param controlNs a memory call on a child, before the chip's own time
 * @param dispatchNs the scheduler handing a member to its worker thread
 * @param completeNs a worker's completion reaching the scheduler and being processed
 * @param tickNs the scheduler's wait bound: a pass that left tasks unplaced retries this much later
 * @param mailboxWriteNs the parent writing one mailbox frame
 * @param mailboxPerKibNs per KiB of args blob written
 * @param childPollNs a child's sleep between looks at its mailbox
 * @param parentPollNs a worker thread's sleep between looks for TASK_DONE
 * @param forkNs forking and initialising one child, until it reports INIT_READY
 */
public record NodeTiming(long submitNs, long perArgNs, long allocNs, long scopeNs, long controlNs, long dispatchNs,
        long completeNs, long tickNs, long mailboxWriteNs, long mailboxPerKibNs, long childPollNs, long parentPollNs,
        long forkNs) {
    /** Modelled defaults (not calibrated against hardware; see docs/node.md). */
    public static final NodeTiming DEFAULT = new NodeTiming(3_000, 400, 2_000, 500, 2_000, 5_000, 5_000, 1_000_000,
            1_000, 250, 50_000, 50_000, 30_000_000);

    /** Checks every figure is non-negative and the poll intervals positive. */
    public NodeTiming {
        long[] all = {submitNs, perArgNs, allocNs, scopeNs, controlNs, dispatchNs, completeNs, tickNs, mailboxWriteNs,
            mailboxPerKibNs, childPollNs, parentPollNs, forkNs};
        for (long v : all) {
            if (v < 0) {
                throw new IllegalArgumentException("node timing figure " + v + " ns; expected >= 0");
            }
        }
        if (tickNs <= 0 || childPollNs <= 0 || parentPollNs <= 0) {
            throw new IllegalArgumentException("host.tickNs, host.childPollNs and host.parentPollNs must be > 0");
        }
    }
}
