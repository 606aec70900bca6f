package io.ptosim.node;

/** How the node scheduler places ready tasks on workers (spec §8); selectable per run. */
public enum SchedulingPolicy {
    /**
     * The seed's two-pass affinity dispatch: pinned members take exactly their worker, the rest the first
     * idle workers in registration order; a task that cannot be placed goes to the tail of its queue and
     * the queue waits for the next pass.
     */
    TWO_PASS,
    /**
     * HEAD's directed queues: one FIFO per worker (no stealing), one group FIFO whose head reserves its
     * targets, one SUB FIFO; unpinned single tasks (an extension: HEAD forbids them) wait in a shared FIFO
     * served by the lowest idle unreserved worker after the worker FIFOs.
     */
    DIRECTED;

    /** The policy named {@code two-pass} or {@code directed}. */
    public static SchedulingPolicy fromName(String name) {
        return switch (name) {
            case "two-pass" -> TWO_PASS;
            case "directed" -> DIRECTED;
            default -> throw new IllegalArgumentException("unknown policy '" + name + "'; expected two-pass or directed");
        };
    }

    /** Its CLI name. */
    public String cliName() {
        return this == TWO_PASS ? "two-pass" : "directed";
    }
}
