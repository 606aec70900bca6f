package io.ptosim.traces;

import io.ptosim.runtime.RuntimeConfig;
import io.ptosim.runtime.TaskId;

/**
 * Live tasks per ring as the event stream shows them: exact at each submit ({@code ringLive}), plus
 * one per alloc_tensors task and less one per released task in between. The runtime frees a task's
 * slot later than its release (when it is consumed), so between submits this under-counts.
 */
final class RingOccupancy {
    private final int[] live = new int[RuntimeConfig.RINGS];

    /** A task of {@code taskId}'s ring was submitted, leaving {@code ringLive} live; returns the ring. */
    int submitted(long taskId, int ringLive) {
        int ring = TaskId.ring(taskId);
        live[ring] = ringLive;
        return ring;
    }

    /** An alloc_tensors task took a slot; returns the ring. */
    int allocated(long taskId) {
        int ring = TaskId.ring(taskId);
        live[ring]++;
        return ring;
    }

    /** {@code taskId} was released; returns the ring. */
    int released(long taskId) {
        int ring = TaskId.ring(taskId);
        live[ring] = Math.max(0, live[ring] - 1);
        return ring;
    }

    int live(int ring) {
        return live[ring];
    }
}
