package io.ptosim.traces;

/**
 * One scheduler phase record as {@link SchedulerPhases} synthesizes it (traces.md §2.3's keys).
 *
 * @param thread the scheduler thread
 * @param kind {@code dispatch}, {@code complete} or {@code release}
 * @param startPs when it began
 * @param endPs when it ended (>= start)
 * @param loopIter the thread's loop pass, as far as the record order shows it
 * @param tasksProcessed blocks dispatched, or 1 task completed or released
 * @param popHit tasks taken from the ready queues (dispatch only)
 * @param sharedAtStart ready-queue depth {@code [AIC, AIV, MIX]} when it began
 * @param sharedAtEnd ready-queue depth when it ended
 */
record SchedulerPhase(int thread, String kind, long startPs, long endPs, int loopIter, int tasksProcessed, int popHit,
        int[] sharedAtStart, int[] sharedAtEnd) {
    static final String DISPATCH = "dispatch";
    static final String COMPLETE = "complete";
    static final String RELEASE = "release";
}
