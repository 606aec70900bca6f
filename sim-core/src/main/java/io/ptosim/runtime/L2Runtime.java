package io.ptosim.runtime;

import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The on-chip runtime's task semantics, timing-free (spec §3-§7): the orchestrator side (scopes,
 * {@code submit_task}, {@code alloc_tensors}: ring and heap allocation, TensorMap edges, explicit
 * deps, wiring and publish) and the scheduler side (ready queues, completion, release, CONSUMED,
 * watermark advance and reclamation). The simulated chip drives it in virtual time; tests drive it
 * directly.
 *
 * <p>Calls are atomic: a submit that cannot get a slot, heap space, dep-pool nodes or TensorMap entries
 * changes nothing that any dependency or allocation depends on and returns {@link SubmitOutcome.Blocked}
 * (the TensorMap's stale-entry cleanup may already have run, as it does first in the runtime too); the caller retries when a watermark moves
 * (the runtime would spin). A block the runtime recognises as structural (the blocking ring's oldest
 * task belongs to a still-open scope, so no retirement can ever free it) is fatal at once, as is a scope
 * that already holds {@code W - 1} tasks. After any fatal error every call is a no-op that returns it.
 *
 * <p>One deliberate strengthening: a task becomes CONSUMED only after its own {@link #release} ran.
 * The runtime's consume rule alone would let a consumer's release retire a producer whose release is
 * still queued; its batched, last-first flush makes that harmless there, but a caller that may delay
 * releases arbitrarily (the property tests do) would otherwise see the slot reused under a pending
 * release.
 * Scopes: AUTO, MANUAL (today's Manual Scope V0, §7.3) and MANUAL_HYBRID (the PR #482 design, §7.2:
 * manual-local args skip tracking, boundary args follow AUTO, same-scope edges are explicit and linked
 * at scope end, and no task of the scope is published before it ends).
 *
 * <p>This class owns the shared state (rings, heaps, pools, {@link TaskTable}, {@link TensorMap}) and
 * answers the queries; each part of the semantics is a collaborator with its own state:
 * {@link ScopeStack} (open scopes and their tasks), {@link Submission} (submit, alloc, wiring),
 * {@link HybridScope} (MANUAL_HYBRID deferred edges and scope-end publish), {@link Retirement}
 * (completion, release, CONSUMED, watermark and reclamation), {@link TensorDataWait} (what a
 * get/set_tensor_data waits for) and {@link FatalLatch} (the latched error).
 */
public final class L2Runtime {
    private static final long HEAP_BASE = 1L << 36;

    private final TaskRing[] rings = new TaskRing[RuntimeConfig.RINGS];
    private final HeapRing[] heaps = new HeapRing[RuntimeConfig.RINGS];
    private final DepListPool[] depPools = new DepListPool[RuntimeConfig.RINGS];
    private final DepListPool[] spillPools = new DepListPool[RuntimeConfig.RINGS];
    private final TaskTable table;
    private final TensorMap tensorMap;
    private final FatalLatch fatal = new FatalLatch();
    private final ScopeStack scopes;
    private final Retirement retirement;
    /** What a closing scope does with each task it held. */
    private final LongConsumer releaseScopeReference;
    private final HybridScope hybridScope;
    private final TensorDataWait tensorData;
    private final Submission submission;
    private final PeakUse peaks = new PeakUse();

    /** A runtime with the given ring and pool sizes, inside the executor's implicit root AUTO scope. */
    public L2Runtime(RuntimeConfig config) {
        int[] windows = config.taskWindows();
        long[] heapBytes = config.heapBytes();
        int[] pools = config.depPoolSizes();
        for (int r = 0; r < RuntimeConfig.RINGS; r++) {
            rings[r] = new TaskRing(windows[r], 0);
            heaps[r] = new HeapRing(HEAP_BASE * (r + 1), heapBytes[r]);
            depPools[r] = new DepListPool(pools[r]);
            spillPools[r] = new DepListPool(pools[r]);
        }
        table = new TaskTable(config);
        tensorMap = new TensorMap(config.tensorMapBuckets(), config.tensorMapPool(), windows);
        scopes = new ScopeStack(config.scopeTasksCapacity());
        retirement = new Retirement(config, table, rings, heaps, depPools, spillPools);
        releaseScopeReference = retirement::releaseScopeReference;
        hybridScope = new HybridScope(table, depPools, scopes, retirement, fatal, this::notePeaks);
        submission = new Submission(config, rings, heaps, depPools, spillPools, table, tensorMap, fatal, scopes,
                retirement, hybridScope, this::notePeaks);
        tensorData = new TensorDataWait(table, tensorMap);
    }

    // ---------------------------------------------------------------- scopes

    /** The current scope depth (0 = the implicit root scope). */
    public int depth() {
        return scopes.depth();
    }

    /** Opens a scope; returns the fatal error if one is (or becomes) latched. */
    public Optional<SubmitOutcome.Fatal> beginScope(ScopeMode mode) {
        if (fatal.get() != null) {
            return Optional.of(fatal.get());
        }
        String refused = scopes.nestingError(mode);
        if (refused != null) {
            return Optional.of(latch(ErrorCode.INVALID_ARGS, refused));
        }
        scopes.open(mode);
        return Optional.empty();
    }

    /**
     * Closes the innermost scope: releases the scope reference of each of its tasks, in submit order.
     *
     * @throws IllegalStateException if only the root scope is open
     */
    public Optional<SubmitOutcome.Fatal> endScope() {
        if (fatal.get() != null) {
            return Optional.of(fatal.get());
        }
        if (scopes.depth() == 0 || scopes.innermost() != ScopeMode.MANUAL_HYBRID) {
            scopes.close(releaseScopeReference);
            hybridScope.clearLinked();
            return Optional.empty();
        }
        ScopeStack.Closed closed = scopes.close();
        hybridScope.clearLinked();
        Optional<SubmitOutcome.Fatal> f = hybridScope.end(closed.tasks());
        if (f.isPresent()) {
            // the scope end failed: the scope stays open, holding its tasks (what a failure report shows)
            scopes.reopen(closed);
            return f;
        }
        for (long task : closed.tasks()) {
            retirement.releaseScopeReference(task);
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- submit

    /** {@code submit_task}: see the class comment for the outcomes. */
    public SubmitOutcome submit(SubmitRequest req) {
        return submission.submit(req);
    }

    /**
     * {@code submit_task} from a buffer the caller fills and reuses (the allocation-free form of
     * {@link #submit(SubmitRequest)}, with the same outcomes): true when the task was submitted, its id
     * and outputs then in {@code args}; false when it was not, {@link SubmitArgs#refusal()} saying why.
     */
    public boolean submit(SubmitArgs args) {
        return submission.submit(args);
    }

    /** {@code alloc_tensors}: the hidden allocation task, COMPLETED at once. */
    public SubmitOutcome allocTensors(List<OutputSpec> outputs) {
        return submission.allocTensors(outputs);
    }

    /**
     * The wiring unit on its own (spec §11 scenarios 32-34, as {@code test_wiring.cpp} sets them up): a
     * dummy AIC-less task in the current scope whose fanin edges are exactly {@code producers}
     * ({@code WAIT|RETAIN}), in whatever state they are, without the lookup-time filter of a submit.
     * Tests use it to reach wiring states a submit never produces (a CONSUMED producer still in its slot).
     */
    SubmitOutcome submitWiredTo(long... producers) {
        return submission.submitWiredTo(producers);
    }

    /**
     * MANUAL_HYBRID {@code add_dependency(producer, consumer)}: both tasks of the current manual scope;
     * the edge is recorded on the consumer and linked at scope end.
     */
    public Optional<SubmitOutcome.Fatal> addDependency(long producer, long consumer) {
        if (fatal.get() != null) {
            return Optional.of(fatal.get());
        }
        if (producer == consumer) {
            return Optional.of(latch(ErrorCode.INVALID_ARGS, "add_dependency does not allow self-dependency"));
        }
        if (!scopes.inHybrid()) {
            return Optional.of(latch(ErrorCode.INVALID_ARGS, "add_dependency requires PTO2_SCOPE(PTO2ScopeMode::MANUAL)"));
        }
        return hybridScope.addDependency(producer, consumer);
    }

    // ---------------------------------------------------------------- scheduler

    /** The ready queues. */
    public ReadyQueue ready() {
        return retirement.ready();
    }

    /** One subtask of {@code taskId} finished; the last one completes the task. */
    public void completeSubtask(long taskId) {
        retirement.completeSubtask(taskId);
    }

    /** Every subtask of {@code taskId} finished (or a dummy task was popped): {@code on_task_complete}. */
    public void complete(long taskId) {
        retirement.complete(taskId);
    }

    /** {@code on_task_release}: releases the pins of its RETAIN edges, then checks itself. */
    public void release(long taskId) {
        retirement.release(taskId);
    }

    /**
     * The orchestrator's request for exact publication (a5, after 10 ms of a blocked reclaim path
     * without progress): every ring's watermark catches up with its consumed frontier. Returns whether
     * any moved.
     */
    public boolean publishWatermarks() {
        return retirement.publishWatermarks();
    }

    /** Ring {@code r}'s consumed frontier: ids below it are CONSUMED (the watermark trails it on a5). */
    public long consumedFrontier(int r) {
        return retirement.consumedFrontier(r);
    }

    /**
     * Another scheduler thread takes ring {@code r}'s advance lock (spec §5.4): until
     * {@link #releaseAdvanceLock}, a CONSUMED head only sets the ring's pending bit.
     *
     * @throws IllegalStateException if the lock is already held
     */
    public void holdAdvanceLock(int r) {
        retirement.holdAdvanceLock(r);
    }

    /** The holder of ring {@code r}'s advance lock lets go; a pending advance waits for {@link #retryAdvance}. */
    public void releaseAdvanceLock(int r) {
        retirement.releaseAdvanceLock(r);
    }

    /** Whether an advance of ring {@code r} lost the lock and awaits a retry. */
    public boolean advancePending(int r) {
        return retirement.advancePending(r);
    }

    /**
     * An idle scheduler iteration retries ring {@code r}'s pending advance: does nothing while the lock is
     * held or nothing is pending; returns whether the watermark moved.
     */
    public boolean retryAdvance(int r) {
        return retirement.retryAdvance(r);
    }

    // ---------------------------------------------------------------- get/set_tensor_data

    /**
     * The wait of {@code get_tensor_data} ({@code write} false) or {@code set_tensor_data} (spec §7.4):
     * the tensor's owner and every TensorMap hit of the view must have completed; a write also waits
     * until each of them has every claimed pin released (its scope reference aside), and, with reader
     * tracking, until every tracked reader it overlaps has completed. A producer whose
     * slot no longer holds it has been consumed, so it is done. Inside a MANUAL_HYBRID scope this is the
     * PR #482 guard error (code 5). Changes nothing unless it latches an error.
     */
    public TensorAccess tensorAccess(TensorView view, boolean write) {
        if (fatal.get() != null) {
            return new TensorAccess.Failed(fatal.get());
        }
        String api = write ? "set_tensor_data" : "get_tensor_data";
        if (scopes.inHybrid()) {
            return new TensorAccess.Failed(latch(ErrorCode.INVALID_ARGS, "blocking tensor data access is not"
                    + " supported inside PTO2_SCOPE(PTO2ScopeMode::MANUAL); exit the manual scope first"));
        }
        if (view.bufferAddr() == 0) {
            return new TensorAccess.Unallocated(api + ": buffer not allocated (addr=0). Use the Tensor returned by"
                    + " add_output(TensorCreateInfo) after submit returns.");
        }
        return tensorData.check(view, write);
    }

    /** A {@link TensorAccess.Waiting} lasted the runtime's 15 s: latches {@link ErrorCode#TENSOR_WAIT_TIMEOUT}. */
    public SubmitOutcome.Fatal tensorWaitTimedOut(TensorAccess.Waiting wait) {
        long p = wait.producer();
        String what = wait.forConsumers() ? "consumers of producer (ring=%d, local=%d) not done"
                : "producer (ring=%d, local=%d) not completed";
        return latch(ErrorCode.TENSOR_WAIT_TIMEOUT, ErrorCode.TENSOR_WAIT_TIMEOUT.text(null) + ": Timeout (15000 ms): "
                + String.format(what, TaskId.ring(p), TaskId.local(p)));
    }

    // ---------------------------------------------------------------- queries

    /** The state of a task still in its slot. */
    public TaskState state(long taskId) {
        if (!table.holds(taskId)) {
            throw new IllegalArgumentException("task " + TaskId.display(taskId) + " no longer holds its slot");
        }
        return table.stateOf(taskId);
    }

    /** Whether the task's slot still holds it (not reclaimed and reused). */
    public boolean holds(long taskId) {
        return table.holds(taskId);
    }

    /**
     * Whether the runtime still keeps the task's counters and fanin edges, which the queries below read:
     * every task from its ring's watermark on is kept; one behind it (CONSUMED, all its edges released)
     * may not be, as its slot state decides nothing any more.
     */
    public boolean kept(long taskId) {
        return table.kept(taskId);
    }

    private int keptSlot(long taskId) {
        if (!table.kept(taskId)) {
            throw new IllegalArgumentException("task " + TaskId.display(taskId) + " is behind its ring's watermark"
                    + " (CONSUMED) and its counters and edges are no longer kept; read them before it retires");
        }
        return table.slot(taskId);
    }

    /** {@code fanin_count} and {@code fanin_refcount} of a task (one not yet behind the watermark, see {@link #kept}). */
    public int[] fanin(long taskId) {
        int r = TaskId.ring(taskId);
        int s = keptSlot(taskId);
        return new int[] {table.faninCount[r][s], table.faninRefcount[r][s]};
    }

    /** {@code fanout_count} and {@code fanout_refcount} of a task (with the scope bit; see {@link #kept}). */
    public long[] fanout(long taskId) {
        int r = TaskId.ring(taskId);
        int s = keptSlot(taskId);
        return new long[] {table.fanoutCount[r][s], table.fanoutRefcount[r][s]};
    }

    /**
     * The fanin edges the last {@link #endScope} linked (a MANUAL_HYBRID scope's same-scope edges and
     * {@code add_dependency} edges), as {@code [producer, consumer, producer, consumer, ...]}.
     */
    public long[] edgesLinkedAtScopeEnd() {
        return hybridScope.linked();
    }

    /** How many fanin edges the last {@link #endScope} linked. */
    public int edgesLinkedAtScopeEndCount() {
        return hybridScope.linkedCount();
    }

    /** Fanin edges of a task (what its release walks; see {@link #kept}). */
    public int faninEdges(long taskId) {
        return table.faninSize[TaskId.ring(taskId)][keptSlot(taskId)];
    }

    /** Pins claimed on a task by its consumers ({@code fanout_count} without the scope bit; see {@link #kept}). */
    public long fanoutPins(long taskId) {
        return table.fanoutCount[TaskId.ring(taskId)][keptSlot(taskId)] & ~TaskTable.SCOPE_BIT;
    }

    /** Producers of a task's fanin edges, in edge order (see {@link #kept}). */
    public long[] faninProducers(long taskId) {
        int r = TaskId.ring(taskId);
        int s = keptSlot(taskId);
        long[] producers = new long[table.faninSize[r][s]];
        for (int k = 0; k < producers.length; k++) {
            producers[k] = table.faninId(r, s, k);
        }
        return producers;
    }

    /** For each fanin edge of a task (in {@link #faninProducers} order), whether it retains the producer. */
    public boolean[] faninRetains(long taskId) {
        int r = TaskId.ring(taskId);
        int s = keptSlot(taskId);
        boolean[] retains = new boolean[table.faninSize[r][s]];
        for (int i = 0; i < retains.length; i++) {
            retains[i] = (table.faninFlags(r, s, i) & TaskTable.RETAIN) != 0;
        }
        return retains;
    }

    /** A ring's task window. */
    public TaskRing ring(int r) {
        return rings[r];
    }

    /** A ring's heap. */
    public HeapRing heap(int r) {
        return heaps[r];
    }

    /** A ring's dep-list pool. */
    public DepListPool depPool(int r) {
        return depPools[r];
    }

    /** The TensorMap. */
    public TensorMap tensorMap() {
        return tensorMap;
    }

    /** Tasks allocated so far over all rings (includes alloc and dummy tasks). */
    public long totalTasks() {
        long n = 0;
        for (TaskRing r : rings) {
            n += r.next();
        }
        return n;
    }

    /** Tasks completed (FIN, dummy, or completed at submit). */
    public long completedTasks() {
        return retirement.completed();
    }

    /**
     * TensorMap lookups made so far (every attempt, as the runtime repeats its lookups when it retries a
     * blocked submit).
     */
    public long lookups() {
        return submission.lookups();
    }

    /** TensorMap entries inserted so far. */
    public long inserts() {
        return submission.inserts();
    }

    /** Tracked-reader entries inserted so far (reader tracking; included in {@link #inserts}). */
    public long readerInserts() {
        return submission.readerInserts();
    }

    /**
     * Fanin edges of committed submits that only a tracked reader's entry gave (write-after-read; a reader
     * that was a predecessor already adds none).
     */
    public long readerEdges() {
        return submission.readerEdges();
    }

    /** TensorMap chain entries visited by lookups so far. */
    public long chainEntriesVisited() {
        return tensorMap.entriesVisited();
    }

    /** Tasks that became ready while their ready queue was full, and so were lost (spec §8.2). */
    public long lostReadyTasks() {
        return retirement.lostReady();
    }

    /** Capacity of the open scopes' task list (the runtime's: the sum of the rings' task windows). */
    public int scopeTasksCapacity() {
        return scopes.capacity();
    }

    /** {@code rt_report_fatal}: latches {@link ErrorCode#EXPLICIT_ORCH_FATAL} with the message. */
    public SubmitOutcome.Fatal reportFatal(String message) {
        return latch(ErrorCode.EXPLICIT_ORCH_FATAL, message);
    }

    /**
     * A block outlived the allocator's backstop (~500 ms without reclaim progress): latches its code with
     * the diagnosis, as the runtime does when it gives up spinning.
     */
    public SubmitOutcome.Fatal backstop(SubmitOutcome.Blocked blocked) {
        return latch(blocked.code(), blocked.ring(), blocked.diagnosis() + "; No reclaim progress for ~500 ms");
    }

    /** The latched fatal error, if any. */
    public Optional<SubmitOutcome.Fatal> fatal() {
        return Optional.ofNullable(fatal.get());
    }

    private SubmitOutcome.Fatal latch(ErrorCode code, String message) {
        return fatal.latch(code, message);
    }

    private SubmitOutcome.Fatal latch(ErrorCode code, int ring, String message) {
        return fatal.latch(code, ring, message);
    }

    /** The ring whose resource the latched error concerns, or -1 (no error, or not a ring's). */
    public int fatalRing() {
        return fatal.ring();
    }

    /** The high-water marks of the rings, pools and TensorMap so far. */
    public PeakUse peaks() {
        return peaks;
    }

    /**
     * The depth of the open scope whose task list holds {@code taskId} (its scope reference not yet
     * released), or -1.
     */
    public int openScopeHolding(long taskId) {
        return scopes.holding(taskId);
    }

    /** Ring {@code r}'s oldest task not yet retired (its watermark), or {@link TaskId#INVALID} when none is live. */
    public long head(int r) {
        TaskRing tr = rings[r];
        return tr.watermark() < tr.next() ? TaskId.of(r, tr.watermark()) : TaskId.INVALID;
    }

    /** Notes ring {@code r}'s use after an allocation (the dep pool: nodes its unretired tasks hold). */
    private void notePeaks(int r) {
        DepListPool pool = depPools[r];
        long lta = rings[r].watermark();
        long floor = lta > 0 ? table.depPoolMark[r][table.mark(r, lta - 1)] : 1;
        peaks.note(r, rings[r].live(), heaps[r].used(), pool.top() - Math.max(pool.tail(), floor), tensorMap.used());
    }
}
