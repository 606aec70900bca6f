package io.ptosim.chip;

import io.ptosim.des.Timer;
import io.ptosim.kernel.CoreType;
import io.ptosim.kernel.Kernel;
import io.ptosim.kernel.KernelCall;
import io.ptosim.runtime.ReadyQueue;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TaskShape;
import io.ptosim.runtime.TaskState;
import io.ptosim.trace.TraceEvent;
import java.util.Arrays;
import java.util.List;

/**
 * One AICPU scheduler thread (spec §8.3): it owns the clusters {@code c} with {@code c mod S} equal to
 * its index, and loops: poll its running cores one serial MMIO read each, complete what finished,
 * complete dummy tasks, dispatch ready tasks onto its idle cores in the spec's order (the chip's
 * {@link SyncStart} first), and flush its
 * release batch when full or idle. It sleeps in virtual time only when an iteration did nothing, and
 * wakes when a FIN on one of its cores becomes visible or new ready tasks are published.
 */
final class SchedulerThread {
    private static final int DUMMY_BATCH = 8;

    private final Chip chip;
    private final int index;
    private final AiCore[] aic;
    private final AiCore[] aiv;
    /** Its cores in polling order (per cluster: AIC, AIV0, AIV1); {@link AiCore#slot} indexes it. */
    private final AiCore[] all;
    /** Bit {@code i} set: {@code all[i]} runs a block. */
    private final long[] busy;
    private long[] releases = new long[64];
    private int releaseCount;
    private final ReadyBatch ready;
    private long clockPs;
    /** Its next iteration, while one is scheduled. */
    private final Timer iteration;
    /** The scheduled iteration is only the sleep until the earliest FIN: it may move later with that FIN. */
    private boolean finWake;
    /** The last {@link #step} ended asleep until a FIN. */
    private boolean sleptOnFin;
    /** The memory system moved the end of one of this thread's running blocks. */
    boolean finDirty;
    /** The dispatching thread's clock for the block being placed (a sync start places blocks on peers' cores). */
    private long dispatchAtPs;
    /** Per core type (AIC, AIV): idle cores, and busy cores whose pending slot is free. */
    private final int[] idle = new int[2];
    private final int[] preloadable = new int[2];

    SchedulerThread(Chip chip, int index, List<Integer> clusters) {
        this.chip = chip;
        this.index = index;
        this.ready = new ReadyBatch(chip);
        this.iteration = chip.sim.timer(Chip.SCHED_ITERATION, this::iterate);
        int n = chip.platform.clusters();
        aic = new AiCore[clusters.size()];
        aiv = new AiCore[2 * clusters.size()];
        for (int i = 0; i < clusters.size(); i++) {
            int c = clusters.get(i);
            aic[i] = chip.cores[c];
            aiv[2 * i] = chip.cores[n + 2 * c];
            aiv[2 * i + 1] = chip.cores[n + 2 * c + 1];
        }
        idle[CoreType.AIC.ordinal()] = aic.length;
        idle[CoreType.AIV.ordinal()] = aiv.length;
        all = new AiCore[3 * clusters.size()];
        for (int i = 0; i < clusters.size(); i++) {
            all[3 * i] = aic[i];
            all[3 * i + 1] = aiv[2 * i];
            all[3 * i + 2] = aiv[2 * i + 1];
        }
        for (int i = 0; i < all.length; i++) {
            all[i].slot = i;
        }
        busy = new long[(all.length + 63) >>> 6];
    }

    /** New ready work was published at {@code nowNs}: wake if an idle core of this thread could take it. */
    void offer(long nowNs) {
        if (iteration.pending() && iteration.dueNanos() <= nowNs) {
            return;
        }
        ReadyQueue q = chip.visible;
        boolean useful = q.size(TaskShape.DUMMY) > 0 || chip.syncStart.hasReady()
                || (q.size(TaskShape.AIC) > 0 && free(CoreType.AIC))
                || (q.size(TaskShape.AIV) > 0 && free(CoreType.AIV))
                || (q.size(TaskShape.MIX) > 0 && free(CoreType.AIC) && free(CoreType.AIV));
        if (useful) {
            wake(nowNs);
        }
    }

    /** Some core of the type is idle or can preload. */
    private boolean free(CoreType type) {
        return idle[type.ordinal()] + preloadable[type.ordinal()] > 0;
    }

    /** Asks for an iteration at {@code atNs} (or at once if the thread is already due earlier). */
    void wake(long atNs) {
        finWake = false;
        long at = Math.max(atNs, Chip.ceilNs(clockPs));
        if (iteration.pending() && iteration.dueNanos() <= at && iteration.dueNanos() >= chip.sim.now()) {
            return;
        }
        iteration.schedule(at);
    }

    /** One iteration; then the thread asks for the next one, or sleeps until woken. */
    private void iterate() {
        long at = step();
        if (at >= 0) {
            wake(at);
            finWake = sleptOnFin;
        }
    }

    /**
     * The memory system moved the end of some of this thread's running blocks: a sleep until the earliest
     * FIN follows it (earlier or later); any other pending iteration only moves earlier.
     */
    void finMoved() {
        if (!finDirty) {
            return;
        }
        finDirty = false;
        if (!iteration.pending()) {
            return;
        }
        long fin = earliestFin();
        if (fin == Long.MAX_VALUE) {
            return;
        }
        long at = Math.max(Math.max(Chip.ceilNs(fin), Chip.ceilNs(clockPs)), chip.sim.now());
        if (at == iteration.dueNanos() || (at > iteration.dueNanos() && !finWake)) {
            return;
        }
        iteration.schedule(at);
    }

    private long earliestFin() {
        long fin = Long.MAX_VALUE;
        for (int w = 0; w < busy.length; w++) {
            for (long bits = busy[w]; bits != 0; bits &= bits - 1) {
                fin = Math.min(fin, all[(w << 6) + Long.numberOfTrailingZeros(bits)].finVisiblePs);
            }
        }
        return fin;
    }

    /**
     * One pass of the loop at the current instant: poll, complete, dispatch, flush.
     *
     * @return when the thread runs again (ns): at once after progress, else when the earliest FIN of
     *     its cores becomes visible; -1 if it sleeps until woken
     */
    private long step() {
        sleptOnFin = false;
        clockPs = Math.max(clockPs, chip.sim.now() * 1000);
        ready.publish();
        clockPs += chip.costs.iteration;
        boolean progressed = poll();
        progressed |= dummies();
        progressed |= dispatch();
        if (releaseCount >= chip.costs.releaseBatch || (!progressed && releaseCount > 0)) {
            flushReleases();
            progressed = true;
        }
        chip.checkFinished(clockPs);
        if (chip.finished) {
            return -1;
        }
        if (progressed || !ready.isEmpty()) {
            return Chip.ceilNs(clockPs);
        }
        long fin = earliestFin();
        sleptOnFin = fin != Long.MAX_VALUE;
        return fin == Long.MAX_VALUE ? -1 : Math.max(Chip.ceilNs(fin), Chip.ceilNs(clockPs));
    }

    /** Reads each running core's COND in turn; handles every FIN visible by its read. */
    private boolean poll() {
        boolean progressed = false;
        for (int w = 0; w < busy.length; w++) {
            for (long bits = busy[w]; bits != 0; bits &= bits - 1) {
                AiCore core = all[(w << 6) + Long.numberOfTrailingZeros(bits)];
                clockPs += chip.costs.pollPerCore;
                while (!core.idle() && core.finVisiblePs <= clockPs) {
                    if (core.inFlight) {
                        // its end is a projection: make the memory system exact up to it, then look again
                        chip.hbm.advanceTo(chip.hbm.projectedPs(core.id));
                        continue;
                    }
                    finish(core);
                    progressed = true;
                }
            }
        }
        return progressed;
    }

    private void finish(AiCore core) {
        long taskId = core.task;
        ChipTask task = chip.live.get(taskId);
        core.busyPs += core.endPs - core.startPs;
        int block = core.block;
        int kernel = core.kernel;
        int type = core.type.ordinal();
        if (chip.trace != null) {
            chip.trace.accept(new TraceEvent.BlockEnded(clockPs, index, taskId, block, core.id, core.dispatchPs,
                    core.startPs, core.endPs, core.startPs + BlockCost.uncontendedPs(core.overheadPs, core.computePs,
                            core.bytes, chip.coreGbps(core.type))));
        }
        if (core.pending == TaskId.INVALID) {
            preloadable[type]--;
            idle[type]++;
        } else {
            preloadable[type]++;
        }
        core.promote(chip.costs.finVisible);
        if (core.idle()) {
            busy[core.slot >>> 6] &= ~(1L << core.slot);
        }
        if (chip.memory != null) {
            Kernel k = chip.kernels.get(kernel);
            KernelCall call = task.call(block);
            k.functional().orElseThrow(() -> new IllegalStateException("kernel '" + k.name()
                    + "' has no functional body; run with --timing-only")).run(call, chip.memory);
        }
        chip.runtime.completeSubtask(taskId);
        if (chip.runtime.state(taskId) == TaskState.COMPLETED) {
            completed(task);
        }
    }

    private void completed(ChipTask task) {
        long id = task.id;
        long pins = chip.runtime.fanoutPins(id);
        clockPs += chip.costs.complete + pins * chip.costs.perFanout;
        chip.live.remove(id);
        chip.completedOne();
        chip.digest.completed(clockPs, id);
        if (chip.trace != null) {
            chip.trace.accept(new TraceEvent.Completed(clockPs, index, id));
        }
        ready.collect();
        chip.orchestrator.taskCompleted(clockPs);
        addRelease(id);
        chip.schedulerEndPs = Math.max(chip.schedulerEndPs, clockPs);
    }

    private boolean dummies() {
        boolean progressed = false;
        for (int i = 0; i < DUMMY_BATCH; i++) {
            long t = chip.visible.poll(TaskShape.DUMMY);
            if (t == TaskId.INVALID) {
                break;
            }
            chip.runtime.complete(t);
            ChipTask task = chip.live.get(t);
            if (task != null) {
                completed(task);
            } else {
                clockPs += chip.costs.complete;
                if (chip.trace != null) {
                    chip.trace.accept(new TraceEvent.Completed(clockPs, index, t));
                }
                ready.collect();
                addRelease(t);
            }
            progressed = true;
        }
        return progressed;
    }

    /**
     * Spec §8.4: MIX onto idle clusters; if no MIX is left, AIC then AIV onto idle cores (AIV first on
     * odd threads); then the pending slots: MIX (unless a peer has an idle cluster), or, with no MIX
     * left, AIC/AIV, each shape skipped while a peer has an idle core of it.
     */
    private boolean dispatch() {
        boolean progressed = chip.syncStart.dispatch(this);
        if (!chip.syncStart.drainsMix()) {
            progressed |= dispatchMix(false);
        }
        if (chip.visible.size() == 0) {
            return progressed;
        }
        boolean aicFirst = index % 2 == 0;
        if (chip.visible.size(TaskShape.MIX) == 0) {
            for (TaskShape shape : aicFirst ? AIC_FIRST : AIV_FIRST) {
                if (!chip.syncStart.drains(shape)) {
                    progressed |= dispatchSingle(shape, false);
                }
            }
        }
        if (chip.visible.size(TaskShape.MIX) > 0) {
            if (!chip.syncStart.drainsMix() && !peerHasIdle(TaskShape.MIX)) {
                progressed |= dispatchMix(true);
            }
            return progressed;
        }
        for (TaskShape shape : aicFirst ? AIC_FIRST : AIV_FIRST) {
            if (chip.visible.size(shape) > 0 && !chip.syncStart.drains(shape) && !peerHasIdle(shape)) {
                progressed |= dispatchSingle(shape, true);
            }
        }
        return progressed;
    }

    /** Adds {@code ps} of work to this thread's clock; returns the clock. */
    long charge(long ps) {
        clockPs += ps;
        return clockPs;
    }

    /** The next block of {@code task} runs on this thread's idle {@code core} from {@code startPs}. */
    void occupy(AiCore core, ChipTask task, int kernel, long startPs, long dispatchPs) {
        dispatchAtPs = dispatchPs;
        Kernel k = kernelOn(core, task, kernel);
        int block = task.nextBlock++;
        idle[core.type.ordinal()]--;
        preloadable[core.type.ordinal()]++;
        core.task = task.id;
        busy[core.slot >>> 6] |= 1L << core.slot;
        core.block = block;
        core.kernel = kernel;
        core.warm = true;
        core.dispatchPs = dispatchPs;
        chip.begin(core, startPs, chip.blockCost(k, task.call(block)));
        dispatched(core, task, block, startPs, core.endPs);
    }

    private static final TaskShape[] AIC_FIRST = {TaskShape.AIC, TaskShape.AIV};
    private static final TaskShape[] AIV_FIRST = {TaskShape.AIV, TaskShape.AIC};

    /** Whether another scheduler thread has an idle core (a whole idle cluster for MIX) for this shape. */
    private boolean peerHasIdle(TaskShape shape) {
        for (SchedulerThread peer : chip.threads) {
            if (peer != this && peer.hasIdle(shape)) {
                return true;
            }
        }
        return false;
    }

    private boolean hasIdle(TaskShape shape) {
        return switch (shape) {
            case AIC -> idle[CoreType.AIC.ordinal()] > 0;
            case AIV -> idle[CoreType.AIV.ordinal()] > 0;
            case MIX -> {
                for (int i = 0; i < aic.length; i++) {
                    if (aic[i].idle() && aiv[2 * i].idle() && aiv[2 * i + 1].idle()) {
                        yield true;
                    }
                }
                yield false;
            }
            case DUMMY -> true;
        };
    }

    private boolean dispatchSingle(TaskShape shape, boolean preload) {
        AiCore[] pool = shape == TaskShape.AIC ? aic : aiv;
        boolean progressed = false;
        int type = (shape == TaskShape.AIC ? CoreType.AIC : CoreType.AIV).ordinal();
        int free = preload ? preloadable[type] : idle[type];
        while (free > 0) {
            long t = chip.visible.poll(shape);
            if (t == TaskId.INVALID) {
                break;
            }
            ChipTask task = chip.live.get(t);
            int kernel = shape == TaskShape.AIC ? task.kernelIds[0]
                    : task.kernelIds[1] >= 0 ? task.kernelIds[1] : task.kernelIds[2];
            for (AiCore c : pool) {
                if (free == 0 || task.nextBlock == task.blockNum) {
                    break;
                }
                if (preload ? c.canPreload() : c.idle()) {
                    start(c, task, kernel);
                    free--;
                }
            }
            progressed = true;
            if (task.nextBlock < task.blockNum) {
                chip.visible.push(t, shape);
                break;
            }
        }
        return progressed;
    }

    /**
     * MIX blocks onto clusters: with {@code preload} false only where every used core is idle; with it,
     * also where some used cores are busy but none of those has its pending slot taken.
     */
    private boolean dispatchMix(boolean preload) {
        boolean progressed = false;
        long t;
        while ((t = chip.visible.poll(TaskShape.MIX)) != TaskId.INVALID) {
            ChipTask task = chip.live.get(t);
            boolean placed = false;
            for (int i = 0; i < aic.length && task.nextBlock < task.blockNum; i++) {
                AiCore[] cluster = {aic[i], aiv[2 * i], aiv[2 * i + 1]};
                boolean usable = true;
                for (int k = 0; k < 3; k++) {
                    usable &= task.kernelIds[k] < 0 || cluster[k].idle() || (preload && cluster[k].canPreload());
                }
                if (!usable) {
                    continue;
                }
                int block = task.nextBlock;
                for (int k = 0; k < 3; k++) {
                    if (task.kernelIds[k] >= 0) {
                        task.nextBlock = block;
                        start(cluster[k], task, task.kernelIds[k]);
                    }
                }
                placed = true;
            }
            if (placed) {
                progressed = true;
            }
            if (task.nextBlock < task.blockNum) {
                chip.visible.push(t, TaskShape.MIX);
                break;
            }
        }
        return progressed;
    }

    private void start(AiCore core, ChipTask task, int kernel) {
        clockPs += chip.costs.dispatch;
        if (core.idle()) {
            occupy(core, task, kernel, clockPs + chip.costs.dispatchToStart + (core.warm ? 0 : chip.costs.coldStart),
                    clockPs);
            return;
        }
        Kernel k = kernelOn(core, task, kernel);
        int block = task.nextBlock++;
        preloadable[core.type.ordinal()]--;
        core.pending = task.id;
        core.pendingBlock = block;
        core.pendingKernel = kernel;
        BlockCost cost = chip.blockCost(k, task.call(block));
        core.pendingDispatchPs = clockPs;
        core.pendingReadyPs = clockPs + chip.costs.dispatchToStart;
        core.pendingComputePs = cost.computePs();
        core.pendingOverheadPs = cost.overheadPs();
        core.pendingBytes = cost.bytes();
        core.pendingPlaced = false;
        dispatchAtPs = clockPs;
        if (!core.inFlight) {
            chip.place(core);
            dispatched(core, task, block, core.pendingStartPs, core.pendingEndPs);
        } else {
            // placed when the running block's end is final; the dispatch names the projection
            chip.hbm.notifyOnFinish(core.id);
            long startPs = Math.max(core.endPs, core.pendingReadyPs);
            dispatched(core, task, block, startPs, startPs + cost.uncontendedPs(chip.coreGbps(core.type)));
        }
    }

    /** The kernel a block of {@code task} runs, checked against the core type it is placed on. */
    private Kernel kernelOn(AiCore core, ChipTask task, int kernel) {
        Kernel k = chip.kernels.get(kernel);
        if (k.core() != core.type) {
            throw new IllegalStateException("kernel '" + k.name() + "' (func " + kernel + ") runs on " + k.core()
                    + " but task " + TaskId.display(task.id) + " places it on an " + core.type + " core");
        }
        return k;
    }

    private void dispatched(AiCore core, ChipTask task, int block, long startPs, long endPs) {
        chip.dispatches++;
        if (chip.trace != null) {
            chip.trace.accept(new TraceEvent.Dispatched(dispatchAtPs, index, task.id, block, core.id, startPs, endPs));
        }
        chip.digest.dispatched(startPs, task.id, core.id);
    }

    private void addRelease(long taskId) {
        if (releaseCount == releases.length) {
            releases = Arrays.copyOf(releases, releaseCount * 2);
        }
        releases[releaseCount++] = taskId;
    }

    private void flushReleases() {
        for (int i = releaseCount - 1; i >= 0; i--) {
            long t = releases[i];
            clockPs += chip.costs.release + chip.runtime.faninEdges(t) * chip.costs.perFanin;
            chip.runtime.release(t);
            if (chip.trace != null) {
                chip.trace.accept(new TraceEvent.Released(clockPs, index, t));
            }
        }
        releaseCount = 0;
        if (chip.trace != null) {
            chip.traceWatermarks(clockPs);
        }
        chip.orchestrator.progress(clockPs);
    }
}
