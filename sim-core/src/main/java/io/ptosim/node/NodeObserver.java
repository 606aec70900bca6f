package io.ptosim.node;

/**
 * Sees what a node run does, as it happens (tests, properties, traces). Every method has an empty
 * default; calls come from the loop thread and must not change the run.
 */
public interface NodeObserver {
    /** A submit claimed {@code task}'s slot (BUILDING), just before it looks up its producers. */
    default void claimed(NodeTask task, long atNs) {
    }

    /** {@code task} was published READY. */
    default void ready(NodeTask task, long atNs) {
    }

    /** Member {@code member} of {@code task} was handed to {@code worker} of its pool. */
    default void dispatched(NodeTask task, int member, int worker, long atNs) {
    }

    /**
     * Member {@code member} of {@code task} ended on {@code worker} with {@code code} (0: success), as the
     * worker saw it; the scheduler processes it {@code host.completeNs} later.
     */
    default void memberEnded(NodeTask task, int member, int worker, int code, long atNs) {
    }

    /** {@code task} finished: COMPLETED or FAILED (also when poisoned, never dispatched). */
    default void finished(NodeTask task, long atNs) {
    }

    /** {@code task} was consumed (retired). */
    default void consumed(NodeTask task, long atNs) {
    }

    /** A reservation-stall episode began (directed policy): {@code report} is also in the runtime's diagnostics. */
    default void reservationStall(NodeTask head, String report, long atNs) {
    }
}
