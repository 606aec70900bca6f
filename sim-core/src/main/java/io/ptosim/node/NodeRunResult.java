package io.ptosim.node;

import java.util.List;

/**
 * What a node run did.
 *
 * @param ok whether every run of the program ended without an error
 * @param error the first error (a task's, the orchestration's, or the stall diagnosis), or empty
 * @param makespanNs virtual time from start to the last drain
 * @param runs runs completed (drains)
 * @param tasks tasks submitted (alloc slots included)
 * @param dispatches members handed to workers
 * @param failed tasks that ended FAILED (poisoned ones included)
 * @param workers per worker: label, members run, busy nanoseconds
 * @param cleanup what the end-of-run hook released (shared-memory blocks still mapped)
 * @param digest a digest of every dispatch and completion with its time
 */
public record NodeRunResult(boolean ok, String error, long makespanNs, int runs, long tasks, long dispatches,
        long failed, List<WorkerStats> workers, List<String> cleanup, String digest) {
    /** Copies the lists. */
    public NodeRunResult {
        workers = List.copyOf(workers);
        cleanup = List.copyOf(cleanup);
    }

    /**
     * One worker's share.
     *
     * @param label {@code chip N} or {@code sub N}
     * @param members members it ran
     * @param busyNs time it was busy
     */
    public record WorkerStats(String label, long members, long busyNs) {
    }
}
