package io.ptosim.trace;

/**
 * Receives a run's {@link TraceEvent}s in emission order. Called on the simulation thread; a sink
 * must not change the run. A chip without a sink builds no events at all.
 */
@FunctionalInterface
public interface TraceSink {
    /** One event. */
    void accept(TraceEvent event);
}
