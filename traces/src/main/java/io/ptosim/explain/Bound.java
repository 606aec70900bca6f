package io.ptosim.explain;

/** The verdict: which group of {@link Part}s holds most of the critical path. */
public enum Bound {
    /** Orchestrator and ring/pool blocks. */
    ORCHESTRATOR("orchestrator-bound"),
    /** Cores computing. */
    EXECUTION("execution-bound"),
    /** Cores waiting for memory bandwidth. */
    BANDWIDTH("bandwidth-bound"),
    /** Scheduler latency and dependency waits. */
    SCHEDULER("scheduler-bound");

    private final String label;

    Bound(String label) {
        this.label = label;
    }

    /** The verdict as printed ("orchestrator-bound"). */
    public String label() {
        return label;
    }

    /** The bound a part counts toward. */
    public static Bound of(Part part) {
        return switch (part) {
            case ORCHESTRATOR, RING_BLOCK -> ORCHESTRATOR;
            case COMPUTE -> EXECUTION;
            case MEMORY_WAIT -> BANDWIDTH;
            case SCHEDULER, DEPENDENCY_WAIT -> SCHEDULER;
        };
    }
}
