package io.ptosim.node;

/** How a node talks to its workers (spec §9.1). */
public enum WorkerMode {
    /** In-process calls on a worker thread: no mailbox, no fork. */
    THREAD,
    /**
     * Forked children behind 4096-byte mailboxes: the parent writes a frame, the child polls for it, and
     * the parent polls for the result; children are forked and report INIT_READY before the first task.
     */
    PROCESS;

    /** The mode named {@code thread} or {@code process}. */
    public static WorkerMode fromName(String name) {
        return switch (name) {
            case "thread" -> THREAD;
            case "process" -> PROCESS;
            default -> throw new IllegalArgumentException("unknown mode '" + name + "'; expected thread or process");
        };
    }
}
