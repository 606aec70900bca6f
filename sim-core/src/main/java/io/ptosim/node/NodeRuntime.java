package io.ptosim.node;

import io.ptosim.des.EventDigest;
import io.ptosim.des.EventKind;
import io.ptosim.des.EventLoop;
import io.ptosim.des.NamedEventKind;
import io.ptosim.mailbox.ControlCommand;
import io.ptosim.mailbox.MailboxState;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.spi.ChipCallConfig;
import io.ptosim.spi.ChipEndpoint;
import io.ptosim.spi.ContinuousTensor;
import io.ptosim.spi.HostMemory;
import io.ptosim.spi.Reply;
import io.ptosim.spi.SharedMemory;
import io.ptosim.spi.TaskArgs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The node level (L3, spec §3–§8): runs a {@link NodeProgram} on N chips and M SUB workers. The
 * orchestrator executes the program's ops in order, each costing its modelled time, building the DAG
 * through the {@link NodeRing}, {@link NodeTensorMap} ({@link TensorKey}s) and {@link NodeScope}; the
 * slot state machine decides readiness and retirement; a {@link DispatchPolicy} places ready tasks;
 * {@link NodeWorker}s hand them to chips through {@link ChipEndpoint} only.
 *
 * <p>It uses the {@link EventLoop} seam and nothing else of the engine, so a real-time loop drives it
 * unchanged. Where the seed misbehaves (spec §5, §9) it does what HEAD does: a submit claims its slot
 * in BUILDING and counts releases that arrive before publication; a failed task poisons its transitive
 * dependents; a child's error reaches the run; consuming an old writer never erases a newer writer's
 * TensorMap entry. {@link Compat#V1} reproduces the seed where a test needs to show the difference.
 */
public final class NodeRuntime {
    static final EventKind ORCH = new NamedEventKind(44, "node-orch");
    static final EventKind SCHED = new NamedEventKind(45, "node-sched");
    static final EventKind COMPLETE = new NamedEventKind(46, "node-complete");
    /** Where the heap rings start in the host address space (host buffers sit below, from {@link NodeProgram#HOST_BASE}). */
    public static final long HEAP_BASE = 0x100_0000_0000L;

    private final EventLoop loop;
    private final NodeConfig config;
    private final NodeTiming t;
    private final NodeWorker[] chips;
    private final NodeWorker[] subs;
    private final NodeRing ring;
    private final ProducerMap map;
    private final NodeScope scope = new NodeScope();
    private final DispatchPolicy policy;
    private final List<NodeObserver> observers = new ArrayList<>();
    private final Runnable progress;
    /** Tasks of the current run by id. */
    private final List<NodeTask> tasks = new ArrayList<>();
    /**
     * Wire ids of callables by identity, numbered in first-dispatch order (PROCESS mode puts the id in the
     * mailbox); looked up only, and identity keeps a program's deep hash off the dispatch path.
     */
    private final Map<Object, Long> callableIds = new IdentityHashMap<>();
    /** Shared blocks still mapped: host pointer to worker. */
    private final Map<Long, Integer> sharedBlocks = new LinkedHashMap<>();
    private final List<String> cleanup = new ArrayList<>();
    private final List<String> diagnostics = new ArrayList<>();
    /** Per chip, its live device allocations (malloc and shared blocks): pointer to bytes. */
    private final Map<Integer, TreeMap<Long, Long>> liveDevice = new LinkedHashMap<>();
    /** Shared blocks still mapped: host pointer to device pointer. */
    private final Map<Long, Long> sharedDevice = new LinkedHashMap<>();

    private NodeProgram program;
    private long[] handles;
    private boolean[] bound;
    private int pc;
    private long run;
    private int runsDone;
    private int active;
    private boolean draining;
    private boolean aborting;
    private boolean finished;
    private boolean passScheduled;
    private long tickAt = -1;
    private String error;
    /** The first error of the current run (HEAD's per-run error: a new run starts clean). */
    private String runError;
    /** Whether the current run has attempted a submit (HEAD then refuses direct device control). */
    private boolean submittedThisRun;
    private long startNs;
    private long endNs;
    private long submitted;
    private long dispatches;
    private long failedTasks;
    private long digest = EventDigest.INITIAL;
    private long sequence;
    /**
     * Digest record codes (part of the digest's definition): a member placed on a worker, folded with
     * {@code task id << 16 | worker << 1 | SUB}; a task finished or failed, folded with its finish order.
     */
    private static final int DIGEST_DISPATCHED = 1;
    private static final int DIGEST_FINISHED = 2;
    private static final int DIGEST_FAILED = 3;

    /**
     * A node of {@code chips} (worker i drives {@code chips.get(i)}) and {@code subWorkers} SUB workers.
     *
     * @param progress called whenever the run makes progress (a bounded loop uses it to tell a stall)
     */
    public NodeRuntime(EventLoop loop, List<ChipEndpoint> chips, int subWorkers, HostMemory host, NodeConfig config,
            Runnable progress) {
        this.loop = loop;
        this.config = config;
        this.t = config.timing();
        this.progress = progress;
        this.ring = new NodeRing(config.heapBytes(), HEAP_BASE);
        this.map = config.compat() == Compat.V1 ? new NodeTensorMap(Compat.V1) : new RangedTensorMap();
        this.chips = new NodeWorker[chips.size()];
        this.subs = new NodeWorker[subWorkers];
        long fork = config.mode() == WorkerMode.PROCESS ? t.forkNs() : 0;
        long now = loop.now();
        for (int i = 0; i < chips.size(); i++) {
            this.chips[i] = new NodeWorker(i, WorkerType.NEXT_LEVEL, chips.get(i), loop, config, host,
                    now + fork * (i + 1));
        }
        for (int i = 0; i < subWorkers; i++) {
            this.subs[i] = new NodeWorker(i, WorkerType.SUB, null, loop, config, host,
                    now + fork * (chips.size() + i + 1));
        }
        this.policy = DispatchPolicy.of(config.policy(), chips.size());
    }

    /** Adds an observer (before {@link #start}). */
    public void observe(NodeObserver observer) {
        observers.add(observer);
    }

    /** Starts {@code p}: its first run's outer scope opens and the orchestrator takes the first op now. */
    public void start(NodeProgram p) {
        if (program != null) {
            throw new IllegalStateException("a node runtime runs one program");
        }
        this.program = p;
        this.handles = new long[p.handles()];
        this.bound = new boolean[p.handles()];
        this.startNs = loop.now();
        scope.begin();
        long up = 0;
        for (NodeWorker w : chips) {
            up = Math.max(up, w.readyAt);
        }
        for (NodeWorker w : subs) {
            up = Math.max(up, w.readyAt);
        }
        loop.schedule(Math.max(loop.now(), up), ORCH, this::step);
    }

    /** Whether the program ended (successfully or not). */
    public boolean finished() {
        return finished;
    }

    /** The task of the current run with id {@code id}. */
    public NodeTask task(int id) {
        return tasks.get(id);
    }

    /** Tasks of the current run (the last one once the program has finished), by id. */
    public List<NodeTask> tasks() {
        return List.copyOf(tasks);
    }

    /** The TensorMap: exact keys under V1, byte ranges under HEAD. */
    public ProducerMap tensorMap() {
        return map;
    }

    /** The ring. */
    public NodeRing ring() {
        return ring;
    }

    /** The current run's id (from 0; HEAD runs are numbered, V1 ones are not). */
    public long run() {
        return run;
    }

    /** Tasks not yet consumed. */
    public int active() {
        return active;
    }

    /** Tasks waiting in the ready queues. */
    public int queued() {
        return policy.queued();
    }

    /** The value bound to {@code h}. */
    public long value(Ptr.Handle h) {
        if (!bound[h.id()]) {
            throw new IllegalStateException(h + " is not bound yet");
        }
        return handles[h.id()];
    }

    /** Whether worker {@code i}'s chip is running a member. */
    public boolean chipBusy(int i) {
        return chips[i].busy;
    }

    /** Worker {@code i}'s mailbox state (PROCESS mode). */
    public MailboxState mailboxState(int i) {
        return chips[i].mailbox().state();
    }

    /** The first error of the run, or null. */
    public String error() {
        return error;
    }

    /**
     * The result; if the program has not finished when the loop ran dry, the stall diagnosis (what every
     * unfinished task waits for) becomes the error.
     */
    public NodeRunResult result() {
        String err = error;
        if (!finished) {
            err = (err == null ? "" : err + "; ") + stallDiagnosis();
        }
        List<NodeRunResult.WorkerStats> stats = new ArrayList<>();
        for (NodeWorker w : chips) {
            stats.add(new NodeRunResult.WorkerStats(w.label(), w.members, w.busyNs));
        }
        for (NodeWorker w : subs) {
            stats.add(new NodeRunResult.WorkerStats(w.label(), w.members, w.busyNs));
        }
        return new NodeRunResult(finished && err == null, err == null ? "" : err,
                (finished ? endNs : loop.now()) - startNs, runsDone, submitted, dispatches, failedTasks, stats, cleanup,
                EventDigest.toHex(EventDigest.value(digest)));
    }

    /** What keeps an unfinished program from ending. */
    String stallDiagnosis() {
        StringBuilder b = new StringBuilder("NODE_STALL: nothing can move at " + loop.now() + " ns; op " + pc + " of "
                + program.ops().size() + (draining ? " (draining, " + active + " task(s) not consumed)" : ""));
        int shown = 0;
        for (NodeTask task : tasks) {
            if (task.state == SlotState.CONSUMED || shown >= 8) {
                continue;
            }
            shown++;
            b.append("; ").append(task);
            if (task.state == SlotState.PENDING) {
                b.append(" has ").append(task.faninReleased).append(" of ").append(task.faninCount)
                        .append(" producer release(s)");
                long finishedProducers = task.producers.stream().filter(p -> p.state.finished()
                        || p.state == SlotState.CONSUMED).count();
                if (finishedProducers == task.producers.size()) {
                    b.append(" although all ").append(finishedProducers)
                            .append(" producer(s) finished: a release was lost while it was BUILDING (the V1 race)");
                }
            } else if (task.state.finished()) {
                b.append(" holds ").append(task.fanoutReleased).append(" of ").append(task.fanoutTotal + 1)
                        .append(" release(s)");
            } else if (task.state == SlotState.READY) {
                b.append(" cannot be placed (affinity ").append(Arrays.toString(task.affinity)).append(')');
            }
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ orchestrator

    private void step() {
        if (finished) {
            return;
        }
        NodeOp op = program.ops().get(pc);
        try {
            switch (op) {
                case NodeOp.SubmitChip s -> submitChip(s);
                case NodeOp.SubmitSub s -> submitSub(s);
                case NodeOp.Alloc a -> alloc(a);
                case NodeOp.Malloc m -> control(m.worker(), "malloc", ControlCommand.MALLOC, m.bytes(), 0, 0, v -> {
                    bind(m.result(), v);
                    liveDevice(m.worker()).put(v, m.bytes());
                });
                case NodeOp.Free f -> {
                    long ptr = resolve(f.ptr());
                    control(f.worker(), "free", ControlCommand.FREE, ptr, 0, 0, v -> liveDevice(f.worker()).remove(ptr));
                }
                case NodeOp.CopyTo c -> control(c.worker(), "copy_to", ControlCommand.COPY_TO, resolve(c.deviceDst()),
                        resolve(c.hostSrc()), c.bytes(), v -> { });
                case NodeOp.CopyFrom c -> control(c.worker(), "copy_from", ControlCommand.COPY_FROM,
                        resolve(c.hostDst()), resolve(c.deviceSrc()), c.bytes(), v -> { });
                case NodeOp.ShareMemMalloc s -> shareMemMalloc(s);
                case NodeOp.ShareMemFree s -> shareMemFree(s);
                case NodeOp.ScopeBegin s -> {
                    scope.begin();
                    next(t.scopeNs());
                }
                case NodeOp.ScopeEnd s -> {
                    if (scope.depth() <= 1) {
                        throw new NodeProgramException("scope_end without a matching scope_begin");
                    }
                    endScope();
                    next(t.scopeNs());
                }
                case NodeOp.Drain d -> drain();
            }
        } catch (NodeProgramException e) {
            orchestrationFailed(e.getMessage());
        }
    }

    private void next(long delayNs) {
        pc++;
        loop.scheduleAfter(delayNs, ORCH, this::step);
    }

    private String where() {
        return "op " + pc + " (" + program.ops().get(pc).getClass().getSimpleName() + ")";
    }

    /**
     * The orchestration raised: the run keeps the error, closes its scopes and drains (spec §3.6). Under
     * HEAD ({@code fail_run_submission}) every task of the run that has not started is cancelled first:
     * it ends FAILED with the orchestration's error, never dispatched; running tasks finish. V1 only
     * drains, so the unstarted tasks still run. Either way the user's function has unwound: the ops up
     * to the run's {@link NodeOp.Drain} are skipped, and that drain decides whether the program goes on.
     */
    private void orchestrationFailed(String message) {
        String text = where() + ": " + message;
        fail(text);
        aborting = true;
        if (config.compat() == Compat.HEAD) {
            cancelUnstarted(text);
        }
        while (scope.depth() > 1) {
            endScope();
        }
        while (!(program.ops().get(pc) instanceof NodeOp.Drain)) {
            pc++;
        }
        drain();
    }

    private void fail(String message) {
        if (error == null) {
            error = message;
        }
        if (runError == null) {
            runError = message;
        }
    }

    /** HEAD's {@code cancel_unstarted_run}: PENDING and READY tasks of the run fail with {@code message}. */
    private void cancelUnstarted(String message) {
        List<NodeTask> cancelled = new ArrayList<>();
        for (NodeTask task : tasks) {
            if (task != null && (task.state == SlotState.PENDING || task.state == SlotState.READY)) {
                task.state = SlotState.FAILED;
                task.errorCode = 1;
                task.error = message;
                for (int m = 0; m < task.members.length; m++) {
                    if (task.members[m] == MemberState.NOT_DISPATCHED) {
                        task.members[m] = MemberState.SKIPPED;
                    }
                }
                cancelled.add(task);
            }
        }
        for (NodeTask task : cancelled) {
            retire(task);
        }
    }

    /**
     * HEAD's fail-fast submit: once a task of the run has failed, the next submit raises the run's first
     * error before it takes a slot. V1 never looks.
     */
    private void failFast() {
        if (config.compat() == Compat.HEAD && runError != null) {
            throw new NodeProgramException(runError);
        }
    }

    private long resolve(Ptr p) {
        return switch (p) {
            case Ptr.Address a -> a.value();
            case Ptr.Handle h -> {
                if (!bound[h.id()]) {
                    throw new NodeProgramException(h + " is used before the op that defines it ran");
                }
                yield handles[h.id()];
            }
        };
    }

    private void bind(Ptr.Handle h, long value) {
        handles[h.id()] = value;
        bound[h.id()] = true;
    }

    private boolean unboundOutput(NodeArg a) {
        return a.tag() == TensorArgType.OUTPUT && (a.tensor().data() instanceof Ptr.Handle h ? !bound[h.id()]
                : ((Ptr.Address) a.tensor().data()).value() == 0);
    }

    private void submitChip(NodeOp.SubmitChip s) {
        int[] w = s.workers();
        if (chips.length == 0) {
            throw new NodeProgramException("invalid_argument: the node has no NEXT_LEVEL worker");
        }
        for (int i = 0; i < w.length; i++) {
            if (w[i] < -1 || w[i] >= chips.length) {
                throw new NodeProgramException("invalid_argument: member " + i + " names worker " + w[i]
                        + "; expected -1 or 0.." + (chips.length - 1));
            }
            for (int j = 0; j < i; j++) {
                if (w[i] >= 0 && w[i] == w[j]) {
                    throw new NodeProgramException("invalid_argument: members " + j + " and " + i
                            + " both name worker " + w[i] + "; a group needs distinct workers");
                }
            }
        }
        if (w.length > chips.length) {
            throw new NodeProgramException("invalid_argument: a group of " + w.length + " members on "
                    + chips.length + " chip(s)");
        }
        if (config.compat() == Compat.HEAD) {
            checkChildMemory(s.members(), w);
        }
        submit(WorkerType.NEXT_LEVEL, s.group(), s.callable(), null, s.config(), w, s.members());
    }

    private TreeMap<Long, Long> liveDevice(int worker) {
        return liveDevice.computeIfAbsent(worker, k -> new TreeMap<>());
    }

    /**
     * HEAD's dispatch guard (spec §11): a {@code child_memory} tensor must lie inside a live allocation
     * ({@code malloc} or a shared block) on the exact worker its member targets, checked at submit. A
     * member with worker −1 (our "any worker" extension) has no target to check against, so under HEAD
     * it takes no {@code child_memory} tensor. V1 checks nothing here; the endpoint may.
     */
    private void checkChildMemory(List<NodeMember> members, int[] workers) {
        for (int m = 0; m < members.size(); m++) {
            List<NodeArg> args = members.get(m).args();
            for (int i = 0; i < args.size(); i++) {
                NodeArg a = args.get(i);
                if (!a.tensor().childMemory() || unboundOutput(a)) {
                    continue;
                }
                long addr = resolve(a.tensor().data());
                long bytes = Math.max(1, a.tensor().bufferBytes());
                if (workers[m] < 0) {
                    throw new NodeProgramException("invalid_argument: member " + m + " argument " + i + " is a"
                            + " child_memory tensor but the member names no worker; a device pointer is checked"
                            + " against its exact target worker");
                }
                Map.Entry<Long, Long> e = liveDevice(workers[m]).floorEntry(addr);
                if (e == null || addr + bytes > e.getKey() + e.getValue()) {
                    throw new NodeProgramException("invalid_argument: child_memory pointer 0x" + Long.toHexString(addr)
                            + " (" + bytes + " bytes) of member " + m + " argument " + i
                            + " is not a live allocation on target worker " + workers[m]);
                }
            }
        }
    }

    private void submitSub(NodeOp.SubmitSub s) {
        if (config.compat() == Compat.HEAD) {
            for (NodeMember m : s.members()) {
                for (NodeArg a : m.args()) {
                    if (a.tensor().childMemory()) {
                        throw new NodeProgramException("invalid_argument: submit_sub takes no child_memory tensor"
                                + " (device memory); SUB workers run on the host");
                    }
                }
            }
        }
        if (subs.length == 0) {
            throw new NodeProgramException("invalid_argument: the node has no SUB worker");
        }
        if (s.members().size() > subs.length) {
            throw new NodeProgramException("invalid_argument: a SUB group of " + s.members().size()
                    + " members on " + subs.length + " SUB worker(s)");
        }
        int[] w = new int[s.members().size()];
        Arrays.fill(w, -1);
        submit(WorkerType.SUB, s.group(), null, s.callable(), null, w, s.members());
    }

    private void submit(WorkerType type, boolean group, io.ptosim.spi.ChipCallable chip, SubCallable sub,
            ChipCallConfig cfg, int[] affinity, List<NodeMember> members) {
        submittedThisRun = true;
        if (config.compat() == Compat.HEAD) {
            rejectOverlappingWrites(type, affinity, members);
        }
        failFast();
        long bytes = 0;
        int args = 0;
        for (NodeMember m : members) {
            for (NodeArg a : m.args()) {
                args++;
                if (unboundOutput(a)) {
                    bytes += NodeRing.alignUp(a.tensor().bufferBytes());
                } else {
                    resolve(a.tensor().data());
                }
            }
        }
        long cost = t.submitNs() + t.perArgNs() * args;
        int at = pc;
        ring.alloc(loop, bytes, scope.currentDepth(), config.allocTimeoutNs(),
                granted -> {
                    if (granted.taskId() == NodeRing.INVALID_SLOT) {
                        orchestrationFailed("the ring was shut down");
                        return;
                    }
                    try {
                        build(type, group, chip, sub, cfg, affinity, members, granted, cost, at);
                    } catch (NodeProgramException e) {
                        orchestrationFailed(e.getMessage());
                    }
                },
                this::orchestrationFailed);
    }

    /**
     * HEAD's {@code validate_submit_args}: within one member, an argument that writes (OUTPUT,
     * OUTPUT_EXISTING, INOUT) may share no byte with any later argument of that member. As in simpler the
     * test is one-sided (a write against the arguments after it), so a read followed by an overlapping
     * write passes; members of a group are not compared; outputs still to be carved are fresh memory.
     */
    private void rejectOverlappingWrites(WorkerType type, int[] affinity, List<NodeMember> members) {
        for (int m = 0; m < members.size(); m++) {
            List<NodeArg> args = members.get(m).args();
            ProducerMap.Footprint[] at = new ProducerMap.Footprint[args.size()];
            for (int i = 0; i < args.size(); i++) {
                NodeArg a = args.get(i);
                long addr = unboundOutput(a) ? 0 : resolve(a.tensor().data());
                int space = a.tensor().childMemory() && type == WorkerType.NEXT_LEVEL ? affinity[m] : -1;
                at[i] = addr == 0 ? null : a.tensor().footprint(addr, space);
            }
            for (int i = 0; i < args.size(); i++) {
                if (at[i] == null || !args.get(i).inserts()) {
                    continue;
                }
                for (int j = i + 1; j < args.size(); j++) {
                    if (at[j] != null && at[i].overlaps(at[j])) {
                        throw new NodeProgramException("invalid_argument: arguments " + i + " and " + j + " of member "
                                + m + " overlap and argument " + i + " writes: two arguments of one task write"
                                + " overlapping bytes of the same buffer; give them disjoint ranges, or order them"
                                + " as separate tasks");
                    }
                }
            }
        }
    }

    private void build(WorkerType type, boolean group, io.ptosim.spi.ChipCallable chip, SubCallable sub,
            ChipCallConfig cfg, int[] affinity, List<NodeMember> members, NodeRing.Allocation slab, long cost, int op) {
        long carve = slab.ptr();
        for (NodeMember m : members) {
            for (NodeArg a : m.args()) {
                if (unboundOutput(a)) {
                    if (a.tensor().data() instanceof Ptr.Handle h) {
                        bind(h, carve);
                    }
                    carve += NodeRing.alignUp(a.tensor().bufferBytes());
                }
            }
        }
        List<TaskArgs> wire = new ArrayList<>();
        for (NodeMember m : members) {
            List<ContinuousTensor> tensors = new ArrayList<>();
            for (NodeArg a : m.args()) {
                tensors.add(a.tensor().resolve(resolve(a.tensor().data())));
            }
            wire.add(new TaskArgs(tensors, m.scalars()));
        }
        NodeTask task = new NodeTask(slab.taskId(), run, type, group, false, chip, sub, cfg, affinity, wire, op);
        register(task);
        for (NodeObserver o : observers) {
            o.claimed(task, loop.now());
        }
        List<Integer> found = new ArrayList<>();
        for (int m = 0; m < members.size(); m++) {
            List<NodeArg> margs = members.get(m).args();
            for (int i = 0; i < margs.size(); i++) {
                NodeArg a = margs.get(i);
                long base = resolve(a.tensor().data());
                if (base == 0 || a.tag() == TensorArgType.NO_DEP) {
                    continue;
                }
                ProducerMap.Footprint f = a.tensor().footprint(base, a.tensor().childMemory() ? affinity[m] : -1);
                if (a.tag().looksUp()) {
                    found.clear();
                    map.producers(run, f, found);
                    for (int p : found) {
                        if (p != task.id && !task.producers.contains(tasks.get(p))) {
                            task.producers.add(tasks.get(p));
                        }
                    }
                }
                if (a.inserts()) {
                    map.insert(run, f, task.id);
                    if (!task.outputs.contains(f)) {
                        task.outputs.add(f);
                    }
                }
            }
        }
        int live = 0;
        List<NodeTask> wired = new ArrayList<>();
        for (NodeTask p : task.producers) {
            if (p.state == SlotState.CONSUMED) {
                continue;
            }
            wired.add(p);
            p.consumers.add(task);
            p.fanoutTotal++;
            if (p.state == SlotState.FAILED) {
                task.poisonedBy = p;
            } else if (p.state != SlotState.COMPLETED) {
                live++;
            }
        }
        task.producers.clear();
        task.producers.addAll(wired);
        int fanin = live;
        loop.scheduleAfter(cost, ORCH, () -> publish(task, fanin));
    }

    private void register(NodeTask task) {
        while (tasks.size() <= task.id) {
            tasks.add(null);
        }
        tasks.set(task.id, task);
        active++;
        submitted++;
    }

    /** The end of a submit: fan-in published, BUILDING → FAILED, READY or PENDING; the next op. */
    private void publish(NodeTask task, int fanin) {
        task.faninCount = fanin;
        if (scope.isOpen()) {
            task.fanoutTotal++;
            scope.register(task.id);
        }
        if (task.poisonedBy != null) {
            poisonClaimed(task, task.poisonedBy);
        } else if (task.faninReleased >= fanin) {
            makeReady(task);
        } else {
            task.state = SlotState.PENDING;
        }
        progress.run();
        next(0);
    }

    private void alloc(NodeOp.Alloc a) {
        long numel = 1;
        for (int s : a.shape()) {
            numel *= s;
        }
        long bytes = NodeRing.alignUp(numel * a.dtype().bytes());
        ring.alloc(loop, bytes, scope.currentDepth(), config.allocTimeoutNs(), granted -> {
            NodeTask task = new NodeTask(granted.taskId(), run, WorkerType.NEXT_LEVEL, false, true, null, null, null,
                    new int[] {-1}, List.of(), pc);
            register(task);
            bind(a.result(), granted.ptr());
            if (granted.ptr() != 0) {
                ProducerMap.Footprint f = new ProducerMap.Footprint(TensorKey.host(granted.ptr()), bytes);
                map.insert(run, f, task.id);
                task.outputs.add(f);
            }
            task.state = SlotState.COMPLETED;
            task.fanoutReleased = 1;
            if (scope.isOpen()) {
                task.fanoutTotal = 1;
                scope.register(task.id);
            }
            next(t.allocNs());
        }, this::orchestrationFailed);
    }

    private interface Bound {
        void accept(long value);
    }

    /**
     * malloc / free / copy_to / copy_from on a child (spec §3.5). Under HEAD a control after a submit of
     * the same run is refused: the task travels the ready queue and the control the mailbox, so their
     * order is undefined. V1 accepts it; the control then waits for the task holding the mailbox.
     */
    private void control(int worker, String what, ControlCommand command, long a0, long a1, long a2, Bound then) {
        if (worker < 0 || worker >= chips.length) {
            throw new NodeProgramException("invalid worker_id " + worker + " for " + what + "; the node has "
                    + chips.length + " chip(s)");
        }
        if (config.compat() == Compat.HEAD && submittedThisRun) {
            throw new NodeProgramException(what + ": direct device control cannot follow a task submission in the"
                    + " same run; issue all control before the run's first submit");
        }
        chips[worker].control(command, a0, a1, a2, new Reply<>() {
            @Override
            public void ok(Long value) {
                then.accept(value);
                next(0);
            }

            @Override
            public void failed(int code, String message) {
                orchestrationFailed(what + " failed on worker " + worker + " (code " + code + "): " + message);
            }
        });
    }

    private void shareMemMalloc(NodeOp.ShareMemMalloc s) {
        NodeWorker w = worker(s.worker(), "mallocHostDeviceShareMem");
        loop.scheduleAfter(t.controlNs(), ORCH, () -> w.endpoint.mallocHostDeviceShareMem(s.bytes(), new Reply<>() {
            @Override
            public void ok(SharedMemory value) {
                bind(s.host(), value.hostPtr());
                bind(s.device(), value.devicePtr());
                sharedBlocks.put(value.hostPtr(), s.worker());
                sharedDevice.put(value.hostPtr(), value.devicePtr());
                liveDevice(s.worker()).put(value.devicePtr(), s.bytes());
                next(0);
            }

            @Override
            public void failed(int code, String message) {
                orchestrationFailed("mallocHostDeviceShareMem failed with code " + code + ": " + message);
            }
        }));
    }

    private void shareMemFree(NodeOp.ShareMemFree s) {
        NodeWorker w = worker(s.worker(), "freeHostDeviceShareMem");
        long host = resolve(s.host());
        loop.scheduleAfter(t.controlNs(), ORCH, () -> w.endpoint.freeHostDeviceShareMem(host, new Reply<>() {
            @Override
            public void ok(Void value) {
                sharedBlocks.remove(host);
                Long device = sharedDevice.remove(host);
                if (device != null) {
                    liveDevice(s.worker()).remove(device);
                }
                next(0);
            }

            @Override
            public void failed(int code, String message) {
                orchestrationFailed("freeHostDeviceShareMem failed with code " + code + ": " + message);
            }
        }));
    }

    private NodeWorker worker(int i, String what) {
        if (i < 0 || i >= chips.length) {
            throw new NodeProgramException("invalid worker_id " + i + " for " + what + "; the node has "
                    + chips.length + " chip(s)");
        }
        return chips[i];
    }

    private void endScope() {
        for (int id : scope.end()) {
            tryConsume(tasks.get(id));
        }
    }

    /** Closes the run's outer scope and waits until every task is consumed. */
    private void drain() {
        if (!aborting && scope.depth() > 1) {
            throw new NodeProgramException((scope.depth() - 1) + " scope(s) still open at the end of the run");
        }
        draining = true;
        if (scope.isOpen()) {
            endScope();
        }
        drained();
    }

    private void drained() {
        if (!draining || active > 0) {
            return;
        }
        draining = false;
        ring.resetToEmpty();
        runsDone++;
        progress.run();
        boolean continues = program.ops().get(pc) instanceof NodeOp.Drain d && d.continueAfterFailure();
        if (runError != null && !continues || pc == program.ops().size() - 1) {
            finish();
            return;
        }
        aborting = false;
        tasks.clear();
        runError = null;
        submittedThisRun = false;
        run++;
        scope.begin();
        next(0);
    }

    /** The program ended: the post-run hook frees shared blocks still mapped, even after an error. */
    private void finish() {
        finished = true;
        endNs = loop.now();
        for (Map.Entry<Long, Integer> e : List.copyOf(sharedBlocks.entrySet())) {
            long host = e.getKey();
            int w = e.getValue();
            chips[w].endpoint.freeHostDeviceShareMem(host, new Reply<>() {
                @Override
                public void ok(Void value) {
                    sharedBlocks.remove(host);
                    cleanup.add("freed shared block 0x" + Long.toHexString(host) + " on chip " + w);
                }

                @Override
                public void failed(int code, String message) {
                    cleanup.add("could not free shared block 0x" + Long.toHexString(host) + " on chip " + w + ": "
                            + message);
                }
            });
        }
    }

    // ------------------------------------------------------------------ slot state machine

    private void makeReady(NodeTask task) {
        task.state = SlotState.READY;
        task.readyAt = loop.now();
        for (NodeObserver o : observers) {
            o.ready(task, loop.now());
        }
        policy.enqueue(task);
        wakeScheduler();
    }

    /** A producer completed: one fan-in release. */
    private void release(NodeTask consumer) {
        if (consumer.state == SlotState.BUILDING && config.compat() == Compat.V1) {
            return;
        }
        consumer.faninReleased++;
        if (consumer.state == SlotState.PENDING && consumer.faninReleased >= consumer.faninCount) {
            makeReady(consumer);
        }
    }

    /** A producer failed: the consumer fails without running, and so do its own consumers. */
    private void poison(NodeTask consumer, NodeTask failed) {
        switch (consumer.state) {
            case BUILDING -> consumer.poisonedBy = failed;
            case PENDING, READY -> poisonClaimed(consumer, failed);
            default -> { }
        }
    }

    private void poisonClaimed(NodeTask task, NodeTask failed) {
        task.state = SlotState.FAILED;
        task.errorCode = failed.errorCode;
        // HEAD copies the producer's error text into the poisoned slot; V1-era ptosim names the producer
        task.error = config.compat() == Compat.HEAD ? failed.error : "producer " + failed + " failed: " + failed.error;
        for (int m = 0; m < task.members.length; m++) {
            if (task.members[m] == MemberState.NOT_DISPATCHED) {
                task.members[m] = MemberState.SKIPPED;
            }
        }
        retire(task);
    }

    /** COMPLETED or FAILED: wake or poison consumers, then the self-release and one release per producer. */
    private void retire(NodeTask task) {
        task.finishedAt = loop.now();
        if (task.state == SlotState.FAILED) {
            failedTasks++;
            fail(task.error);
        }
        for (NodeObserver o : observers) {
            o.finished(task, loop.now());
        }
        digest = EventDigest.step(digest, loop.now(), sequence++,
                task.state == SlotState.FAILED ? DIGEST_FAILED : DIGEST_FINISHED);
        for (NodeTask c : List.copyOf(task.consumers)) {
            if (task.state == SlotState.FAILED) {
                poison(c, task);
            } else {
                release(c);
            }
        }
        tryConsume(task);
        for (NodeTask p : task.producers) {
            tryConsume(p);
        }
        progress.run();
    }

    private void tryConsume(NodeTask task) {
        task.fanoutReleased++;
        if (task.fanoutReleased >= task.fanoutTotal + 1 && task.state.finished()) {
            task.state = SlotState.CONSUMED;
            map.erase(run, task.outputs, task.id);
            ring.release(task.id);
            active--;
            for (NodeObserver o : observers) {
                o.consumed(task, loop.now());
            }
            drained();
        }
    }

    // ------------------------------------------------------------------ scheduler

    private final DispatchPolicy.Launcher launcher = new DispatchPolicy.Launcher() {
        @Override
        public NodeWorker[] workers(WorkerType type) {
            return type == WorkerType.NEXT_LEVEL ? chips : subs;
        }

        @Override
        public void launch(NodeTask task, NodeWorker[] placement) {
            task.state = SlotState.RUNNING;
            task.dispatchedAt = loop.now();
            for (int m = 0; m < placement.length; m++) {
                NodeWorker w = placement[m];
                int member = m;
                task.placedOn[m] = w.index;
                task.members[m] = MemberState.RUNNING;
                dispatches++;
                digest = EventDigest.step(digest, loop.now(), ((long) task.id << 16) | (w.index << 1)
                        | (w.type == WorkerType.SUB ? 1 : 0), DIGEST_DISPATCHED);
                for (NodeObserver o : observers) {
                    o.dispatched(task, m, w.index, loop.now());
                }
                w.launch(task, m, callableId(task), (code, message) -> {
                    for (NodeObserver o : observers) {
                        o.memberEnded(task, member, w.index, code, loop.now());
                    }
                    loop.scheduleAfter(t.completeNs(), COMPLETE, () -> memberDone(task, member, w, code, message));
                });
            }
        }

        @Override
        public void reservationStall(NodeTask head, int[] reserved, int[] busy) {
            String report = "NODE_RESERVATION_STALL at " + loop.now() + " ns: " + head + " holds chip(s) "
                    + Arrays.toString(reserved) + " while chip(s) " + Arrays.toString(busy) + " are busy";
            diagnostics.add(report);
            for (NodeObserver o : observers) {
                o.reservationStall(head, report, loop.now());
            }
        }
    };

    /** Diagnostics the scheduler reported while the program ran (reservation stalls), in order. */
    public List<String> diagnostics() {
        return List.copyOf(diagnostics);
    }

    private long callableId(NodeTask task) {
        Object c = task.chip != null ? task.chip : task.sub;
        return callableIds.computeIfAbsent(c, k -> (long) callableIds.size() + 1);
    }

    private void memberDone(NodeTask task, int member, NodeWorker w, int code, String message) {
        if (code != 0) {
            task.members[member] = MemberState.FAILED;
            if (task.error == null) {
                task.errorCode = code;
                task.error = task + " member " + member + " failed on " + w.label() + " (code " + code + "): "
                        + message;
                fail(task.error);
            }
        } else {
            task.members[member] = MemberState.SUCCESS;
        }
        task.membersTerminal++;
        if (task.membersTerminal == task.members.length) {
            task.state = task.error == null ? SlotState.COMPLETED : SlotState.FAILED;
            retire(task);
        }
        wakeScheduler();
    }

    private void wakeScheduler() {
        if (!passScheduled) {
            passScheduled = true;
            loop.scheduleAfter(0, SCHED, this::pass);
        }
    }

    private void pass() {
        passScheduled = false;
        boolean left = policy.dispatch(launcher);
        if (left && tickAt <= loop.now()) {
            tickAt = loop.now() + t.tickNs();
            loop.schedule(tickAt, SCHED, this::pass);
        }
    }
}
