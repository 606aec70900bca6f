package io.ptosim.chip;

import io.ptosim.runtime.RuntimeConfig;
import io.ptosim.runtime.TaskId;
import java.util.Arrays;

/**
 * The chip's submitted, not yet completed tasks, indexed by ring slot as the runtime's own tables are
 * (the runtime reuses a slot only after its task completed and retired). A completed task's
 * {@link ChipTask} record goes back to a free list and the next submit refills it, so a run keeps about
 * as many records as it has live tasks, and they stay in cache, however many slots the window sweeps.
 * A ring's slot array grows with the slots taken, up to the window, so a small run does not pay for
 * whole windows.
 */
final class LiveTasks {
    /** Slots a ring's array starts with; it doubles as tasks reach its end. */
    private static final int INITIAL_SLOTS = 64;

    private final ChipTask[][] slots = new ChipTask[RuntimeConfig.RINGS][];
    private final int[] masks = new int[RuntimeConfig.RINGS];
    /** Records of completed tasks, to refill. */
    private ChipTask[] free = new ChipTask[16];
    private int freeCount;

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
        ChipTask held = slots[r][s];
        if (held != null) {
            throw new IllegalStateException("task " + TaskId.display(taskId) + " takes the slot of task "
                    + TaskId.display(held.id) + ", which has not completed");
        }
        ChipTask t = freeCount > 0 ? free[--freeCount] : new ChipTask();
        slots[r][s] = t;
        return t;
    }

    /** The live task with this id, or null (alloc tasks never enter; a reused slot holds another id). */
    ChipTask get(long taskId) {
        int r = TaskId.ring(taskId);
        int s = (int) (TaskId.local(taskId) & masks[r]);
        ChipTask t = s < slots[r].length ? slots[r][s] : null;
        return t != null && t.id == taskId ? t : null;
    }

    /** The task completed: its slot is empty and its record free for the next submit. */
    void remove(long taskId) {
        ChipTask t = get(taskId);
        if (t != null) {
            t.clear();
            int r = TaskId.ring(taskId);
            slots[r][(int) (TaskId.local(taskId) & masks[r])] = null;
            if (freeCount == free.length) {
                free = Arrays.copyOf(free, 2 * freeCount);
            }
            free[freeCount++] = t;
        }
    }
}
