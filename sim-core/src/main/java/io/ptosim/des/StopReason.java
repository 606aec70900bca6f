package io.ptosim.des;

/** Why a {@link Simulation} run returned. */
public enum StopReason {
    /** No event is pending. */
    DRAINED,
    /** {@link Simulation#runUntil(long)} reached its time; events after it are still pending. */
    UNTIL_REACHED,
    /** {@link Simulation#stop()} was called by an event. */
    STOPPED,
    /** The run fired {@link RunLimits#maxEvents()} events. */
    EVENT_LIMIT,
    /** The next event lies beyond {@link RunLimits#maxVirtualTimeNanos()}. */
    TIME_LIMIT,
    /**
     * The model stopped making progress: too many events at one instant, or no progress reported for
     * too long (see {@link RunLimits}).
     */
    NO_PROGRESS;

    /** Whether the run ended because a bound was hit rather than because the model finished. */
    public boolean isLimit() {
        return this == EVENT_LIMIT || this == TIME_LIMIT || this == NO_PROGRESS;
    }
}
