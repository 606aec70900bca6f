package io.ptosim.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The scheduler's ready queues (spec §8.2), one FIFO per {@link TaskShape} (the DUMMY one being the
 * dummy queue), each a growable ring of primitive task ids. Deterministic: tasks leave in the order they
 * became ready.
 */
public final class ReadyQueue {
    private final long[][] rings = new long[TaskShape.values().length][];
    private final int[] heads = new int[rings.length];
    private final int[] sizes = new int[rings.length];

    /** Empty queues. */
    public ReadyQueue() {
        for (int i = 0; i < rings.length; i++) {
            rings[i] = new long[64];
        }
    }

    void push(long taskId, TaskShape shape) {
        int q = shape.ordinal();
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
                    return true;
                }
            }
        }
        return false;
    }

    /** Ready tasks in all queues. */
    public int size() {
        return Arrays.stream(sizes).sum();
    }
}
