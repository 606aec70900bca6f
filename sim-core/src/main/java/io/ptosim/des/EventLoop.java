package io.ptosim.des;

/**
 * What a model needs from the loop that drives it: the current time and a way to schedule and cancel
 * actions. {@link Simulation} implements it in virtual time; a real-time loop for the hardware backend
 * implements it in wall-clock time. Models written against this interface never assume either.
 *
 * <p>Scheduling returns an {@link EventHandle} that {@link #cancel} accepts; callers that never
 * cancel may ignore it.
 */
public interface EventLoop {

    /** The current time in nanoseconds. */
    long now();

    /**
     * Schedules {@code action} to run at {@code atNanos}. Actions at the same time run in the order
     * they were scheduled.
     *
     * @return the handle of the scheduled event
     * @throws IllegalArgumentException if {@code atNanos} is before {@link #now()}
     */
    EventHandle schedule(long atNanos, EventKind kind, Runnable action);

    /** {@link #schedule(long, EventKind, Runnable)} with {@link EventKind#UNSPECIFIED}. */
    default EventHandle schedule(long atNanos, Runnable action) {
        return schedule(atNanos, EventKind.UNSPECIFIED, action);
    }

    /**
     * Schedules {@code action} to run {@code delayNanos} after {@link #now()}.
     *
     * @return the handle of the scheduled event
     * @throws IllegalArgumentException if the delay is negative or {@code now + delay} overflows
     */
    EventHandle scheduleAfter(long delayNanos, EventKind kind, Runnable action);

    /** {@link #scheduleAfter(long, EventKind, Runnable)} with {@link EventKind#UNSPECIFIED}. */
    default EventHandle scheduleAfter(long delayNanos, Runnable action) {
        return scheduleAfter(delayNanos, EventKind.UNSPECIFIED, action);
    }

    /**
     * Cancels a scheduled event that has not run yet.
     *
     * @return true if the event was pending and will now never run; false if it already ran or was
     *     already cancelled (a handle from another loop gives no defined result)
     */
    boolean cancel(EventHandle event);
}
