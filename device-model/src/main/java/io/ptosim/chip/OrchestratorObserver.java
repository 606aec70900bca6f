package io.ptosim.chip;

/**
 * Sees the orchestrator's time exactly as the cost model charges it, for an account of where a run's
 * time went ({@code ptosim run --explain}). It is not part of the trace: the trace's submit event gives a
 * submit's interval, this gives the steps inside it (and those of scopes, add_dependency and tensor data
 * accesses, which have no interval of their own). Called on the simulation thread; must not change the run.
 */
public interface OrchestratorObserver {
    /** The model charged {@code ps} (> 0) of {@code step}, from {@code startPs}. */
    void charged(OrchStep step, long startPs, long ps);

    /** The orchestrator ran its last op: its window ends at {@code endPs}. */
    void ended(long endPs);
}
