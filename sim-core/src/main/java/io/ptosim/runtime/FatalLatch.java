package io.ptosim.runtime;

/**
 * The runtime's latched fatal error: the first one wins, remembered with the ring whose resource it
 * concerns (or -1); after it every runtime call is a no-op that returns it.
 */
final class FatalLatch {
    private SubmitOutcome.Fatal fatal;
    private int ring = -1;

    /** The latched error, or null. */
    SubmitOutcome.Fatal get() {
        return fatal;
    }

    int ring() {
        return ring;
    }

    SubmitOutcome.Fatal latch(ErrorCode code, String message) {
        return latch(code, -1, message);
    }

    /** Latches the error unless one already is; returns the latched one. */
    SubmitOutcome.Fatal latch(ErrorCode code, int ring, String message) {
        if (fatal == null) {
            fatal = new SubmitOutcome.Fatal(code, message);
            this.ring = ring;
        }
        return fatal;
    }
}
