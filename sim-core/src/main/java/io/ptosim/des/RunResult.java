package io.ptosim.des;

/**
 * The outcome of one {@link Simulation#run()} or {@link Simulation#runUntil(long)} call.
 *
 * @param reason why the run returned
 * @param nowNanos virtual time when it returned
 * @param eventsFired events fired by the simulation so far (all runs together)
 * @param pending events still scheduled
 * @param digest the event-stream digest so far (see {@link EventDigest})
 * @param message a one-line explanation, naming the limit or diagnosis for limit stops
 */
public record RunResult(StopReason reason, long nowNanos, long eventsFired, int pending, long digest, String message) {

    /** The digest as 16 lower-case hex digits, the form traces and reports print. */
    public String digestHex() {
        return EventDigest.toHex(digest);
    }
}
