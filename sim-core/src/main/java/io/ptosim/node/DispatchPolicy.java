package io.ptosim.node;

/** How ready node tasks wait and are placed on workers (spec §8): {@link TwoPassPolicy} or {@link DirectedPolicy}. */
interface DispatchPolicy {
    /** A task became READY. */
    void enqueue(NodeTask task);

    /**
     * One scheduler pass: launches what can be placed now through {@code launcher}.
     *
     * @return whether a pass later could place something that this one left (the scheduler then retries
     *     after its wait bound even if nothing wakes it)
     */
    boolean dispatch(Launcher launcher);

    /** Tasks waiting in its queues (READY or poisoned but not yet popped). */
    int queued();

    /** What a policy needs from the node: its workers and a way to start a task on chosen ones. */
    interface Launcher {
        /** The workers of {@code type}, in registration order. */
        NodeWorker[] workers(WorkerType type);

        /** Starts every member of {@code task}, member i on {@code placement[i]}. */
        void launch(NodeTask task, NodeWorker[] placement);

        /**
         * A reservation stall began: the head group {@code head} cannot launch and holds its pinned targets
         * {@code reserved}, of which {@code busy} are running; reported once per episode (until the head
         * launches or leaves the queue).
         */
        default void reservationStall(NodeTask head, int[] reserved, int[] busy) {
        }
    }

    /** Whether {@code w} can take work now. */
    static boolean idle(NodeWorker w) {
        return !w.busy && w.started();
    }

    /** The policy for {@code p} over {@code chips} NEXT_LEVEL workers. */
    static DispatchPolicy of(SchedulingPolicy p, int chips) {
        return p == SchedulingPolicy.TWO_PASS ? new TwoPassPolicy() : new DirectedPolicy(chips);
    }
}
