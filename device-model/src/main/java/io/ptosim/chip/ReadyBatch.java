package io.ptosim.chip;

import io.ptosim.runtime.ReadyQueue;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TaskShape;
import io.ptosim.trace.TraceEvent;
import java.util.Arrays;

/**
 * Tasks one AICPU thread made ready during its current step: they reach the shared ready queues (and
 * wake idle scheduler threads) when the step's time is over, at the thread's next event, not at the
 * virtual instant the step began.
 */
final class ReadyBatch {
    private static final TaskShape[] SHAPES = TaskShape.values();

    private final Chip chip;
    private long[] tasks = new long[16];
    private TaskShape[] shapes = new TaskShape[16];
    private boolean[] sync = new boolean[16];
    private int size;

    ReadyBatch(Chip chip) {
        this.chip = chip;
    }

    /** Takes what the runtime just made ready. */
    void collect() {
        ReadyQueue made = chip.runtime.ready();
        if (made.size() == 0) {
            return;
        }
        for (TaskShape shape : SHAPES) {
            for (long t = made.poll(shape); t != TaskId.INVALID; t = made.poll(shape)) {
                if (size == tasks.length) {
                    tasks = Arrays.copyOf(tasks, size * 2);
                    shapes = Arrays.copyOf(shapes, size * 2);
                    sync = Arrays.copyOf(sync, size * 2);
                }
                ChipTask task = chip.live.get(t);
                tasks[size] = t;
                sync[size] = task != null && task.syncStart;
                shapes[size++] = task == null ? TaskShape.DUMMY : task.shape;
            }
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Pushes the batch into the visible queues and offers the new work to the scheduler threads. */
    void publish() {
        if (size == 0) {
            return;
        }
        for (int i = 0; i < size; i++) {
            if (!(sync[i] ? chip.syncStart.push(tasks[i], shapes[i]) : chip.visible.push(tasks[i], shapes[i]))) {
                chip.lostReady++;
            } else if (chip.trace != null) {
                chip.trace.accept(new TraceEvent.Ready(chip.sim.now() * 1000, tasks[i]));
            }
        }
        size = 0;
        for (SchedulerThread th : chip.threads) {
            th.offer(chip.sim.now());
        }
    }
}
