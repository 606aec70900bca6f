package io.ptosim.node;

/** One member of a node task (a group has several): where it is in its life (spec §5, HEAD). */
public enum MemberState {
    /** Not sent to a worker yet. */
    NOT_DISPATCHED,
    /** Running on its worker. */
    RUNNING,
    /** Finished successfully. */
    SUCCESS,
    /** Finished with an error. */
    FAILED,
    /** Never to run: its task was poisoned or a peer failed before it was sent. */
    SKIPPED;

    /** Whether the member will not change again. */
    public boolean terminal() {
        return this == SUCCESS || this == FAILED || this == SKIPPED;
    }
}
