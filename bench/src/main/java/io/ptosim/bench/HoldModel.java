package io.ptosim.bench;

import io.ptosim.des.RandomStream;
import io.ptosim.des.RandomStreams;

/**
 * The classic hold model for event-queue throughput: fill the queue with {@code pending} events, then
 * repeatedly take the earliest and schedule one successor at its time plus a random delay, so the
 * queue size stays constant. Delays are exponential with a mean of {@link #MEAN_DELAY_NANOS} (at least
 * 1 ns), drawn up front into a table so the random-number cost stays out of the measurement; every
 * implementation measured gets the same delays.
 */
public final class HoldModel {
    /** Mean delay between an event and its successor: 100 µs of virtual time. */
    public static final double MEAN_DELAY_NANOS = 100_000;

    private static final int TABLE_SIZE = 1 << 16;
    private static final int MASK = TABLE_SIZE - 1;

    private final long[] delays = new long[TABLE_SIZE];
    private final long[] initialTimes;
    private int next;

    /** A hold model with {@code pending} events, drawn from {@code seed}. */
    public HoldModel(int pending, long seed) {
        if (pending <= 0) {
            throw new IllegalArgumentException("pending must be > 0, got " + pending);
        }
        RandomStreams random = new RandomStreams(seed);
        RandomStream delayStream = random.stream("hold-delay");
        for (int i = 0; i < TABLE_SIZE; i++) {
            delays[i] = 1 + (long) delayStream.nextExponential(MEAN_DELAY_NANOS);
        }
        RandomStream startStream = random.stream("hold-start");
        initialTimes = new long[pending];
        for (int i = 0; i < pending; i++) {
            initialTimes[i] = (long) startStream.nextExponential(MEAN_DELAY_NANOS);
        }
    }

    /** Number of events the model keeps pending. */
    public int pending() {
        return initialTimes.length;
    }

    /** Time of the {@code i}-th initial event. */
    public long initialTime(int i) {
        return initialTimes[i];
    }

    /** The next delay, cycling through the table. */
    public long nextDelay() {
        return delays[next++ & MASK];
    }
}
