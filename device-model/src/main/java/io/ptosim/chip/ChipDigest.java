package io.ptosim.chip;

import io.ptosim.des.EventDigest;

/**
 * A chip run's digest (the one {@link RunSummary#digest()} reports): the {@link EventDigest} fold of
 * every task's submit, every block's dispatch and every task's completion, in the order the chip made
 * them. Each record is (picoseconds, subject, code); the codes below are part of the digest's
 * definition, so pinned digests move only when behaviour does.
 */
final class ChipDigest {
    /** A task entered the chip: (submit end ps, task id). */
    static final int SUBMITTED = 1;
    /** A block was placed on a core: (block start ps, task id xor core id shifted 48 bits). */
    static final int DISPATCHED = 2;
    /** A scheduler thread completed a task (its last block's FIN seen, or a dummy taken): (ps, task id). */
    static final int COMPLETED = 3;

    private long state = EventDigest.INITIAL;

    void submitted(long atPs, long taskId) {
        state = EventDigest.step(state, atPs, taskId, SUBMITTED);
    }

    void dispatched(long startPs, long taskId, int coreId) {
        state = EventDigest.step(state, startPs, taskId ^ ((long) coreId << 48), DISPATCHED);
    }

    void completed(long atPs, long taskId) {
        state = EventDigest.step(state, atPs, taskId, COMPLETED);
    }

    /** The digest so far, as 16 hex digits. */
    String hex() {
        return EventDigest.toHex(EventDigest.value(state));
    }
}
