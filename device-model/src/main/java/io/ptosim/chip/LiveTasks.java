package io.ptosim.chip;

import io.ptosim.runtime.RuntimeConfig;
import io.ptosim.runtime.TaskId;

/** The chip's submitted, not yet completed tasks, indexed by ring slot as the runtime's own tables are. */
final class LiveTasks {
    private final ChipTask[][] slots = new ChipTask[RuntimeConfig.RINGS][];
    private final int[] masks = new int[RuntimeConfig.RINGS];

    LiveTasks(RuntimeConfig config) {
        for (int r = 0; r < RuntimeConfig.RINGS; r++) {
            slots[r] = new ChipTask[config.window(r)];
            masks[r] = config.window(r) - 1;
        }
    }

    void put(ChipTask task) {
        slots[TaskId.ring(task.id)][(int) (TaskId.local(task.id) & masks[TaskId.ring(task.id)])] = task;
    }

    /** The live task with this id, or null (alloc tasks never enter; a reused slot holds another id). */
    ChipTask get(long taskId) {
        ChipTask t = slots[TaskId.ring(taskId)][(int) (TaskId.local(taskId) & masks[TaskId.ring(taskId)])];
        return t != null && t.id == taskId ? t : null;
    }

    void remove(long taskId) {
        int r = TaskId.ring(taskId);
        int s = (int) (TaskId.local(taskId) & masks[r]);
        if (slots[r][s] != null && slots[r][s].id == taskId) {
            slots[r][s] = null;
        }
    }
}
