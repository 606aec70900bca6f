package io.ptosim.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The scheduler's ready queues (spec §8.2), one bounded FIFO per {@link TaskShape} (the DUMMY one being
 * the dummy queue), each a ring of primitive task ids that grows on demand up to its capacity (65,536
 * in the runtime). A push to a full queue fails, as the runtime's does. Deterministic: tasks leave in
 * the order they became ready.
 */
public final class ReadyQueue {
    /** The runtime's capacity of each ready queue. */
    public static final int DEFAULT_CAPACITY = 65536;

    private final int capacity;
    private final long[][] rings = new long[TaskShape.values().length][];
    private final int[] heads = new int[rings.length];
    private final int[] sizes = new int[rings.length];
    /** Sum of {@link #sizes}. */
    private int total;

    /** Empty queues of the runtime's capacity. */
    public ReadyQueue() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * Empty queues holding at most {@code capacity} tasks each.
     *
     * @throws IllegalArgumentException if the capacity is below 1
     */
    public ReadyQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("ready queue capacity " + capacity + "; expected >= 1");
        }
        this.capacity = capacity;
        for (int i = 0; i < rings.length; i++) {
            rings[i] = new long[Math.min(64, Integer.highestOneBit(capacity - 1 | 1) << 1)];
        }
    }

    /** Queues a task at the tail of its shape's queue; false (nothing queued) if that queue is full. */
    public boolean push(long taskId, TaskShape shape) {
        int q = shape.ordinal();
        if (sizes[q] == capacity) {
            return false;
        }
        long[] ring = rings[q];
        if (sizes[q] == ring.length) {
            long[] bigger = new long[ring.length * 2];
            for (int i = 0; i < sizes[q]; i++) {
                bigger[i] = ring[(heads[q] + i) & (ring.length - 1)];
            }
            rings[q] = bigger;
            heads[q] = 0;
            ring = bigger;
        }
        ring[(heads[q] + sizes[q]) & (ring.length - 1)] = taskId;
        sizes[q]++;
        total++;
        return true;
    }

    /** Puts a task back at the head of its shape's queue (it was taken but could not be placed); false if full. */
    public boolean pushFront(long taskId, TaskShape shape) {
        if (!push(taskId, shape)) {
            return false;
        }
        int q = shape.ordinal();
        long[] ring = rings[q];
        int mask = ring.length - 1;
        for (int i = sizes[q] - 1; i > 0; i--) {
            ring[(heads[q] + i) & mask] = ring[(heads[q] + i - 1) & mask];
        }
        ring[heads[q]] = taskId;
        return true;
    }

    /** {@code pop_batch}: moves up to {@code max} tasks of a shape, in FIFO order, into {@code out}; returns how many. */
    public int pollBatch(TaskShape shape, long[] out, int max) {
        int n = 0;
        while (n < max) {
            long t = poll(shape);
            if (t == TaskId.INVALID) {
                break;
            }
            out[n++] = t;
        }
        return n;
    }

    /** The most tasks each queue holds. */
    public int capacity() {
        return capacity;
    }

    /** The next ready task of a shape, or {@link TaskId#INVALID}. */
    public long poll(TaskShape shape) {
        int q = shape.ordinal();
        if (sizes[q] == 0) {
            return TaskId.INVALID;
        }
        long t = rings[q][heads[q]];
        heads[q] = (heads[q] + 1) & (rings[q].length - 1);
        sizes[q]--;
        total--;
        return t;
    }

    /** Every ready task, MIX first, then AIC, AIV and DUMMY, each in FIFO order. */
    public List<Long> snapshot() {
        List<Long> all = new ArrayList<>();
        for (TaskShape s : new TaskShape[] {TaskShape.MIX, TaskShape.AIC, TaskShape.AIV, TaskShape.DUMMY}) {
            int q = s.ordinal();
            for (int i = 0; i < sizes[q]; i++) {
                all.add(rings[q][(heads[q] + i) & (rings[q].length - 1)]);
            }
        }
        return all;
    }

    /** Takes a specific ready task out (keeping the others' order); false if it is not queued. */
    public boolean remove(long taskId) {
        for (int q = 0; q < rings.length; q++) {
            long[] ring = rings[q];
            int mask = ring.length - 1;
            for (int i = 0; i < sizes[q]; i++) {
                if (ring[(heads[q] + i) & mask] == taskId) {
                    for (int j = i; j < sizes[q] - 1; j++) {
                        ring[(heads[q] + j) & mask] = ring[(heads[q] + j + 1) & mask];
                    }
                    sizes[q]--;
                    total--;
                    return true;
                }
            }
        }
        return false;
    }

    /** Ready tasks of one shape. */
    public int size(TaskShape shape) {
        return sizes[shape.ordinal()];
    }

    /** Ready tasks in all queues. */
    public int size() {
        return total;
    }
}
