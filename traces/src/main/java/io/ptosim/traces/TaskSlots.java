package io.ptosim.traces;

import io.ptosim.runtime.RuntimeConfig;
import io.ptosim.runtime.TaskId;

/**
 * What a trace writer keeps per live task, held in one slot per entry of the task's ring window (local
 * id modulo the window), as the runtime holds its tasks. A slot is taken over by the next task that
 * lands on it, which the runtime allows only after the old task is consumed; so the table never
 * outgrows the windows and needs no removal.
 *
 * @param <T> the per-task state
 */
final class TaskSlots<T> {
    private final int[] windows;
    private final long[][] ids = new long[RuntimeConfig.RINGS][];
    private final Object[][] values = new Object[RuntimeConfig.RINGS][];

    TaskSlots(RuntimeConfig config) {
        this.windows = config.taskWindows();
    }

    /** Puts {@code value} in the slot of {@code taskId}, replacing the task that held it. */
    void put(long taskId, T value) {
        int ring = TaskId.ring(taskId);
        if (ids[ring] == null) {
            ids[ring] = new long[windows[ring]];
            values[ring] = new Object[windows[ring]];
        }
        int slot = slot(taskId);
        ids[ring][slot] = taskId;
        values[ring][slot] = value;
    }

    /** The state of {@code taskId}, or null if its slot holds no state for it. */
    @SuppressWarnings("unchecked")
    T get(long taskId) {
        int ring = TaskId.ring(taskId);
        if (ring >= ids.length || ids[ring] == null) {
            return null;
        }
        int slot = slot(taskId);
        return ids[ring][slot] == taskId ? (T) values[ring][slot] : null;
    }

    private int slot(long taskId) {
        return (int) (TaskId.local(taskId) & (windows[TaskId.ring(taskId)] - 1));
    }
}
