package io.ptosim.record;

/**
 * What a recording holds, in counts.
 *
 * @param tasks submits (kernel and dummy tasks; alloc_tensors not included)
 * @param dummyTasks of those, dependency-only tasks
 * @param allocs alloc_tensors calls (each a hidden task with its own id)
 * @param scopes scopes the orchestration opened (the runtime's implicit root scope not counted)
 * @param maxDepth deepest scope nesting (0: everything in the root scope)
 * @param manualScopes of the scopes, MANUAL ones
 * @param explicitDeps explicit dependencies over all submits
 * @param tensorReads get_tensor_data calls
 * @param dataDependentReads of those, reads whose value a kernel would have produced or an earlier task
 *     overwrites, or that the recorder could not answer: the recording froze control flow on them
 * @param tensorWrites set_tensor_data calls
 * @param logs log lines
 * @param callsFromOtherThreads calls into the runtime from threads other than the entry's
 */
public record RecordSummary(int tasks, int dummyTasks, int allocs, int scopes, int maxDepth, int manualScopes,
        int explicitDeps, int tensorReads, int dataDependentReads, int tensorWrites, int logs,
        long callsFromOtherThreads) {
    /** One line: {@code 13 tasks, 1 alloc, 5 scopes (depth 2), 0 explicit deps, 4 tensor reads (0 data-dependent)}. */
    public String line() {
        return count(tasks, "task") + (dummyTasks > 0 ? " (" + dummyTasks + " dummy)" : "") + ", "
                + count(allocs, "alloc") + ", " + count(scopes, "scope") + " (depth " + maxDepth
                + (manualScopes > 0 ? ", " + manualScopes + " manual" : "") + "), " + count(explicitDeps, "explicit dep")
                + ", " + count(tensorReads, "tensor read") + " (" + dataDependentReads + " data-dependent)"
                + (tensorWrites > 0 ? ", " + count(tensorWrites, "tensor write") : "")
                + (callsFromOtherThreads > 0 ? ", " + callsFromOtherThreads + " calls from other threads" : "");
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
