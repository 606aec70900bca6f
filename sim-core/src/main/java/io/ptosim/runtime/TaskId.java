package io.ptosim.runtime;

/**
 * Task ids as the runtime packs them into an unsigned 64-bit value: {@code ring << 32 | local}
 * (spec §3.1); all ones is {@link #INVALID}. Static helpers over {@code long}, so hot paths stay
 * primitive.
 */
public final class TaskId {
    /** The invalid task id (all ones), e.g. the owner of an external tensor. */
    public static final long INVALID = -1L;

    private TaskId() {
    }

    /**
     * The id of local task {@code local} on ring {@code ring}.
     *
     * @throws IllegalArgumentException if the ring is not 0..255 or local is negative
     */
    public static long of(int ring, long local) {
        if (ring < 0 || ring > 255) {
            throw new IllegalArgumentException("ring must be 0..255, got " + ring);
        }
        if (local < 0 || local > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("local task id must be 0..2^32-1, got " + local);
        }
        return ((long) ring << 32) | local;
    }

    /** The ring of a task id. */
    public static int ring(long id) {
        return (int) (id >>> 32);
    }

    /** The per-ring local id of a task id. */
    public static long local(long id) {
        return id & 0xFFFF_FFFFL;
    }

    /** The display form the runtime's tools use: {@code t3} on ring 0, {@code r1t3} otherwise. */
    public static String display(long id) {
        if (id == INVALID) {
            return "invalid";
        }
        int ring = ring(id);
        return ring == 0 ? "t" + local(id) : "r" + ring + "t" + local(id);
    }
}
