package io.ptosim.runtime;

/** A task slot's state (spec §5.1); ready, queued and running are not states. */
public enum TaskState {
    /** Submitted, not yet completed. */
    PENDING,
    /** Every subtask finished. */
    COMPLETED,
    /** Completed, its scope ended and every pin released: the slot may be reclaimed. */
    CONSUMED
}
