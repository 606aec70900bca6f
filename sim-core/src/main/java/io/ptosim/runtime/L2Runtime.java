package io.ptosim.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
 */
public final class L2Runtime {
    private static final long HEAP_BASE = 1L << 36;
    private static final long DEP_RECLAIM_INTERVAL = 64;

    private record Frame(ScopeMode mode, int start) {
    }

    private static final String NESTED_IN_HYBRID = "nested scope inside PTO2_SCOPE(PTO2ScopeMode::MANUAL) is not"
            + " supported in v1; both MANUAL->MANUAL and MANUAL->AUTO nesting are rejected";
    /** {@code PTO2_MAX_INPUTS} of the PR #482 era: most unique fanins when explicit edges are added. */
    private static final int HYBRID_MAX_INPUTS = 16;

    private final RuntimeConfig config;
    private final TaskRing[] rings = new TaskRing[RuntimeConfig.RINGS];
    private final HeapRing[] heaps = new HeapRing[RuntimeConfig.RINGS];
    private final DepListPool[] depPools = new DepListPool[RuntimeConfig.RINGS];
    private final DepListPool[] spillPools = new DepListPool[RuntimeConfig.RINGS];
    private final long[] depReclaimedAt = new long[RuntimeConfig.RINGS];
    private final long[] spillCursor = new long[RuntimeConfig.RINGS];
    private final TaskTable table;
    private final TensorMap tensorMap;
    private final ReadyQueue ready;
    /** Tasks that became ready while their queue was full: lost, as in the runtime (spec §8.2). */
    private long lostReady;
    /** Per ring: whether another scheduler thread holds the advance lock, and whether an advance is pending. */
    private final boolean[] advanceLocked = new boolean[RuntimeConfig.RINGS];
    private final boolean[] advancePending = new boolean[RuntimeConfig.RINGS];
    /** Per ring: the consumed frontier the schedulers see, and advances since the last publication. */
    private final long[] frontier = new long[RuntimeConfig.RINGS];
    private final int[] unpublished = new int[RuntimeConfig.RINGS];
    private final List<Frame> scopes = new ArrayList<>();
    /** Tasks of the open scopes, in submit order; a scope's tasks start at its frame's {@code start}. */
    private final long[] scopeTasks;
    private int scopeTaskCount;
    private int manualDepth = -1;
    /** MANUAL_HYBRID: same-scope producers per consumer, linked at scope end; looked up, iterated in scope order. */
    private final Map<Long, List<Long>> deferred = new LinkedHashMap<>();
    /** Scratch of the submit in progress: its fanin edges and the TensorMap entries it removes. */
    private final FaninList edges = new FaninList();
    /** The edges the last scope end linked (MANUAL_HYBRID), as producer, consumer pairs. */
    private long[] linked = new long[16];
    private int linkedPairs;
    private final EntryList removals = new EntryList();
    private final Gather gather = new Gather();
    /** Turns the reader hits of a writer's lookup into WAIT edges (write-after-read). */
    private final TensorMapModel.Hits readerGather = (entry, reader, readerView, overlap) -> {
        if (this.removals.contains(entry)) {
            return;
        }
        int before = this.edges.size();
        append(this.edges, reader, TaskTable.WAIT);
        this.newReaderEdges += this.edges.size() - before;
        if (overlap == Overlap.COVERED) {
            this.removals.add(entry);
        }
    };
    /** Edges of the submit in progress that only a tracked reader's entry gave. */
    private int newReaderEdges;
    private long readerEdges;
    private long readerInserts;

    /** Turns the TensorMap hits of one lookup into WAIT edges and planned INOUT removals. */
    private final class Gather implements TensorMapModel.Hits {
        boolean inout;

        @Override
        public void hit(int entry, long producer, TensorView producerView, Overlap overlap) {
            if (!removals.contains(entry)) {
                append(edges, producer, TaskTable.WAIT);
                if (inout && overlap == Overlap.COVERED) {
                    removals.add(entry);
                }
            }
        }
    }
    private final int scopeTasksCapacity;
    private long completed;
    /** Work counters of committed and attempted submits, for a timing model's costs. */
    private long lookups;
    private long inserts;
    private SubmitOutcome.Fatal fatal;
    /** The ring the latched error concerns, or -1. */
    private int fatalRing = -1;
    private final PeakUse peaks = new PeakUse();

    /** A runtime with the given ring and pool sizes, inside the executor's implicit root AUTO scope. */
    public L2Runtime(RuntimeConfig config) {
        this.config = config;
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
        ready = new ReadyQueue(config.readyQueueCapacity());
        scopeTasksCapacity = config.scopeTasksCapacity();
        scopeTasks = new long[scopeTasksCapacity];
        tensorMap = new TensorMap(config.tensorMapBuckets(), config.tensorMapPool(), windows);
        scopes.add(new Frame(ScopeMode.AUTO, 0));
    }

    // ---------------------------------------------------------------- scopes

    /** The current scope depth (0 = the implicit root scope). */
    public int depth() {
        return scopes.size() - 1;
    }

    /** Opens a scope; returns the fatal error if one is (or becomes) latched. */
    public Optional<SubmitOutcome.Fatal> beginScope(ScopeMode mode) {
        if (fatal != null) {
            return Optional.of(fatal);
        }
        if (inHybrid()) {
            return Optional.of(latch(ErrorCode.INVALID_ARGS, NESTED_IN_HYBRID));
        }
        if (mode == ScopeMode.MANUAL_HYBRID && manualDepth >= 0) {
            return Optional.of(latch(ErrorCode.INVALID_ARGS, NESTED_IN_HYBRID));
        }
        if (mode == ScopeMode.AUTO && manualDepth >= 0) {
            return Optional.of(latch(ErrorCode.INVALID_ARGS, "auto scope nested inside manual scope is not supported"));
        }
        scopes.add(new Frame(mode, scopeTaskCount));
        if (mode == ScopeMode.MANUAL && manualDepth < 0) {
            manualDepth = depth();
        }
        return Optional.empty();
    }

    /**
     * Closes the innermost scope: releases the scope reference of each of its tasks, in submit order.
     *
     * @throws IllegalStateException if only the root scope is open
     */
    public Optional<SubmitOutcome.Fatal> endScope() {
        if (fatal != null) {
            return Optional.of(fatal);
        }
        if (scopes.size() == 1) {
            throw new IllegalStateException("endScope() without an open scope");
        }
        Frame frame = scopes.remove(scopes.size() - 1);
        linkedPairs = 0;
        if (depth() + 1 == manualDepth) {
            manualDepth = -1;
        }
        long[] tasks = Arrays.copyOfRange(scopeTasks, frame.start(), scopeTaskCount);
        scopeTaskCount = frame.start();
        if (frame.mode() == ScopeMode.MANUAL_HYBRID) {
            Optional<SubmitOutcome.Fatal> f = publishHybrid(tasks);
            if (f.isPresent()) {
                // the scope end failed: the scope stays open, holding its tasks (what a failure report shows)
                scopes.add(frame);
                scopeTaskCount = frame.start() + tasks.length;
                return f;
            }
        }
        for (long task : tasks) {
            if (table.holds(task)) {
                int r = TaskId.ring(task);
                table.fanoutRefcount[r][table.slot(task)] += TaskTable.SCOPE_BIT;
                consumeCheck(task);
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- submit

    /** {@code submit_task}: see the class comment for the outcomes. */
    public SubmitOutcome submit(SubmitRequest req) {
        if (fatal != null) {
            return fatal;
        }
        if (req.blockNum() < 1) {
            throw new IllegalArgumentException("block_num " + req.blockNum() + " < 1 (an assertion in the runtime)");
        }
        List<SubmitRequest.Arg> args = req.args();
        int tensors = args.size();
        long outputBytes = 0;
        for (int i = 0; i < tensors; i++) {
            if (args.get(i) instanceof SubmitRequest.OutputArg o) {
                outputBytes += o.layout().bufferSize();
            }
        }
        if (tensors > SubmitRecord.MAX_TENSOR_ARGS) {
            return latch(ErrorCode.INVALID_ARGS, "Too many tensor args (max " + SubmitRecord.MAX_TENSOR_ARGS + ")");
        }
        int[] kernels = req.kernelIdArray();
        if (req.requireSyncStart() && req.blockNum() > 1) {
            TaskShape shape = TaskShape.of(kernels);
            int limit = shape == TaskShape.AIV ? 2 * config.clusters() : config.clusters();
            if (req.blockNum() > limit) {
                return latch(ErrorCode.REQUIRE_SYNC_START_INVALID, ErrorCode.REQUIRE_SYNC_START_INVALID.text(null)
                        + ": block_num " + req.blockNum() + " > " + limit + " for a " + shape + " task");
            }
        }
        int ring = Math.min(depth(), RuntimeConfig.RINGS - 1);
        SubmitOutcome room = checkScopeAndRoom(ring, outputBytes);
        if (room != null) {
            return room;
        }
        long taskId = TaskId.of(ring, rings[ring].next());
        tensorMap.syncValidity(taskId, rings[ring].watermark());
        boolean manual = manualDepth >= 0;
        boolean hybrid = inHybrid();
        Set<Long> members = hybrid ? currentScopeMembers() : Set.of();
        FaninList edges = this.edges;
        edges.clear();
        List<Long> sameScope = hybrid ? new ArrayList<>() : List.of();
        List<SubmitRequest.Dep> deps = req.deps();
        for (int i = 0; i < deps.size(); i++) {
            SubmitRequest.Dep d = deps.get(i);
            if (d.taskId() == TaskId.INVALID) {
                return latch(ErrorCode.INVALID_ARGS, "explicit dependency on the invalid task id");
            }
            if (TaskId.ring(d.taskId()) >= RuntimeConfig.RINGS || TaskId.ring(d.taskId()) < 0) {
                return latch(ErrorCode.INVALID_ARGS, "explicit dependency on task " + TaskId.display(d.taskId())
                        + ": ring " + TaskId.ring(d.taskId()) + " is outside 0.." + (RuntimeConfig.RINGS - 1));
            }
            if (hybrid && members.contains(d.taskId())) {
                if (!sameScope.contains(d.taskId())) {
                    sameScope.add(d.taskId());
                }
            } else if (TaskId.local(d.taskId()) >= rings[TaskId.ring(d.taskId())].watermark()) {
                append(edges, d.taskId(), d.kind() == DepKind.WAIT ? TaskTable.WAIT : TaskTable.WAIT | TaskTable.RETAIN);
            }
        }
        EntryList removals = this.removals;
        removals.clear();
        newReaderEdges = 0;
        int registrations = 0;
        if (!manual) {
            for (int i = 0; i < tensors; i++) {
                if (!(args.get(i) instanceof SubmitRequest.TensorArg t)
                        || hybrid && members.contains(t.view().ownerTaskId())) {
                    continue;
                }
                TensorView v = t.view();
                if (v.ownerTaskId() != TaskId.INVALID) {
                    append(edges, v.ownerTaskId(), (byte) (TaskTable.WAIT | TaskTable.RETAIN));
                }
                if (t.type().looksUp() && !v.manualDep()) {
                    gather.inout = t.type() == TensorArgType.INOUT;
                    tensorMap.lookup(v, gather);
                    lookups++;
                }
                if ((t.type().registers() || t.type().registersReader(config.trackReaders())) && !v.manualDep()) {
                    registrations++;
                }
            }
            if (tensorMap.readers() > 0) {
                gatherReaders(args, tensors, hybrid, members);
            }
        }
        SubmitOutcome pools = checkPools(ring, edges, registrations - removals.size());
        if (pools != null) {
            return pools;
        }
        return commit(req, kernels, ring, outputBytes, edges, removals, manual, hybrid, members, sameScope);
    }

    /**
     * Reader tracking (the what-if): after every lookup of writes, each tracked writing arg (INOUT,
     * OUTPUT_EXISTING) waits for every live tracked reader it overlaps, and removes the reader entries it
     * COVERS (as PR #1810 does: a later writer is ordered after the reader through this one, except an
     * OUTPUT_EXISTING, which looks up no writes).
     */
    private void gatherReaders(List<SubmitRequest.Arg> args, int tensors, boolean hybrid, Set<Long> members) {
        for (int i = 0; i < tensors; i++) {
            if (args.get(i) instanceof SubmitRequest.TensorArg t && t.type().findsReaders() && !t.view().manualDep()
                    && !(hybrid && members.contains(t.view().ownerTaskId()))) {
                tensorMap.lookupReaders(t.view(), readerGather);
                lookups++;
            }
        }
    }

    /** {@code alloc_tensors}: the hidden allocation task, COMPLETED at once. */
    public SubmitOutcome allocTensors(List<OutputSpec> outputs) {
        if (fatal != null) {
            return fatal;
        }
        if (outputs.isEmpty() || outputs.size() > SubmitRecord.MAX_TENSOR_ARGS) {
            return latch(ErrorCode.INVALID_ARGS, "alloc_tensors needs 1 to " + SubmitRecord.MAX_TENSOR_ARGS
                    + " create-infos, got " + outputs.size());
        }
        long bytes = 0;
        for (OutputSpec o : outputs) {
            bytes += o.paddedBytes();
        }
        int ring = Math.min(depth(), RuntimeConfig.RINGS - 1);
        SubmitOutcome room = checkScopeAndRoom(ring, bytes);
        if (room != null) {
            return room;
        }
        long local = rings[ring].allocate();
        long taskId = TaskId.of(ring, local);
        long base = heaps[ring].allocate(bytes, local);
        table.reset(taskId, TaskShape.DUMMY, 0);
        int s = table.slot(taskId);
        table.packedEnd[ring][s] = base + HeapRing.aligned(bytes);
        table.depPoolMark[ring][s] = depPools[ring].top();
        table.state[ring][s] = TaskState.COMPLETED;
        table.released[ring][s] = true;
        completed++;
        scopeTasks[scopeTaskCount++] = taskId;
        notePeaks(ring);
        return new SubmitOutcome.Submitted(taskId, materialize(outputs, base, taskId));
    }

    private SubmitOutcome checkScopeAndRoom(int ring, long outputBytes) {
        Frame top = scopes.get(scopes.size() - 1);
        if (scopeTaskCount - top.start() >= config.window(ring) - 1) {
            return latch(ErrorCode.SCOPE_DEADLOCK, ring, ErrorCode.SCOPE_DEADLOCK.text(ring) + ": the scope already holds "
                    + (config.window(ring) - 1) + " tasks on ring " + ring + "; use a task window >= 2 x the tasks"
                    + " per scope, or inner scopes to move work to deeper rings");
        }
        TaskRing tr = rings[ring];
        if (tr.next() - tr.watermark() + 1 >= tr.window()) {
            return blocked(ErrorCode.FLOW_CONTROL_DEADLOCK, ring, ErrorCode.FLOW_CONTROL_DEADLOCK.text(ring) + ": "
                    + tr.live() + " live tasks fill the window of " + tr.window());
        }
        HeapRing h = heaps[ring];
        long need = outputBytes > 0 ? HeapRing.aligned(outputBytes) : 0;
        if (!h.fits(need)) {
            return blocked(ErrorCode.HEAP_RING_DEADLOCK, ring, ErrorCode.HEAP_RING_DEADLOCK.text(ring) + ": need "
                    + need + " bytes; heap top " + h.top() + ", tail " + h.tail() + ", size " + h.size() + ", used "
                    + h.used() + ", available " + h.available());
        }
        if (scopeTaskCount >= scopeTasksCapacity) {
            return latch(ErrorCode.SCOPE_TASKS_OVERFLOW, ErrorCode.SCOPE_TASKS_OVERFLOW.text(null) + ": "
                    + scopeTasksCapacity + " tasks held by open scopes fill the scope task list; end scopes sooner or"
                    + " raise its capacity (the runtime's is the sum of the task windows)");
        }
        return null;
    }

    private SubmitOutcome checkPools(int ring, FaninList edges, int entriesNeeded) {
        int waiting = 0;
        for (int i = 0; i < edges.size(); i++) {
            if (table.stateOf(edges.id(i)) == TaskState.PENDING) {
                waiting++;
            }
        }
        DepListPool pool = depPools[ring];
        if (pool.capacity() - pool.used() < waiting) {
            reclaimDepPool(ring);
            if (pool.capacity() - pool.used() < waiting) {
                return blocked(ErrorCode.DEP_POOL_OVERFLOW, ring, ErrorCode.DEP_POOL_OVERFLOW.text(ring) + ": need "
                        + waiting + " fanout nodes, " + (pool.capacity() - pool.used()) + " of " + pool.capacity()
                        + " free");
            }
        }
        int spilled = Math.max(0, edges.size() - config.faninInline());
        DepListPool spill = spillPools[ring];
        if (spill.capacity() - spill.used() < spilled) {
            reclaimSpill(ring);
            if (spill.capacity() - spill.used() < spilled) {
                return blocked(ErrorCode.DEP_POOL_OVERFLOW, ring, ErrorCode.DEP_POOL_OVERFLOW.text(ring) + ": need "
                        + spilled + " fanin spill entries, " + (spill.capacity() - spill.used()) + " free");
            }
        }
        if (entriesNeeded > tensorMap.freeEntries()) {
            for (int r = 0; r < RuntimeConfig.RINGS; r++) {
                tensorMap.reclaim(r, rings[r].watermark());
            }
            if (entriesNeeded > tensorMap.freeEntries()) {
                return blocked(ErrorCode.TENSORMAP_OVERFLOW, ring, ErrorCode.TENSORMAP_OVERFLOW.text(null) + " need "
                        + entriesNeeded + " entries, " + tensorMap.freeEntries() + " free");
            }
        }
        return null;
    }

    private SubmitOutcome commit(SubmitRequest req, int[] kernels, int ring, long outputBytes, FaninList edges,
            EntryList removals, boolean manual, boolean hybrid, Set<Long> members, List<Long> sameScope) {
        long local = rings[ring].allocate();
        long taskId = TaskId.of(ring, local);
        long base = heaps[ring].allocate(outputBytes, local);
        TaskShape shape = TaskShape.of(kernels);
        table.reset(taskId, shape, req.blockNum() * Math.max(1, TaskShape.coresOf(kernels)));
        int s = table.slot(taskId);
        table.packedEnd[ring][s] = base + (outputBytes > 0 ? HeapRing.aligned(outputBytes) : 0);
        scopeTasks[scopeTaskCount++] = taskId;
        for (int i = 0; i < removals.size(); i++) {
            tensorMap.remove(removals.get(i));
        }
        List<SubmitRequest.Arg> args = req.args();
        List<TensorView> outputs = materializeOutputs(args, base, taskId);
        if (!manual) {
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i) instanceof SubmitRequest.TensorArg t && t.type().registers() && !t.view().manualDep()
                        && !(hybrid && members.contains(t.view().ownerTaskId()))) {
                    tensorMap.insert(t.view(), taskId);
                    inserts++;
                } else if (args.get(i) instanceof SubmitRequest.TensorArg t
                        && t.type().registersReader(config.trackReaders()) && !t.view().manualDep()
                        && !(hybrid && members.contains(t.view().ownerTaskId()))) {
                    tensorMap.insertReader(t.view(), taskId);
                    inserts++;
                    readerInserts++;
                }
            }
        }
        readerEdges += newReaderEdges;
        int spilled = Math.max(0, edges.size() - config.faninInline());
        for (int i = 0; i < spilled; i++) {
            spillPools[ring].allocate();
        }
        table.spillEnd[ring][s] = spilled > 0 ? spillPools[ring].top() : 0;
        if (hybrid) {
            sameScope.removeIf(edges::contains);
            deferred.put(taskId, new ArrayList<>(sameScope));
        }
        wire(taskId, edges, hybrid ? sameScope.size() : 0, !hybrid);
        notePeaks(ring);
        return new SubmitOutcome.Submitted(taskId, outputs);
    }

    /** The OUTPUT args' views, packed from {@code base} in arg order (one or none in most submits). */
    private static List<TensorView> materializeOutputs(List<SubmitRequest.Arg> args, long base, long owner) {
        TensorView first = null;
        List<TensorView> views = null;
        long at = base;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i) instanceof SubmitRequest.OutputArg o) {
                long bytes = o.layout().bufferSize();
                TensorView v = o.layout().inBuffer(at, bytes, owner);
                at += bytes;
                if (first == null) {
                    first = v;
                } else {
                    if (views == null) {
                        views = new ArrayList<>();
                        views.add(first);
                    }
                    views.add(v);
                }
            }
        }
        return views != null ? List.copyOf(views) : first != null ? List.of(first) : List.of();
    }

    private List<TensorView> materialize(List<OutputSpec> specs, long base, long owner) {
        List<TensorView> views = new ArrayList<>();
        long at = base;
        for (OutputSpec o : specs) {
            long bytes = o.paddedBytes();
            views.add(TensorView.materialized(at, bytes, o, owner));
            at += bytes;
        }
        return views;
    }

    /** {@code append(producer, kind)}: no edge to a reused or CONSUMED slot; OR flags into a repeat. */
    private void append(FaninList edges, long producer, int flags) {
        if (!table.holds(producer) || table.stateOf(producer) == TaskState.CONSUMED) {
            return;
        }
        edges.add(producer, flags);
    }

    /**
     * The wiring unit on its own (spec §11 scenarios 32-34, as {@code test_wiring.cpp} sets them up): a
     * dummy AIC-less task in the current scope whose fanin edges are exactly {@code producers}
     * ({@code WAIT|RETAIN}), in whatever state they are, without the lookup-time filter of {@code append}.
     * Tests use it to reach wiring states a submit never produces (a CONSUMED producer still in its slot).
     */
    SubmitOutcome submitWiredTo(long... producers) {
        int ring = Math.min(depth(), RuntimeConfig.RINGS - 1);
        SubmitOutcome room = checkScopeAndRoom(ring, 0);
        if (room != null) {
            return room;
        }
        long local = rings[ring].allocate();
        long taskId = TaskId.of(ring, local);
        heaps[ring].allocate(0, local);
        table.reset(taskId, TaskShape.DUMMY, 1);
        scopeTasks[scopeTaskCount++] = taskId;
        FaninList raw = new FaninList();
        for (long p : producers) {
            raw.add(p, TaskTable.WAIT | TaskTable.RETAIN);
        }
        wire(taskId, raw, 0, true);
        return new SubmitOutcome.Submitted(taskId, List.of());
    }

    /** Wiring and publish (spec §5.2). */
    private void wire(long taskId, FaninList edges, int deferredEdges, boolean publish) {
        int r = TaskId.ring(taskId);
        int s = table.slot(taskId);
        int n = edges.size();
        table.reserveFanins(r, s, n);
        long[] ids = table.fanins[r][s];
        byte[] flags = table.faninFlags[r][s];
        edges.copyTo(ids, flags);
        table.faninSize[r][s] = n;
        int done = 0;
        for (int k = 0; k < n; k++) {
            long producer = ids[k];
            int pr = TaskId.ring(producer);
            int ps = table.slot(producer);
            table.fanoutCount[pr][ps] += 1;
            if (table.state[pr][ps] != TaskState.PENDING) {
                done++;
            } else {
                int node = depPools[r].prepend(table.fanoutHead[pr][ps], taskId);
                table.fanoutHead[pr][ps] = ((long) r << 32) | node;
            }
        }
        table.faninCount[r][s] = n + deferredEdges + 1;
        table.faninRefcount[r][s] = done + (publish ? 1 : 0);
        table.depPoolMark[r][s] = depPools[r].top();
        for (int k = 0; k < n; k++) {
            if ((flags[k] & TaskTable.RETAIN) == 0) {
                releasePin(ids[k]);
            }
        }
        if (publish && table.faninRefcount[r][s] == table.faninCount[r][s]) {
            route(taskId, table.shape[r][s]);
        }
    }

    /** Queues a ready task; a full queue loses it, as the runtime ignores the failed push. */
    private void route(long taskId, TaskShape shape) {
        if (!ready.push(taskId, shape)) {
            lostReady++;
        }
    }

    private boolean inHybrid() {
        return scopes.get(scopes.size() - 1).mode() == ScopeMode.MANUAL_HYBRID;
    }

    private Set<Long> currentScopeMembers() {
        Set<Long> members = new HashSet<>();
        for (int i = scopes.get(scopes.size() - 1).start(); i < scopeTaskCount; i++) {
            members.add(scopeTasks[i]);
        }
        return members;
    }

    /**
     * MANUAL_HYBRID {@code add_dependency(producer, consumer)}: both tasks of the current manual scope;
     * the edge is recorded on the consumer and linked at scope end.
     */
    public Optional<SubmitOutcome.Fatal> addDependency(long producer, long consumer) {
        if (fatal != null) {
            return Optional.of(fatal);
        }
        if (producer == consumer) {
            return Optional.of(latch(ErrorCode.INVALID_ARGS, "add_dependency does not allow self-dependency"));
        }
        if (!inHybrid()) {
            return Optional.of(latch(ErrorCode.INVALID_ARGS, "add_dependency requires PTO2_SCOPE(PTO2ScopeMode::MANUAL)"));
        }
        Set<Long> members = currentScopeMembers();
        if (!members.contains(producer) || !members.contains(consumer)) {
            return Optional.of(latch(ErrorCode.INVALID_ARGS, "add_dependency: " + TaskId.display(producer) + " and "
                    + TaskId.display(consumer) + " must both belong to the current manual scope"));
        }
        List<Long> pending = deferred.computeIfAbsent(consumer, c -> new ArrayList<>());
        long[] wired = table.fanins[TaskId.ring(consumer)][table.slot(consumer)];
        int wiredCount = table.faninSize[TaskId.ring(consumer)][table.slot(consumer)];
        for (int k = 0; k < wiredCount; k++) {
            if (wired[k] == producer) {
                return Optional.empty();
            }
        }
        if (pending.contains(producer)) {
            return Optional.empty();
        }
        if (wiredCount + pending.size() + 1 > HYBRID_MAX_INPUTS) {
            return Optional.of(latch(ErrorCode.DEPENDENCY_OVERFLOW, ErrorCode.DEPENDENCY_OVERFLOW.text(null) + ": "
                    + TaskId.display(consumer) + " would have more than " + HYBRID_MAX_INPUTS + " fanins"));
        }
        pending.add(producer);
        table.faninCount[TaskId.ring(consumer)][table.slot(consumer)] += 1;
        return Optional.empty();
    }

    /** MANUAL_HYBRID scope end: link the deferred edges, then publish each task, in submit order. */
    private Optional<SubmitOutcome.Fatal> publishHybrid(long[] tasks) {
        for (long t : tasks) {
            int r = TaskId.ring(t);
            int s = table.slot(t);
            List<Long> producers = deferred.getOrDefault(t, List.of());
            int waiting = 0;
            for (long p : producers) {
                waiting += table.stateOf(p) == TaskState.PENDING ? 1 : 0;
            }
            DepListPool pool = depPools[r];
            if (pool.capacity() - pool.used() < waiting) {
                reclaimDepPool(r);
                if (pool.capacity() - pool.used() < waiting) {
                    return Optional.of(latch(ErrorCode.DEP_POOL_OVERFLOW, r, ErrorCode.DEP_POOL_OVERFLOW.text(r)
                            + ": manual scope end needs " + waiting + " fanout nodes"));
                }
            }
            int k = table.faninSize[r][s];
            table.reserveFanins(r, s, k + producers.size());
            long[] allIds = table.fanins[r][s];
            byte[] allFlags = table.faninFlags[r][s];
            for (long p : producers) {
                int pr = TaskId.ring(p);
                int ps = table.slot(p);
                table.fanoutCount[pr][ps] += 1;
                if (table.state[pr][ps] != TaskState.PENDING) {
                    table.faninRefcount[r][s] += 1;
                } else {
                    int node = pool.prepend(table.fanoutHead[pr][ps], t);
                    table.fanoutHead[pr][ps] = ((long) r << 32) | node;
                }
                allIds[k] = p;
                allFlags[k] = TaskTable.WAIT | TaskTable.RETAIN;
                k++;
                if (2 * linkedPairs + 2 > linked.length) {
                    linked = Arrays.copyOf(linked, 2 * linked.length);
                }
                linked[2 * linkedPairs] = p;
                linked[2 * linkedPairs + 1] = t;
                linkedPairs++;
            }
            table.faninSize[r][s] = k;
            table.depPoolMark[r][s] = Math.max(table.depPoolMark[r][s], pool.top());
            notePeaks(r);
        }
        for (long t : tasks) {
            deferred.remove(t);
            int r = TaskId.ring(t);
            int s = table.slot(t);
            if (table.state[r][s] == TaskState.PENDING) {
                if (++table.faninRefcount[r][s] == table.faninCount[r][s]) {
                    route(t, table.shape[r][s]);
                }
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- scheduler

    /** The ready queues. */
    public ReadyQueue ready() {
        return ready;
    }

    /** One subtask of {@code taskId} finished; the last one completes the task. */
    public void completeSubtask(long taskId) {
        int r = TaskId.ring(taskId);
        int s = table.slot(taskId);
        requireState(taskId, TaskState.PENDING);
        if (++table.subtasksDone[r][s] >= table.subtasksTotal[r][s]) {
            onTaskComplete(taskId);
        }
    }

    /** Every subtask of {@code taskId} finished (or a dummy task was popped): {@code on_task_complete}. */
    public void complete(long taskId) {
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
    public void release(long taskId) {
        requireState(taskId, TaskState.COMPLETED);
        int r = TaskId.ring(taskId);
        int s = table.slot(taskId);
        long[] ids = table.fanins[r][s];
        byte[] flags = table.faninFlags[r][s];
        int n = table.faninSize[r][s];
        table.released[r][s] = true;
        for (int k = 0; k < n; k++) {
            if ((flags[k] & TaskTable.RETAIN) != 0) {
                releasePin(ids[k]);
            }
        }
        consumeCheck(taskId);
    }

    private void releasePin(long producer) {
        if (!table.holds(producer)) {
            return;
        }
        table.fanoutRefcount[TaskId.ring(producer)][table.slot(producer)] += 1;
        consumeCheck(producer);
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
     * Moves ring {@code r}'s watermark over consecutive CONSUMED slots and reclaims behind it, unless
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
            heaps[r].retire(lta, table.packedEnd[r][(int) ((lta - 1) & table.mask[r])]);
        }
    }

    /**
     * The orchestrator's request for exact publication (a5, after 10 ms of a blocked reclaim path
     * without progress): every ring's watermark catches up with its consumed frontier. Returns whether
     * any moved.
     */
    public boolean publishWatermarks() {
        boolean moved = false;
        for (int r = 0; r < RuntimeConfig.RINGS; r++) {
            long before = rings[r].watermark();
            publish(r);
            moved |= rings[r].watermark() > before;
        }
        return moved;
    }

    /** Ring {@code r}'s consumed frontier: ids below it are CONSUMED (the watermark trails it on a5). */
    public long consumedFrontier(int r) {
        return frontier[r];
    }

    /**
     * Another scheduler thread takes ring {@code r}'s advance lock (spec §5.4): until
     * {@link #releaseAdvanceLock}, a CONSUMED head only sets the ring's pending bit.
     *
     * @throws IllegalStateException if the lock is already held
     */
    public void holdAdvanceLock(int r) {
        if (advanceLocked[r]) {
            throw new IllegalStateException("ring " + r + "'s advance lock is already held");
        }
        advanceLocked[r] = true;
    }

    /** The holder of ring {@code r}'s advance lock lets go; a pending advance waits for {@link #retryAdvance}. */
    public void releaseAdvanceLock(int r) {
        if (!advanceLocked[r]) {
            throw new IllegalStateException("ring " + r + "'s advance lock is not held");
        }
        advanceLocked[r] = false;
    }

    /** Whether an advance of ring {@code r} lost the lock and awaits a retry. */
    public boolean advancePending(int r) {
        return advancePending[r];
    }

    /**
     * An idle scheduler iteration retries ring {@code r}'s pending advance: does nothing while the lock is
     * held or nothing is pending; returns whether the watermark moved.
     */
    public boolean retryAdvance(int r) {
        if (!advancePending[r] || advanceLocked[r]) {
            return false;
        }
        long before = rings[r].watermark();
        advance(r);
        return rings[r].watermark() > before;
    }

    private void reclaimDepPool(int r) {
        long lta = rings[r].watermark();
        if (lta > 0 && lta >= depReclaimedAt[r] + DEP_RECLAIM_INTERVAL) {
            depPools[r].advanceTail(table.depPoolMark[r][(int) ((lta - 1) & table.mask[r])]);
            depReclaimedAt[r] = lta;
        }
    }

    private void reclaimSpill(int r) {
        long lta = rings[r].watermark();
        for (long id = spillCursor[r]; id < lta; id++) {
            long end = table.spillEnd[r][(int) (id & table.mask[r])];
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
        if (fatal != null) {
            return new TensorAccess.Failed(fatal);
        }
        String api = write ? "set_tensor_data" : "get_tensor_data";
        if (inHybrid()) {
            return new TensorAccess.Failed(latch(ErrorCode.INVALID_ARGS, "blocking tensor data access is not"
                    + " supported inside PTO2_SCOPE(PTO2ScopeMode::MANUAL); exit the manual scope first"));
        }
        if (view.bufferAddr() == 0) {
            return new TensorAccess.Unallocated(api + ": buffer not allocated (addr=0). Use the Tensor returned by"
                    + " add_output(TensorCreateInfo) after submit returns.");
        }
        List<Long> producers = new ArrayList<>();
        if (view.ownerTaskId() != TaskId.INVALID) {
            producers.add(view.ownerTaskId());
        }
        tensorMap.lookup(view, (entry, producer, producerView, overlap) -> {
            if (!producers.contains(producer)) {
                producers.add(producer);
            }
        });
        for (long p : producers) {
            if (!table.holds(p)) {
                continue;
            }
            int r = TaskId.ring(p);
            int s = table.slot(p);
            if (table.state[r][s] == TaskState.PENDING) {
                return new TensorAccess.Waiting(p, false);
            }
            if (write && (table.fanoutRefcount[r][s] & ~TaskTable.SCOPE_BIT) < (table.fanoutCount[r][s] & ~TaskTable.SCOPE_BIT)) {
                return new TensorAccess.Waiting(p, true);
            }
        }
        if (write && tensorMap.readers() > 0) {
            long[] reading = {TaskId.INVALID};
            tensorMap.lookupReaders(view, (entry, reader, readerView, overlap) -> {
                if (reading[0] == TaskId.INVALID && table.holds(reader) && table.stateOf(reader) == TaskState.PENDING) {
                    reading[0] = reader;
                }
            });
            if (reading[0] != TaskId.INVALID) {
                return new TensorAccess.Waiting(reading[0], false);
            }
        }
        return new TensorAccess.Ready();
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

    /** {@code fanin_count} and {@code fanin_refcount} of a task. */
    public int[] fanin(long taskId) {
        int r = TaskId.ring(taskId);
        int s = table.slot(taskId);
        return new int[] {table.faninCount[r][s], table.faninRefcount[r][s]};
    }

    /** {@code fanout_count} and {@code fanout_refcount} of a task (with the scope bit). */
    public long[] fanout(long taskId) {
        int r = TaskId.ring(taskId);
        int s = table.slot(taskId);
        return new long[] {table.fanoutCount[r][s], table.fanoutRefcount[r][s]};
    }

    /**
     * The fanin edges the last {@link #endScope} linked (a MANUAL_HYBRID scope's same-scope edges and
     * {@code add_dependency} edges), as {@code [producer, consumer, producer, consumer, ...]}.
     */
    public long[] edgesLinkedAtScopeEnd() {
        return Arrays.copyOf(linked, 2 * linkedPairs);
    }

    /** How many fanin edges the last {@link #endScope} linked. */
    public int edgesLinkedAtScopeEndCount() {
        return linkedPairs;
    }

    /** Fanin edges of a task (what its release walks). */
    public int faninEdges(long taskId) {
        return table.faninSize[TaskId.ring(taskId)][table.slot(taskId)];
    }

    /** Pins claimed on a task by its consumers ({@code fanout_count} without the scope bit). */
    public long fanoutPins(long taskId) {
        return table.fanoutCount[TaskId.ring(taskId)][table.slot(taskId)] & ~TaskTable.SCOPE_BIT;
    }

    /** Producers of a task's fanin edges, in edge order. */
    public long[] faninProducers(long taskId) {
        int r = TaskId.ring(taskId);
        int s = table.slot(taskId);
        return Arrays.copyOf(table.fanins[r][s], table.faninSize[r][s]);
    }

    /** For each fanin edge of a task (in {@link #faninProducers} order), whether it retains the producer. */
    public boolean[] faninRetains(long taskId) {
        int r = TaskId.ring(taskId);
        int s = table.slot(taskId);
        byte[] flags = table.faninFlags[r][s];
        boolean[] retains = new boolean[table.faninSize[r][s]];
        for (int i = 0; i < retains.length; i++) {
            retains[i] = (flags[i] & TaskTable.RETAIN) != 0;
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
        return completed;
    }

    /**
     * TensorMap lookups made so far (every attempt, as the runtime repeats its lookups when it retries a
     * blocked submit).
     */
    public long lookups() {
        return lookups;
    }

    /** TensorMap entries inserted so far. */
    public long inserts() {
        return inserts;
    }

    /** Tracked-reader entries inserted so far (reader tracking; included in {@link #inserts}). */
    public long readerInserts() {
        return readerInserts;
    }

    /**
     * Fanin edges of committed submits that only a tracked reader's entry gave (write-after-read; a reader
     * that was a predecessor already adds none).
     */
    public long readerEdges() {
        return readerEdges;
    }

    /** TensorMap chain entries visited by lookups so far. */
    public long chainEntriesVisited() {
        return tensorMap.entriesVisited();
    }

    /** Tasks that became ready while their ready queue was full, and so were lost (spec §8.2). */
    public long lostReadyTasks() {
        return lostReady;
    }

    /** Capacity of the open scopes' task list (the runtime's: the sum of the rings' task windows). */
    public int scopeTasksCapacity() {
        return scopeTasksCapacity;
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
        return Optional.ofNullable(fatal);
    }

    private SubmitOutcome.Fatal latch(ErrorCode code, String message) {
        return latch(code, -1, message);
    }

    private SubmitOutcome.Fatal latch(ErrorCode code, int ring, String message) {
        if (fatal == null) {
            fatal = new SubmitOutcome.Fatal(code, message);
            fatalRing = ring;
        }
        return fatal;
    }

    /** The ring whose resource the latched error concerns, or -1 (no error, or not a ring's). */
    public int fatalRing() {
        return fatalRing;
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
        for (int d = scopes.size() - 1; d >= 0; d--) {
            int end = d == scopes.size() - 1 ? scopeTaskCount : scopes.get(d + 1).start();
            for (int i = scopes.get(d).start(); i < end; i++) {
                if (scopeTasks[i] == taskId) {
                    return d;
                }
            }
        }
        return -1;
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
        long floor = lta > 0 ? table.depPoolMark[r][(int) ((lta - 1) & table.mask[r])] : 1;
        peaks.note(r, rings[r].live(), heaps[r].used(), pool.top() - Math.max(pool.tail(), floor), tensorMap.used());
    }

    /** A block, or the fatal error when it is structural: the ring's oldest task belongs to an open scope. */
    private SubmitOutcome blocked(ErrorCode code, int ring, String diagnosis) {
        if (ring < scopes.size()) {
            Frame frame = scopes.get(ring);
            long head = TaskId.of(ring, rings[ring].watermark());
            for (int i = frame.start(); i < scopeTaskCount; i++) {
                long t = scopeTasks[i];
                if (TaskId.ring(t) == ring) {
                    if (t == head) {
                        return latch(code, ring, diagnosis + "; oldest task owned by an open scope on this ring");
                    }
                    break;
                }
            }
        }
        return new SubmitOutcome.Blocked(code, ring, diagnosis);
    }
}
