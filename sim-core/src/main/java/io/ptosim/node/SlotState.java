package io.ptosim.node;

/**
 * A node task slot's state (spec §5, HEAD codes): FREE → BUILDING → PENDING → READY → RUNNING →
 * COMPLETED → CONSUMED; PENDING, READY or BUILDING → FAILED → CONSUMED; an {@code alloc} slot goes
 * straight from FREE to COMPLETED.
 */
public enum SlotState {
    /** Not in use. */
    FREE,
    /** Waiting for producers. */
    PENDING,
    /** In a ready queue. */
    READY,
    /** Dispatched: at least one member running. */
    RUNNING,
    /** Every member finished successfully. */
    COMPLETED,
    /** Failed, or poisoned by a failed producer. */
    FAILED,
    /** Retired: its outputs are erased from the TensorMap and its ring space is released. */
    CONSUMED,
    /** Claimed by a submit that has not published its fan-in yet. */
    BUILDING;

    /** Whether the task has finished (COMPLETED or FAILED). */
    public boolean finished() {
        return this == COMPLETED || this == FAILED;
    }
}
