package io.ptosim.traces;

import java.math.BigInteger;

/** Virtual picoseconds as ticks of a system counter: {@code floor(ps * hz / 10^12)}, exact for every value. */
final class ClockTicks {
    private static final long PS_PER_SECOND = 1_000_000_000_000L;

    private final long hz;
    /** Picoseconds per tick when that is a whole number (a2a3 20,000, a5 1,000), else 0. */
    private final long psPerTick;

    /** A counter of {@code hz} ticks per second. */
    ClockTicks(long hz) {
        if (hz < 1) {
            throw new IllegalArgumentException("clock " + hz + " Hz; expected >= 1");
        }
        this.hz = hz;
        this.psPerTick = PS_PER_SECOND % hz == 0 ? PS_PER_SECOND / hz : 0;
    }

    long hz() {
        return hz;
    }

    /** The ticks of a time {@code ps} >= 0, rounded down. */
    long of(long ps) {
        if (psPerTick > 0) {
            return ps / psPerTick;
        }
        return BigInteger.valueOf(ps).multiply(BigInteger.valueOf(hz)).divide(BigInteger.valueOf(PS_PER_SECOND))
                .longValueExact();
    }
}
