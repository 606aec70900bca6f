package io.ptosim.runtime;

/**
 * A ring's task window (spec §6.1): local ids are handed out in order and at most {@code W - 1} may
 * be live (allocated and not yet behind the ring's watermark); slot = {@code local & (W - 1)}.
 */
public final class TaskRing {
    private final int window;
    private long next;
    private long watermark;

    /**
     * A window of {@code window} slots (a power of two, at least 4) whose first local id is {@code first}.
     *
     * @throws IllegalArgumentException if the window is not a power of two >= 4
     */
    public TaskRing(int window, long first) {
        if (window < 4 || Integer.bitCount(window) != 1) {
            throw new IllegalArgumentException("task window " + window + "; expected a power of two >= 4");
        }
        this.window = window;
        this.next = first;
        this.watermark = first;
    }

    /** The next local id, or -1 if the window is full ({@code FLOW_CONTROL_DEADLOCK} if it stays so). */
    public long allocate() {
        if (next - watermark + 1 >= window) {
            return -1;
        }
        return next++;
    }

    /** The slot of a local id. */
    public int slot(long local) {
        return (int) (local & (window - 1));
    }

    /** Moves the watermark: every local id below it is retired. */
    public void advanceTo(long newWatermark) {
        if (newWatermark > next) {
            throw new IllegalArgumentException("watermark " + newWatermark + " passes the next id " + next);
        }
        watermark = Math.max(watermark, newWatermark);
    }

    /** Local ids below this are retired ({@code lta}). */
    public long watermark() {
        return watermark;
    }

    /** The next local id to hand out ({@code current_task_index}). */
    public long next() {
        return next;
    }

    /** Live tasks: allocated and not retired. */
    public long live() {
        return next - watermark;
    }

    /** Slots in the window. */
    public int window() {
        return window;
    }
}
