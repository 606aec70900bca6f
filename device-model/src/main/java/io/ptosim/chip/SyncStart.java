package io.ptosim.chip;

import io.ptosim.kernel.CoreType;
import io.ptosim.runtime.ReadyQueue;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TaskShape;
import java.util.ArrayList;
import java.util.List;

/**
 * Tier 0 of dispatch (spec §8.4, the sync-start drain as §8.4 allows it to be modelled), one per chip:
 * the ready {@code require_sync_start} tasks, and the drain a waiting one holds. A task at the head of
 * its queue starts all its remaining blocks at one instant once enough idle resources exist across all
 * scheduler threads (cores of its type; for MIX, clusters whose used cores are all idle). Until then it
 * stays at the head and no thread starts new work on those resources, so they drain. The common start
 * waits for the slowest chosen core (a cold one pays the cold start).
 *
 * <p>It owns the queue and the drain flags; the scheduler threads ask it first in each pass and read
 * which shapes it holds.
 */
final class SyncStart {
    private static final TaskShape[] ORDER = {TaskShape.MIX, TaskShape.AIC, TaskShape.AIV};

    private final Chip chip;
    /** Ready sync-start tasks, dispatched before everything else, all blocks at once. */
    private final ReadyQueue ready;
    /** Per task shape: a waiting task drains the cores of that shape (no thread starts new work on them). */
    private final boolean[] draining = new boolean[TaskShape.values().length];
    /** A waiting MIX task holds the AIC / AIV cores it uses. */
    private boolean mixDrainsAic;
    private boolean mixDrainsAiv;
    /**
     * Every cluster as {@code [aic, aiv0, aiv1]}, in the order places are taken: by scheduler thread, then
     * by the thread's clusters ({@code c} with {@code c mod S} equal to the thread's index, ascending).
     */
    private final AiCore[][] clusters;

    SyncStart(Chip chip, int capacity) {
        this.chip = chip;
        this.ready = new ReadyQueue(capacity);
        int n = chip.platform.clusters();
        int s = chip.platform.schedulerThreads();
        clusters = new AiCore[n][];
        int k = 0;
        for (int t = 0; t < s; t++) {
            for (int c = t; c < n; c += s) {
                clusters[k++] = new AiCore[] {chip.cores[c], chip.cores[n + 2 * c], chip.cores[n + 2 * c + 1]};
            }
        }
    }

    /** Queues a ready sync-start task; false when the queue is full (the task is lost, as on the device). */
    boolean push(long taskId, TaskShape shape) {
        return ready.push(taskId, shape);
    }

    /** Whether a sync-start task is ready (waiting for its places or not yet looked at). */
    boolean hasReady() {
        return ready.size() > 0;
    }

    /** Whether a waiting MIX task drains whole clusters. */
    boolean drainsMix() {
        return draining[TaskShape.MIX.ordinal()];
    }

    /** Whether a waiting task holds the cores of this single-core shape (its own, or a MIX one using them). */
    boolean drains(TaskShape shape) {
        return draining[shape.ordinal()] || (shape == TaskShape.AIC ? mixDrainsAic : mixDrainsAiv);
    }

    /**
     * Thread {@code by}'s tier-0 pass: each shape's head task starts all its remaining blocks if there is
     * room for them, charging {@code by} the dispatches; else it stays at the head and drains.
     *
     * @return whether a task started
     */
    boolean dispatch(SchedulerThread by) {
        boolean progressed = false;
        for (TaskShape shape : ORDER) {
            long t = ready.poll(shape);
            if (t == TaskId.INVALID) {
                continue;
            }
            ChipTask task = chip.live.get(t);
            int need = task.blockNum - task.nextBlock;
            List<AiCore[]> places = places(task, shape, need);
            if (places.size() < need) {
                ready.pushFront(t, shape);
                drain(task, shape, true);
                continue;
            }
            drain(task, shape, false);
            boolean cold = false;
            int cores = 0;
            for (AiCore[] place : places) {
                for (AiCore core : place) {
                    if (core != null) {
                        cold |= !core.warm;
                        cores++;
                    }
                }
            }
            long clockPs = by.charge(cores * chip.costs.dispatch);
            long startPs = clockPs + chip.costs.dispatchToStart + (cold ? chip.costs.coldStart : 0);
            for (AiCore[] place : places) {
                int block = task.nextBlock;
                for (int k = 0; k < place.length; k++) {
                    AiCore core = place[k];
                    if (core == null) {
                        continue;
                    }
                    SchedulerThread owner = chip.threads[core.cluster % chip.threads.length];
                    task.nextBlock = block;
                    int kernel = shape == TaskShape.MIX ? task.kernelIds[k]
                            : core.type == CoreType.AIC ? task.kernelIds[0]
                            : task.kernelIds[1] >= 0 ? task.kernelIds[1] : task.kernelIds[2];
                    owner.occupy(core, task, kernel, startPs, clockPs);
                    owner.wake(Chip.ceilNs(core.finVisiblePs));
                }
            }
            for (SchedulerThread th : chip.threads) {
                th.offer(Chip.ceilNs(clockPs));
            }
            progressed = true;
        }
        return progressed;
    }

    /**
     * Where the next {@code need} blocks of a sync-start task would run (fewer than {@code need} places
     * when there is not enough room yet). For MIX a place is a cluster whose used cores are all idle, as
     * {@code [aic, aiv0, aiv1]} with null where the task has no kernel; otherwise it is one idle core of
     * the task's type.
     */
    private List<AiCore[]> places(ChipTask task, TaskShape shape, int need) {
        List<AiCore[]> places = new ArrayList<>();
        CoreType type = shape == TaskShape.AIC ? CoreType.AIC : CoreType.AIV;
        for (int i = 0; i < clusters.length && places.size() < need; i++) {
            AiCore[] cluster = clusters[i];
            if (shape == TaskShape.MIX) {
                AiCore[] used = cluster.clone();
                boolean free = true;
                for (int k = 0; k < 3; k++) {
                    if (task.kernelIds[k] < 0) {
                        used[k] = null;
                    } else {
                        free &= used[k].idle();
                    }
                }
                if (free) {
                    places.add(used);
                }
            } else {
                for (AiCore core : cluster) {
                    if (places.size() < need && core.idle() && core.type == type) {
                        places.add(new AiCore[] {core});
                    }
                }
            }
        }
        return places;
    }

    /** Starts or ends the drain a waiting task holds on the resources it needs. */
    private void drain(ChipTask task, TaskShape shape, boolean on) {
        if (shape != TaskShape.MIX) {
            draining[shape.ordinal()] = on;
            return;
        }
        draining[TaskShape.MIX.ordinal()] = on;
        mixDrainsAic = on && task.kernelIds[0] >= 0;
        mixDrainsAiv = on && (task.kernelIds[1] >= 0 || task.kernelIds[2] >= 0);
    }
}
