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
    /** The buffer a {@link SubmitRequest} is read into. */
    private final SubmitArgs requestArgs = new SubmitArgs();
    private static final TensorArgType[] TYPES = TensorArgType.values();
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
        SubmitArgs a = requestArgs.load(req);
        if (!submit(a)) {
            return a.refusal;
        }
        return new SubmitOutcome.Submitted(a.taskId, a.outputList());
    }

    /**
     * {@code submit_task} from a filled buffer: true when the task was submitted (its id and outputs are
     * in {@code a}), false when it was not ({@link SubmitArgs#refusal()} says why).
     */
    boolean submit(SubmitArgs a) {
        SubmitOutcome fatalNow = fatal.get();
        if (fatalNow != null) {
            return refuse(a, fatalNow);
        }
        if (a.blockNum < 1) {
            throw new IllegalArgumentException("block_num " + a.blockNum + " < 1 (an assertion in the runtime)");
        }
        int tensors = a.count;
        byte[] kind = a.kind;
        TensorView[] view = a.view;
        long outputBytes = 0;
        for (int i = 0; i < tensors; i++) {
            if (kind[i] == SubmitArgs.OUTPUT) {
                outputBytes += view[i].bufferSize();
            }
        }
        if (tensors > SubmitRecord.MAX_TENSOR_ARGS) {
            return refuse(a, latch(ErrorCode.INVALID_ARGS, "Too many tensor args (max " + SubmitRecord.MAX_TENSOR_ARGS + ")"));
        }
        int[] kernels = a.kernelIds;
        if (a.requireSyncStart && a.blockNum > 1) {
            TaskShape shape = TaskShape.of(kernels);
            int limit = shape == TaskShape.AIV ? 2 * config.clusters() : config.clusters();
            if (a.blockNum > limit) {
                return refuse(a, latch(ErrorCode.REQUIRE_SYNC_START_INVALID,
                        ErrorCode.REQUIRE_SYNC_START_INVALID.text(null) + ": block_num " + a.blockNum + " > " + limit
                                + " for a " + shape + " task"));
            }
        }
        int ring = scopes.ring();
        SubmitOutcome room = checkScopeAndRoom(ring, outputBytes);
        if (room != null) {
            return refuse(a, room);
        }
        long taskId = TaskId.of(ring, rings[ring].next());
        tensorMap.syncValidity(taskId, rings[ring].watermark());
        boolean manual = scopes.inManual();
        boolean hybrid = scopes.inHybrid();
        FaninList edges = this.edges;
        edges.clear();
        List<Long> sameScope = hybrid ? new ArrayList<>() : List.of();
        for (int i = 0; i < a.depCount; i++) {
            long dep = a.depTask[i];
            if (dep == TaskId.INVALID) {
                return refuse(a, latch(ErrorCode.INVALID_ARGS, "explicit dependency on the invalid task id"));
            }
            if (TaskId.ring(dep) >= RuntimeConfig.RINGS || TaskId.ring(dep) < 0) {
                return refuse(a, latch(ErrorCode.INVALID_ARGS, "explicit dependency on task " + TaskId.display(dep)
                        + ": ring " + TaskId.ring(dep) + " is outside 0.." + (RuntimeConfig.RINGS - 1)));
            }
            if (hybrid && scopes.inCurrentHybrid(dep)) {
                if (!sameScope.contains(dep)) {
                    sameScope.add(dep);
                }
            } else if (TaskId.local(dep) >= rings[TaskId.ring(dep)].watermark()) {
                append(edges, dep, a.depKind[i] == DepKind.WAIT ? TaskTable.WAIT : TaskTable.WAIT | TaskTable.RETAIN);
            }
        }
        EntryList removals = this.removals;
        removals.clear();
        newReaderEdges = 0;
        int registrations = 0;
        if (!manual) {
            boolean trackReaders = config.trackReaders();
            for (int i = 0; i < tensors; i++) {
                if (kind[i] == SubmitArgs.OUTPUT) {
                    continue;
                }
                TensorView v = view[i];
                if (hybrid && scopes.inCurrentHybrid(v.ownerTaskId())) {
                    continue;
                }
                TensorArgType type = TYPES[kind[i]];
                if (v.ownerTaskId() != TaskId.INVALID) {
                    append(edges, v.ownerTaskId(), (byte) (TaskTable.WAIT | TaskTable.RETAIN));
                }
                if (type.looksUp() && !v.manualDep()) {
                    gather.inout = type == TensorArgType.INOUT;
                    tensorMap.lookup(v, gather);
                    lookups++;
                }
                if ((type.registers() || type.registersReader(trackReaders)) && !v.manualDep()) {
                    registrations++;
                }
            }
            if (tensorMap.readers() > 0) {
                gatherReaders(a, hybrid);
            }
        }
        SubmitOutcome pools = checkPools(ring, edges, registrations, removals);
        if (pools != null) {
            return refuse(a, pools);
        }
        commit(a, ring, outputBytes, edges, removals, manual, hybrid, sameScope);
        return true;
    }

    private static boolean refuse(SubmitArgs a, SubmitOutcome why) {
        a.refusal = why;
        return false;
    }

    /**
     * Reader tracking (the what-if): after every lookup of writes, each tracked writing arg (INOUT,
     * OUTPUT_EXISTING) waits for every live tracked reader it overlaps, and removes the reader entries it
     * COVERS (as PR #1810 does: a later writer is ordered after the reader through this one, except an
     * OUTPUT_EXISTING, which looks up no writes).
     */
    private void gatherReaders(SubmitArgs a, boolean hybrid) {
        for (int i = 0; i < a.count; i++) {
            if (a.kind[i] != SubmitArgs.OUTPUT && TYPES[a.kind[i]].findsReaders() && !a.view[i].manualDep()
                    && !(hybrid && scopes.inCurrentHybrid(a.view[i].ownerTaskId()))) {
                tensorMap.lookupReaders(a.view[i], readerGather);
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
        table.reset(taskId, TaskShape.DUMMY, 0, rings[ring].watermark());
        int s = table.slot(taskId);
        int m = table.mark(taskId);
        table.packedEnd[ring][m] = base + HeapRing.aligned(bytes);
        table.depPoolMark[ring][m] = depPools[ring].top();
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

    private SubmitOutcome checkPools(int ring, FaninList edges, int registrations, EntryList removals) {
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
        int entriesNeeded = registrations - removals.size();
        if (entriesNeeded > tensorMap.freeEntries()) {
            for (int r = 0; r < RuntimeConfig.RINGS; r++) {
                tensorMap.reclaim(r, rings[r].watermark());
            }
            // a planned removal whose producer the reclaim found retired is free already: not removed twice
            removals.retainIf(tensorMap::holds);
            entriesNeeded = registrations - removals.size();
            if (entriesNeeded > tensorMap.freeEntries()) {
                return blocked(ErrorCode.TENSORMAP_OVERFLOW, ring, ErrorCode.TENSORMAP_OVERFLOW.text(null) + " need "
                        + entriesNeeded + " entries, " + tensorMap.freeEntries() + " free");
            }
        }
        return null;
    }

    private void commit(SubmitArgs a, int ring, long outputBytes, FaninList edges, EntryList removals, boolean manual,
            boolean hybrid, List<Long> sameScope) {
        int[] kernels = a.kernelIds;
        long local = rings[ring].allocate();
        long taskId = TaskId.of(ring, local);
        long base = heaps[ring].allocate(outputBytes, local);
        TaskShape shape = TaskShape.of(kernels);
        table.reset(taskId, shape, a.blockNum * Math.max(1, TaskShape.coresOf(kernels)), rings[ring].watermark());
        int m = table.mark(taskId);
        table.packedEnd[ring][m] = base + (outputBytes > 0 ? HeapRing.aligned(outputBytes) : 0);
        for (int i = 0; i < removals.size(); i++) {
            tensorMap.remove(removals.get(i));
        }
        a.taskId = taskId;
        materializeOutputs(a, base, taskId);
        if (!manual) {
            boolean trackReaders = config.trackReaders();
            for (int i = 0; i < a.count; i++) {
                if (a.kind[i] == SubmitArgs.OUTPUT) {
                    continue;
                }
                TensorView v = a.view[i];
                TensorArgType type = TYPES[a.kind[i]];
                if (v.manualDep() || hybrid && scopes.inCurrentHybrid(v.ownerTaskId())) {
                    continue;
                }
                if (type.registers()) {
                    tensorMap.insert(v, taskId);
                    inserts++;
                } else if (type.registersReader(trackReaders)) {
                    tensorMap.insertReader(v, taskId);
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
        table.spillEnd[ring][m] = spilled > 0 ? spillPools[ring].top() : 0;
        if (hybrid) {
            sameScope.removeIf(edges::contains);
            hybridScope.defer(taskId, sameScope);
        }
        wire(taskId, edges, hybrid ? sameScope.size() : 0, !hybrid);
        notePeaks.accept(ring);
    }

    /** The OUTPUT args' views, packed from {@code base} in arg order, into {@code a}'s outputs. */
    private static void materializeOutputs(SubmitArgs a, long base, long owner) {
        long at = base;
        for (int i = 0; i < a.count; i++) {
            if (a.kind[i] == SubmitArgs.OUTPUT) {
                TensorView layout = a.view[i];
                long bytes = layout.bufferSize();
                a.addOutput(layout.inBuffer(at, bytes, owner));
                at += bytes;
            }
        }
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
        // a task the table no longer keeps is CONSUMED or gone from its slot
        if (!table.kept(producer) || table.state[TaskId.ring(producer)][table.slot(producer)] == TaskState.CONSUMED) {
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
        table.reset(taskId, TaskShape.DUMMY, 1, rings[ring].watermark());
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
        table.faninSize[r][s] = n;
        int done = 0;
        for (int k = 0; k < n; k++) {
            long producer = edges.id(k);
            table.setFanin(r, s, k, producer, edges.flags(k));
            if (!table.kept(producer)) {
                // CONSUMED behind the watermark (only the wiring unit on its own wires to one)
                done++;
                continue;
            }
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
        table.depPoolMark[r][table.mark(taskId)] = depPools[r].top();
        for (int k = 0; k < n; k++) {
            if ((edges.flags(k) & TaskTable.RETAIN) == 0) {
                retirement.releasePin(edges.id(k));
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
