package io.ptosim.mailbox;

import java.util.concurrent.locks.LockSupport;

/**
 * How either side of a shared mailbox waits for the other: it spins for the first 2,000 looks (a reply
 * that comes within microseconds is seen at once), then parks for a growing time up to 200 µs, so an
 * idle worker or a long task costs little CPU and a reply is seen within 200 µs of its arrival.
 */
public final class MailboxWait {
    private static final int SPINS = 2_000;
    private static final long MAX_PARK_NS = 200_000;

    private MailboxWait() {
    }

    /** Waits once; {@code idle} is how many looks found nothing so far. Returns the next count. */
    public static int pause(int idle) {
        if (idle < SPINS) {
            Thread.onSpinWait();
        } else {
            LockSupport.parkNanos(Math.min(MAX_PARK_NS, 500L * (idle - SPINS + 1)));
        }
        return idle + 1;
    }
}
