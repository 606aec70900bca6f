package io.ptosim.explain;

/**
 * What a stretch of the critical path was spent on. Every picosecond of a run's elapsed window belongs to
 * exactly one part; the names are the keys of {@code explain.parts} in {@code --json}.
 */
public enum Part {
    /** The orchestrator thread running ops: submits, alloc_tensors, scopes, add_dependency, tensor data. */
    ORCHESTRATOR("orchestrator"),
    /** The orchestrator blocked on a ring or pool: task window, heap, dep pool, TensorMap pool. */
    RING_BLOCK("ring_block"),
    /**
     * Waiting on a producer beyond the producer's own path: from its completion to the consumer reaching
     * the ready queues (fanout, publication), or the orchestrator waiting for a tensor's producer.
     */
    DEPENDENCY_WAIT("dependency_wait"),
    /** Scheduler threads: poll/dispatch latency before a block starts, FIN visibility and completion after. */
    SCHEDULER("scheduler"),
    /** A core running a block as it would alone on the die: its compute and its own streaming rate. */
    COMPUTE("compute"),
    /** A block stretched past that by sharing the die's HBM bandwidth with the other cores' blocks. */
    MEMORY_WAIT("memory_wait");

    private final String key;

    Part(String key) {
        this.key = key;
    }

    /** The name in reports and JSON. */
    public String key() {
        return key;
    }
}
