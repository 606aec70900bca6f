package io.ptosim.traces;

/**
 * How many events a Perfetto file may hold, and so how much of a run it keeps. Past about a million
 * trace events (some 120 MB of JSON) the viewers struggle: chrome://tracing and the legacy importer
 * hold the file as one string, which V8 caps at about 512 MB, and the Perfetto UI's in-browser trace
 * processor needs several times the file size in memory to import JSON. A run expected to need more
 * keeps one run of {@code taskRun} consecutive tasks (by submit order) in every n: their slices and
 * the arrows between them, since most dependencies are between tasks submitted close together; and
 * every n-th scheduler record and counter sample. n comes from the expected task count; should the
 * run still reach the limit, later events are left out. The file's metadata says which.
 *
 * @param maxEvents events the file may hold, besides the track names (>= 1)
 * @param expectedTasks tasks the run is expected to submit (0 when unknown: nothing is sampled)
 * @param taskRun consecutive tasks kept or left out together (>= 1)
 */
public record PerfettoBudget(long maxEvents, long expectedTasks, int taskRun) {
    /** The default limit. */
    public static final long DEFAULT_MAX_EVENTS = 1_000_000;

    /** The default run of tasks kept together. */
    public static final int DEFAULT_TASK_RUN = 256;

    /**
     * Events per task a run writes, about: a submit slice, a kernel slice per block, complete, release
     * and a share of a dispatch record, two ready-queue and two ring samples, an arrow (two events) per
     * edge; paged-attention Case1 writes 11.8 per task, bgemm Case0 10.2, synthetic 8.9.
     */
    static final long EVENTS_PER_TASK = 12;

    /** Validates the numbers. */
    public PerfettoBudget {
        if (maxEvents < 1 || expectedTasks < 0 || taskRun < 1) {
            throw new IllegalArgumentException("max events " + maxEvents + ", expected tasks " + expectedTasks
                    + " and task run " + taskRun + "; expected >= 1, >= 0 and >= 1");
        }
    }

    /** The default limit and run for a run of {@code expectedTasks} tasks. */
    public static PerfettoBudget forTasks(long expectedTasks) {
        return new PerfettoBudget(DEFAULT_MAX_EVENTS, expectedTasks, DEFAULT_TASK_RUN);
    }

    /** One in this many task runs, scheduler records and counter samples is kept: 1 when the expected events fit. */
    public long keptEvery() {
        long expected = expectedTasks * EVENTS_PER_TASK;
        return Math.max(1, (expected + maxEvents - 1) / maxEvents);
    }

    /** Whether the task submitted {@code ordinal}-th (from 0, alloc_tensors included) is kept. */
    boolean keepsTask(long ordinal) {
        return ordinal / taskRun % keptEvery() == 0;
    }
}
