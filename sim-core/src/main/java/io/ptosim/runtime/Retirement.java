package io.ptosim.runtime;

/**
 * The scheduler side of the runtime (spec §5.3-§5.5): ready queues, completion, release, CONSUMED, and
 * each ring's consumed frontier and watermark, whose advance retires slots and heap and lets the dep
 * pool and fanin spill pool be reclaimed; with the advance lock another scheduler thread may hold.
 */
final class Retirement {
    private static final long DEP_RECLAIM_INTERVAL = 64;

    private final RuntimeConfig config;
    private final TaskTable table;
    private final TaskRing[] rings;
    private final HeapRing[] heaps;
    private final DepListPool[] depPools;
    private final DepListPool[] spillPools;
    private final ReadyQueue ready;
    /** Tasks that became ready while their queue was full: lost, as in the runtime (spec §8.2). */
    private long lostReady;
    private long completed;
    /** Per ring: whether another scheduler thread holds the advance lock, and whether an advance is pending. */
    private final boolean[] advanceLocked = new boolean[RuntimeConfig.RINGS];
    private final boolean[] advancePending = new boolean[RuntimeConfig.RINGS];
    /** Per ring: the consumed frontier the schedulers see, and advances since the last publication. */
    private final long[] frontier = new long[RuntimeConfig.RINGS];
    private final int[] unpublished = new int[RuntimeConfig.RINGS];
    private final long[] depReclaimedAt = new long[RuntimeConfig.RINGS];
    private final long[] spillCursor = new long[RuntimeConfig.RINGS];

    Retirement(RuntimeConfig config, TaskTable table, TaskRing[] rings, HeapRing[] heaps, DepListPool[] depPools,
            DepListPool[] spillPools) {
        this.config = config;
        this.table = table;
        this.rings = rings;
        this.heaps = heaps;
        this.depPools = depPools;
        this.spillPools = spillPools;
        this.ready = new ReadyQueue(config.readyQueueCapacity());
    }

    ReadyQueue ready() {
        return ready;
    }

    long completed() {
        return completed;
    }

    long lostReady() {
        return lostReady;
    }

    /** A task completed at submit (an alloc task). */
    void completedAtSubmit() {
        completed++;
    }

    /** Queues a ready task; a full queue loses it, as the runtime ignores the failed push. */
    void route(long taskId, TaskShape shape) {
        if (!ready.push(taskId, shape)) {
            lostReady++;
        }
    }

    void completeSubtask(long taskId) {
        int r = TaskId.ring(taskId);
        int s = table.slot(taskId);
        requireState(taskId, TaskState.PENDING);
        if (++table.subtasksDone[r][s] >= table.subtasksTotal[r][s]) {
            onTaskComplete(taskId);
        }
    }

    void complete(long taskId) {
        requireState(taskId, TaskState.PENDING);
        onTaskComplete(taskId);
    }

    private void onTaskComplete(long taskId) {
        int r = TaskId.ring(taskId);
        int s = table.slot(taskId);
        table.state[r][s] = TaskState.COMPLETED;
        completed++;
        for (long node = table.fanoutHead[r][s]; node != TaskTable.NO_NODE; ) {
            DepListPool pool = depPools[(int) (node >>> 32)];
            int index = (int) node;
            long consumer = pool.consumer(index);
            int cr = TaskId.ring(consumer);
            int cs = table.slot(consumer);
            if (++table.faninRefcount[cr][cs] == table.faninCount[cr][cs] && table.state[cr][cs] == TaskState.PENDING) {
                route(consumer, table.shape[cr][cs]);
            }
            node = pool.next(index);
        }
    }

    /** {@code on_task_release}: releases the pins of its RETAIN edges, then checks itself. */
    void release(long taskId) {
        requireState(taskId, TaskState.COMPLETED);
        int r = TaskId.ring(taskId);
        int s = table.slot(taskId);
        int n = table.faninSize[r][s];
        table.released[r][s] = true;
        for (int k = 0; k < n; k++) {
            if ((table.faninFlags(r, s, k) & TaskTable.RETAIN) != 0) {
                releasePin(table.faninId(r, s, k));
            }
        }
        consumeCheck(taskId);
    }

    /**
     * A consumer lets go of its pin on {@code producer} (nothing if the producer is CONSUMED behind the
     * watermark or no longer holds its slot: its counters decide nothing any more).
     */
    void releasePin(long producer) {
        if (!table.kept(producer)) {
            return;
        }
        table.fanoutRefcount[TaskId.ring(producer)][table.slot(producer)] += 1;
        consumeCheck(producer);
    }

    /** The scope that held the task ended: releases its scope reference. */
    void releaseScopeReference(long taskId) {
        if (table.kept(taskId)) {
            table.fanoutRefcount[TaskId.ring(taskId)][table.slot(taskId)] += TaskTable.SCOPE_BIT;
            consumeCheck(taskId);
        }
    }

    private void consumeCheck(long taskId) {
        int r = TaskId.ring(taskId);
        int s = table.slot(taskId);
        if (table.state[r][s] == TaskState.COMPLETED && table.released[r][s]
                && table.fanoutRefcount[r][s] == table.fanoutCount[r][s]) {
            table.state[r][s] = TaskState.CONSUMED;
            advance(r);
        }
    }

    /**
     * Moves ring {@code r}'s consumed frontier over consecutive CONSUMED slots and publishes it, unless
     * another scheduler thread holds the ring's advance lock: then the pending bit is set for a later
     * {@link #retryAdvance}.
     */
    private void advance(int r) {
        if (advanceLocked[r]) {
            advancePending[r] = true;
            return;
        }
        advancePending[r] = false;
        TaskRing tr = rings[r];
        long lta = frontier[r];
        while (lta < tr.next()) {
            int s = (int) (lta & table.mask[r]);
            if (table.local[r][s] != lta || table.state[r][s] != TaskState.CONSUMED) {
                break;
            }
            lta++;
        }
        if (lta > frontier[r]) {
            frontier[r] = lta;
            if (++unpublished[r] >= config.watermarkPublishEvery() || lta == tr.next()) {
                publish(r);
            }
        }
    }

    /** Makes ring {@code r}'s consumed frontier the watermark the orchestrator sees, and retires the heap behind it. */
    private void publish(int r) {
        unpublished[r] = 0;
        long lta = frontier[r];
        TaskRing tr = rings[r];
        if (lta > tr.watermark()) {
            tr.advanceTo(lta);
            heaps[r].retire(lta, table.packedEnd[r][table.mark(r, lta - 1)]);
        }
    }

    boolean publishWatermarks() {
        boolean moved = false;
        for (int r = 0; r < RuntimeConfig.RINGS; r++) {
            long before = rings[r].watermark();
            publish(r);
            moved |= rings[r].watermark() > before;
        }
        return moved;
    }

    long consumedFrontier(int r) {
        return frontier[r];
    }

    void holdAdvanceLock(int r) {
        if (advanceLocked[r]) {
            throw new IllegalStateException("ring " + r + "'s advance lock is already held");
        }
        advanceLocked[r] = true;
    }

    void releaseAdvanceLock(int r) {
        if (!advanceLocked[r]) {
            throw new IllegalStateException("ring " + r + "'s advance lock is not held");
        }
        advanceLocked[r] = false;
    }

    boolean advancePending(int r) {
        return advancePending[r];
    }

    boolean retryAdvance(int r) {
        if (!advancePending[r] || advanceLocked[r]) {
            return false;
        }
        long before = rings[r].watermark();
        advance(r);
        return rings[r].watermark() > before;
    }

    /** Frees ring {@code r}'s dep-list nodes behind its watermark, in steps of 64 tasks as coded upstream. */
    void reclaimDepPool(int r) {
        long lta = rings[r].watermark();
        if (lta > 0 && lta >= depReclaimedAt[r] + DEP_RECLAIM_INTERVAL) {
            depPools[r].advanceTail(table.depPoolMark[r][table.mark(r, lta - 1)]);
            depReclaimedAt[r] = lta;
        }
    }

    /** Frees ring {@code r}'s fanin spill entries of the tasks behind its watermark. */
    void reclaimSpill(int r) {
        long lta = rings[r].watermark();
        for (long id = spillCursor[r]; id < lta; id++) {
            long end = table.spillEnd[r][table.mark(r, id)];
            if (end > 0) {
                spillPools[r].advanceTail(end);
            }
        }
        spillCursor[r] = Math.max(spillCursor[r], lta);
    }

    private void requireState(long taskId, TaskState expected) {
        if (!table.holds(taskId) || table.stateOf(taskId) != expected) {
            throw new IllegalStateException("task " + TaskId.display(taskId) + " is "
                    + (table.holds(taskId) ? table.stateOf(taskId) : "not in its slot") + ", expected " + expected);
        }
    }
}
