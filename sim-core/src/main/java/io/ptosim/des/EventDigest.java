package io.ptosim.des;

/**
 * The event-stream digest: a running 64-bit hash over the (time, sequence, kind code) of every fired
 * event, in firing order. Two runs fired the same events in the same order exactly when their digests
 * agree (up to hash collisions), so determinism can be checked by comparing one number.
 *
 * <p>Definition (stable; traces record it): the state starts at {@link #INITIAL}; each event folds its
 * three words in with {@code h = (rotl(h, 23) ^ word) * 0x9E3779B97F4A7C15}; the reported value is
 * the state passed through the MurmurHash3 64-bit finaliser, so that nearby streams give unrelated
 * numbers. The kind enters as its {@link EventKind#code()}, sign-extended.
 */
public final class EventDigest {
    /** The state before any event. */
    public static final long INITIAL = 0x243F6A8885A308D3L;

    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;

    private EventDigest() {
    }

    /** Folds one fired event into the running state. */
    public static long step(long state, long timeNanos, long sequence, int kindCode) {
        long h = (Long.rotateLeft(state, 23) ^ timeNanos) * MULTIPLIER;
        h = (Long.rotateLeft(h, 23) ^ sequence) * MULTIPLIER;
        return (Long.rotateLeft(h, 23) ^ kindCode) * MULTIPLIER;
    }

    /** The digest value reported for a running state. */
    public static long value(long state) {
        return Mix.fmix64(state);
    }

    /** Formats a digest as 16 lower-case hex digits. */
    public static String toHex(long digest) {
        return String.format("%016x", digest);
    }
}
