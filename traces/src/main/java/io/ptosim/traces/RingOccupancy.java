package io.ptosim.traces;

import io.ptosim.runtime.RuntimeConfig;
import io.ptosim.runtime.TaskId;

/**
 * Live tasks per ring as the event stream shows them, exactly as the runtime counts them: tasks
 * allocated (submits and alloc_tensors) and not yet behind the ring's watermark.
 */
final class RingOccupancy {
    private final long[] next = new long[RuntimeConfig.RINGS];
    private final long[] watermark = new long[RuntimeConfig.RINGS];

    /** A task of {@code taskId}'s ring was submitted or allocated; returns the ring. */
    int allocated(long taskId) {
        int ring = TaskId.ring(taskId);
        next[ring] = Math.max(next[ring], TaskId.local(taskId) + 1);
        return ring;
    }

    /** Ring {@code ring}'s watermark moved to {@code to}; returns the ring. */
    int watermark(int ring, long to) {
        watermark[ring] = Math.max(watermark[ring], to);
        return ring;
    }

    long live(int ring) {
        return next[ring] - watermark[ring];
    }
}
