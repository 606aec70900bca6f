package io.ptosim.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The scheduler's ready queues (spec §8.2), one FIFO per {@link TaskShape} (the DUMMY one being the
 * dummy queue). Deterministic: tasks leave in the order they became ready.
 */
public final class ReadyQueue {
    private final List<ArrayDeque<Long>> queues = new ArrayList<>();

    /** Empty queues. */
    public ReadyQueue() {
        for (int i = 0; i < TaskShape.values().length; i++) {
            queues.add(new ArrayDeque<>());
        }
    }

    void push(long taskId, TaskShape shape) {
        queues.get(shape.ordinal()).addLast(taskId);
    }

    /** The next ready task of a shape, or -1. */
    public long poll(TaskShape shape) {
        Long t = queues.get(shape.ordinal()).pollFirst();
        return t == null ? TaskId.INVALID : t;
    }

    /** Every ready task, MIX first, then AIC, AIV and DUMMY, each in FIFO order. */
    public List<Long> snapshot() {
        List<Long> all = new ArrayList<>();
        for (TaskShape s : new TaskShape[] {TaskShape.MIX, TaskShape.AIC, TaskShape.AIV, TaskShape.DUMMY}) {
            all.addAll(queues.get(s.ordinal()));
        }
        return all;
    }

    /** Takes a specific ready task out; false if it is not queued. */
    public boolean remove(long taskId) {
        for (ArrayDeque<Long> q : queues) {
            if (q.remove(taskId)) {
                return true;
            }
        }
        return false;
    }

    /** Ready tasks in all queues. */
    public int size() {
        int n = 0;
        for (ArrayDeque<Long> q : queues) {
            n += q.size();
        }
        return n;
    }
}
