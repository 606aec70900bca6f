package io.ptosim.chip;

import io.ptosim.runtime.RuntimeConfig;
import io.ptosim.runtime.TaskId;
import java.util.Arrays;

/**
 * The chip's submitted, not yet completed tasks, indexed by ring slot as the runtime's own tables are:
 * one {@link ChipTask} record per slot, reused by every task that takes the slot (the runtime reuses a
 * slot only after its task completed and retired). A ring's array grows with the slots taken, up to
 * the window, so a small run does not pay for whole windows.
 */
final class LiveTasks {
    /** Slots a ring's array starts with; it doubles as tasks reach its end. */
    private static final int INITIAL_SLOTS = 64;

    private final ChipTask[][] slots = new ChipTask[RuntimeConfig.RINGS][];
    private final int[] masks = new int[RuntimeConfig.RINGS];

    LiveTasks(RuntimeConfig config) {
        for (int r = 0; r < RuntimeConfig.RINGS; r++) {
            slots[r] = new ChipTask[Math.min(config.window(r), INITIAL_SLOTS)];
            masks[r] = config.window(r) - 1;
        }
    }

    /** The record of {@code taskId}'s slot, to {@link ChipTask#load} the task just submitted into. */
    ChipTask claim(long taskId) {
        int r = TaskId.ring(taskId);
        int s = (int) (TaskId.local(taskId) & masks[r]);
        if (s >= slots[r].length) {
            slots[r] = Arrays.copyOf(slots[r], Math.min(masks[r] + 1, Math.max(2 * slots[r].length, s + 1)));
        }
        ChipTask t = slots[r][s];
        if (t == null) {
            t = new ChipTask();
            slots[r][s] = t;
        } else if (t.id != TaskId.INVALID) {
            throw new IllegalStateException("task " + TaskId.display(taskId) + " takes the slot of task "
                    + TaskId.display(t.id) + ", which has not completed");
        }
        return t;
    }

    /** The live task with this id, or null (alloc tasks never enter; a reused slot holds another id). */
    ChipTask get(long taskId) {
        int r = TaskId.ring(taskId);
        int s = (int) (TaskId.local(taskId) & masks[r]);
        ChipTask t = s < slots[r].length ? slots[r][s] : null;
        return t != null && t.id == taskId ? t : null;
    }

    void remove(long taskId) {
        ChipTask t = get(taskId);
        if (t != null) {
            t.clear();
        }
    }
}
