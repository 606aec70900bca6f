package io.ptosim.des;

/**
 * One actor's wake-up in a {@link Simulation}: an action and its kind, registered once, with at most
 * one pending event at a time. For a model whose actors each keep one next event (an orchestrator's next
 * step, a scheduler thread's next iteration), it replaces a schedule-and-cancel pair per event: the
 * action and kind are stored once, so scheduling only queues a time, and rescheduling leaves the old
 * entry to be dropped when it comes up. Events are numbered and fired exactly as
 * {@link Simulation#schedule} numbers and fires them. Made by {@link Simulation#timer}.
 */
public final class Timer {
    private final Simulation sim;
    /** Its payload slot in the simulation's queue entries. */
    final int slot;
    final EventKind kind;
    final Runnable action;
    /** The queue payload of its pending event, 0 when none is pending. */
    long ticket;
    private long dueNanos = -1;

    Timer(Simulation sim, int slot, EventKind kind, Runnable action) {
        this.sim = sim;
        this.slot = slot;
        this.kind = kind;
        this.action = action;
    }

    /**
     * Schedules the action at {@code atNanos}, first cancelling the pending event if there is one.
     *
     * @throws IllegalArgumentException if {@code atNanos} is before the simulation's now
     */
    public void schedule(long atNanos) {
        sim.scheduleTimer(this, atNanos);
        dueNanos = atNanos;
    }

    /**
     * Cancels the pending event.
     *
     * @return false if none was pending
     */
    public boolean cancel() {
        return sim.cancelTimer(this);
    }

    /** Whether an event is pending (scheduled, neither fired nor cancelled). */
    public boolean pending() {
        return ticket != 0;
    }

    /** When the pending event is due (ns); meaningful only while {@link #pending()}. */
    public long dueNanos() {
        return dueNanos;
    }
}
