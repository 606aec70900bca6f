package io.ptosim.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The orchestrator's allocating calls (spec §4-§5.2): {@code submit_task}, {@code alloc_tensors} and
 * the wiring unit. A submit works out its edges without side effects (creator edges, explicit deps,
 * TensorMap lookups, tracked readers), checks the scope, window, heap, dep pool, spill pool and
 * TensorMap for room, and only then commits: allocation, TensorMap removals and inserts, wiring and
 * publish. In a MANUAL_HYBRID scope, same-scope deps and args skip tracking and are left to
 * {@link HybridScope}.
 */
final class Submission {
    private final RuntimeConfig config;
    private final TaskRing[] rings;
    private final HeapRing[] heaps;
    private final DepListPool[] depPools;
    private final DepListPool[] spillPools;
    private final TaskTable table;
    private final TensorMap tensorMap;
    private final FatalLatch fatal;
    private final ScopeStack scopes;
    private final Retirement retirement;
    private final HybridScope hybridScope;
    /** Notes a ring's high-water marks after an allocation. */
    private final IntConsumer notePeaks;
    /** Scratch of the submit in progress: its fanin edges and the TensorMap entries it removes. */
    private final FaninList edges = new FaninList();
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
    /** Work counters of committed and attempted submits, for a timing model's costs. */
    private long lookups;
    private long inserts;

    Submission(RuntimeConfig config, TaskRing[] rings, HeapRing[] heaps, DepListPool[] depPools,
            DepListPool[] spillPools, TaskTable table, TensorMap tensorMap, FatalLatch fatal, ScopeStack scopes,
            Retirement retirement, HybridScope hybridScope, IntConsumer notePeaks) {
        this.config = config;
        this.rings = rings;
        this.heaps = heaps;
        this.depPools = depPools;
        this.spillPools = spillPools;
        this.table = table;
        this.tensorMap = tensorMap;
        this.fatal = fatal;
        this.scopes = scopes;
        this.retirement = retirement;
        this.hybridScope = hybridScope;
        this.notePeaks = notePeaks;
    }

    long lookups() {
        return lookups;
    }

    long inserts() {
        return inserts;
    }

    long readerInserts() {
        return readerInserts;
    }

    long readerEdges() {
        return readerEdges;
    }

    /** {@code submit_task}, with the outcomes {@link L2Runtime} describes. */
    SubmitOutcome submit(SubmitRequest req) {
        if (fatal.get() != null) {
            return fatal.get();
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
        int ring = scopes.ring();
        SubmitOutcome room = checkScopeAndRoom(ring, outputBytes);
        if (room != null) {
            return room;
        }
        long taskId = TaskId.of(ring, rings[ring].next());
        tensorMap.syncValidity(taskId, rings[ring].watermark());
        boolean manual = scopes.inManual();
        boolean hybrid = scopes.inHybrid();
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
            if (hybrid && scopes.inCurrentHybrid(d.taskId())) {
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
                        || hybrid && scopes.inCurrentHybrid(t.view().ownerTaskId())) {
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
                gatherReaders(args, tensors, hybrid);
            }
        }
        SubmitOutcome pools = checkPools(ring, edges, registrations - removals.size());
        if (pools != null) {
            return pools;
        }
        return commit(req, kernels, ring, outputBytes, edges, removals, manual, hybrid, sameScope);
    }

    /**
     * Reader tracking (the what-if): after every lookup of writes, each tracked writing arg (INOUT,
     * OUTPUT_EXISTING) waits for every live tracked reader it overlaps, and removes the reader entries it
     * COVERS (as PR #1810 does: a later writer is ordered after the reader through this one, except an
     * OUTPUT_EXISTING, which looks up no writes).
     */
    private void gatherReaders(List<SubmitRequest.Arg> args, int tensors, boolean hybrid) {
        for (int i = 0; i < tensors; i++) {
            if (args.get(i) instanceof SubmitRequest.TensorArg t && t.type().findsReaders() && !t.view().manualDep()
                    && !(hybrid && scopes.inCurrentHybrid(t.view().ownerTaskId()))) {
                tensorMap.lookupReaders(t.view(), readerGather);
                lookups++;
            }
        }
    }

    /** {@code alloc_tensors}: the hidden allocation task, COMPLETED at once. */
    SubmitOutcome allocTensors(List<OutputSpec> outputs) {
        if (fatal.get() != null) {
            return fatal.get();
        }
        if (outputs.isEmpty() || outputs.size() > SubmitRecord.MAX_TENSOR_ARGS) {
            return latch(ErrorCode.INVALID_ARGS, "alloc_tensors needs 1 to " + SubmitRecord.MAX_TENSOR_ARGS
                    + " create-infos, got " + outputs.size());
        }
        long bytes = 0;
        for (OutputSpec o : outputs) {
            bytes += o.paddedBytes();
        }
        int ring = scopes.ring();
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
        retirement.completedAtSubmit();
        scopes.record(taskId);
        notePeaks.accept(ring);
        return new SubmitOutcome.Submitted(taskId, materialize(outputs, base, taskId));
    }

    private SubmitOutcome checkScopeAndRoom(int ring, long outputBytes) {
        if (scopes.heldByCurrent() >= config.window(ring) - 1) {
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
        if (scopes.full()) {
            return latch(ErrorCode.SCOPE_TASKS_OVERFLOW, ErrorCode.SCOPE_TASKS_OVERFLOW.text(null) + ": "
                    + scopes.capacity() + " tasks held by open scopes fill the scope task list; end scopes sooner or"
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
            retirement.reclaimDepPool(ring);
            if (pool.capacity() - pool.used() < waiting) {
                return blocked(ErrorCode.DEP_POOL_OVERFLOW, ring, ErrorCode.DEP_POOL_OVERFLOW.text(ring) + ": need "
                        + waiting + " fanout nodes, " + (pool.capacity() - pool.used()) + " of " + pool.capacity()
                        + " free");
            }
        }
        int spilled = Math.max(0, edges.size() - config.faninInline());
        DepListPool spill = spillPools[ring];
        if (spill.capacity() - spill.used() < spilled) {
            retirement.reclaimSpill(ring);
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
            EntryList removals, boolean manual, boolean hybrid, List<Long> sameScope) {
        long local = rings[ring].allocate();
        long taskId = TaskId.of(ring, local);
        long base = heaps[ring].allocate(outputBytes, local);
        TaskShape shape = TaskShape.of(kernels);
        table.reset(taskId, shape, req.blockNum() * Math.max(1, TaskShape.coresOf(kernels)));
        int s = table.slot(taskId);
        table.packedEnd[ring][s] = base + (outputBytes > 0 ? HeapRing.aligned(outputBytes) : 0);
        for (int i = 0; i < removals.size(); i++) {
            tensorMap.remove(removals.get(i));
        }
        List<SubmitRequest.Arg> args = req.args();
        List<TensorView> outputs = materializeOutputs(args, base, taskId);
        if (!manual) {
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i) instanceof SubmitRequest.TensorArg t && t.type().registers() && !t.view().manualDep()
                        && !(hybrid && scopes.inCurrentHybrid(t.view().ownerTaskId()))) {
                    tensorMap.insert(t.view(), taskId);
                    inserts++;
                } else if (args.get(i) instanceof SubmitRequest.TensorArg t
                        && t.type().registersReader(config.trackReaders()) && !t.view().manualDep()
                        && !(hybrid && scopes.inCurrentHybrid(t.view().ownerTaskId()))) {
                    tensorMap.insertReader(t.view(), taskId);
                    inserts++;
                    readerInserts++;
                }
            }
        }
        // recorded after the inserts, whose same-scope test must not see the task itself
        scopes.record(taskId);
        readerEdges += newReaderEdges;
        int spilled = Math.max(0, edges.size() - config.faninInline());
        for (int i = 0; i < spilled; i++) {
            spillPools[ring].allocate();
        }
        table.spillEnd[ring][s] = spilled > 0 ? spillPools[ring].top() : 0;
        if (hybrid) {
            sameScope.removeIf(edges::contains);
            hybridScope.defer(taskId, sameScope);
        }
        wire(taskId, edges, hybrid ? sameScope.size() : 0, !hybrid);
        notePeaks.accept(ring);
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
        int ring = scopes.ring();
        SubmitOutcome room = checkScopeAndRoom(ring, 0);
        if (room != null) {
            return room;
        }
        long local = rings[ring].allocate();
        long taskId = TaskId.of(ring, local);
        heaps[ring].allocate(0, local);
        table.reset(taskId, TaskShape.DUMMY, 1);
        scopes.record(taskId);
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
                retirement.releasePin(ids[k]);
            }
        }
        if (publish && table.faninRefcount[r][s] == table.faninCount[r][s]) {
            retirement.route(taskId, table.shape[r][s]);
        }
    }

    private SubmitOutcome.Fatal latch(ErrorCode code, String message) {
        return fatal.latch(code, message);
    }

    private SubmitOutcome.Fatal latch(ErrorCode code, int ring, String message) {
        return fatal.latch(code, ring, message);
    }

    /** A block, or the fatal error when it is structural: the ring's oldest task belongs to an open scope. */
    private SubmitOutcome blocked(ErrorCode code, int ring, String diagnosis) {
        if (scopes.holdsHead(ring, TaskId.of(ring, rings[ring].watermark()))) {
            return latch(code, ring, diagnosis + "; oldest task owned by an open scope on this ring");
        }
        return new SubmitOutcome.Blocked(code, ring, diagnosis);
    }
}
