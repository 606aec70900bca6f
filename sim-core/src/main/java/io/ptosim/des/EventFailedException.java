package io.ptosim.des;

/**
 * Thrown by {@link Simulation#run()} when an event's action throws. It names the event (time,
 * sequence, kind) and carries the action's exception as its cause. The failed event counts as fired;
 * the simulation stays consistent and may be run on.
 */
public final class EventFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long timeNanos;
    private final long sequence;
    private final transient EventKind kind;

    EventFailedException(long timeNanos, long sequence, EventKind kind, Throwable cause) {
        super("event #" + sequence + " (" + kind.name() + ") at t=" + timeNanos + " ns failed: " + cause, cause);
        this.timeNanos = timeNanos;
        this.sequence = sequence;
        this.kind = kind;
    }

    /** Virtual time of the failed event. */
    public long timeNanos() {
        return timeNanos;
    }

    /** Insertion sequence of the failed event. */
    public long sequence() {
        return sequence;
    }

    /** Kind of the failed event. */
    public EventKind kind() {
        return kind;
    }
}
