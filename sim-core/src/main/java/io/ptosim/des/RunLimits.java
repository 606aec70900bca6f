package io.ptosim.des;

/**
 * Bounds that make every run end. A run stops with {@link StopReason#EVENT_LIMIT},
 * {@link StopReason#TIME_LIMIT} or {@link StopReason#NO_PROGRESS} instead of spinning.
 *
 * @param maxEvents stop after this many fired events (counted over the simulation's life)
 * @param maxVirtualTimeNanos never fire an event later than this virtual time
 * @param maxEventsAtOneInstant stop when this many consecutive events fire without virtual time
 *     advancing: a zero-delay event loop
 * @param maxNanosWithoutProgress stop when virtual time passes this far beyond the last
 *     {@link Simulation#reportProgress()}; only armed once the model reports progress at least once,
 *     so models that never report are not affected
 */
public record RunLimits(long maxEvents, long maxVirtualTimeNanos, long maxEventsAtOneInstant, long maxNanosWithoutProgress) {

    /** One virtual hour, far beyond any NPU workload the simulator models. */
    public static final long DEFAULT_MAX_VIRTUAL_TIME_NANOS = 3_600_000_000_000L;

    /** Defaults: 10^10 events, one virtual hour, 10^7 events at one instant, progress watchdog off. */
    public static final RunLimits DEFAULT =
            new RunLimits(10_000_000_000L, DEFAULT_MAX_VIRTUAL_TIME_NANOS, 10_000_000L, Long.MAX_VALUE);

    /** Validates that every bound is positive. */
    public RunLimits {
        requirePositive("maxEvents", maxEvents);
        requirePositive("maxVirtualTimeNanos", maxVirtualTimeNanos);
        requirePositive("maxEventsAtOneInstant", maxEventsAtOneInstant);
        requirePositive("maxNanosWithoutProgress", maxNanosWithoutProgress);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("run limit " + name + " must be > 0, got " + value);
        }
    }

    /** These limits with another event bound. */
    public RunLimits withMaxEvents(long value) {
        return new RunLimits(value, maxVirtualTimeNanos, maxEventsAtOneInstant, maxNanosWithoutProgress);
    }

    /** These limits with another virtual-time bound. */
    public RunLimits withMaxVirtualTimeNanos(long value) {
        return new RunLimits(maxEvents, value, maxEventsAtOneInstant, maxNanosWithoutProgress);
    }

    /** These limits with another bound on events at one instant. */
    public RunLimits withMaxEventsAtOneInstant(long value) {
        return new RunLimits(maxEvents, maxVirtualTimeNanos, value, maxNanosWithoutProgress);
    }

    /** These limits with another progress watchdog interval. */
    public RunLimits withMaxNanosWithoutProgress(long value) {
        return new RunLimits(maxEvents, maxVirtualTimeNanos, maxEventsAtOneInstant, value);
    }
}
