package io.ptosim.properties;

import io.ptosim.des.RandomStream;
import io.ptosim.des.RandomStreams;
import io.ptosim.node.MemberState;
import io.ptosim.node.NodeArg;
import io.ptosim.node.NodeConfig;
import io.ptosim.node.NodeMember;
import io.ptosim.node.NodeOp;
import io.ptosim.node.NodeProgram;
import io.ptosim.node.NodeRing;
import io.ptosim.node.NodeTiming;
import io.ptosim.node.Ptr;
import io.ptosim.node.SchedulingPolicy;
import io.ptosim.node.SlotState;
import io.ptosim.node.TensorKey;
import io.ptosim.node.WorkerMode;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.spi.ContinuousTensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Properties of the node runtime ({@code io.ptosim.node}) on drawn {@link NodeCase}s run on
 * {@link FakeChip}s: each maps a case to null when it holds, else to the violation. Every check runs the
 * case under both scheduling policies; the worker mode alternates with the seed (odd seeds PROCESS).
 */
public final class NodeProperties {
    private static final Pattern ORCH_FAILURE = Pattern.compile("^op (\\d+) \\(");

    private NodeProperties() {
    }

    // ------------------------------------------------------------------ generators

    /** The drawn case of {@code seed}: no injected failure, default heaps. */
    public static NodeCase generate(long seed) {
        return NodeProgramGenerator.generate(seed);
    }

    /** The drawn case, with one heap in three tiny (2 to 16 KiB per ring) so that slabs are reused within a run. */
    public static NodeCase generateTight(long seed) {
        NodeCase c = NodeProgramGenerator.generate(seed);
        RandomStream r = new RandomStreams(seed).stream("node-heap");
        return r.nextInt(3) == 0 ? new NodeCase(c.seed(), c.chips(), c.subs(), c.program(), c.failing(),
                2048L << r.nextInt(4)) : c;
    }

    /** The drawn case with only matched frees, and one heap in four tiny (2 to 16 KiB per ring). */
    public static NodeCase generateClean(long seed) {
        NodeCase c = clean(NodeProgramGenerator.generate(seed));
        RandomStream r = new RandomStreams(seed).stream("node-heap");
        return r.nextInt(4) == 0 ? new NodeCase(c.seed(), c.chips(), c.subs(), c.program(), c.failing(),
                2048L << r.nextInt(4)) : c;
    }

    /** The clean drawn case with one of its chip callables (drawn from the seed) failing. */
    public static NodeCase generateFailing(long seed) {
        NodeCase c = clean(NodeProgramGenerator.generate(seed));
        List<String> names = NodeProgramGenerator.chipCallables(c.program());
        if (names.isEmpty()) {
            return c;
        }
        RandomStream r = new RandomStreams(seed).stream("node-failure");
        return c.withFailing(Set.of(names.get(r.nextInt(names.size()))));
    }

    /** {@code c} without the frees that do not free a live malloc of the same worker. */
    static NodeCase clean(NodeCase c) {
        Map<Integer, Integer> liveOn = new HashMap<>();
        List<NodeOp> ops = new ArrayList<>();
        for (NodeOp op : c.program().ops()) {
            if (op instanceof NodeOp.Malloc m) {
                liveOn.put(m.result().id(), m.worker());
            } else if (op instanceof NodeOp.Free f) {
                if (!(f.ptr() instanceof Ptr.Handle h) || !Integer.valueOf(f.worker()).equals(liveOn.get(h.id()))) {
                    continue;
                }
                liveOn.remove(h.id());
            }
            ops.add(op);
        }
        NodeProgram p = c.program();
        return c.withProgram(new NodeProgram(p.name(), p.hostBuffers(), p.handles(), ops));
    }

    /** Whether odd seeds run PROCESS workers (mailbox exchanges, forks, polling) instead of THREAD ones. */
    static final boolean ALTERNATE_MODES = true;

    /** A host whose submits take 40 µs (a slow Python orchestrator): tasks finish, and retire, between submits. */
    static final NodeTiming SLOW_HOST = slowHost();

    private static NodeTiming slowHost() {
        NodeTiming d = NodeTiming.DEFAULT;
        return new NodeTiming(40_000, d.perArgNs(), d.allocNs(), d.scopeNs(), d.controlNs(), d.dispatchNs(),
                d.completeNs(), d.tickNs(), d.mailboxWriteNs(), d.mailboxPerKibNs(), d.childPollNs(), d.parentPollNs(),
                d.forkNs());
    }

    /**
     * The configurations a case runs under: both policies; the slow host for seeds with bit 1 set; THREAD
     * workers, or PROCESS ones for odd seeds when {@link #ALTERNATE_MODES}.
     */
    static List<NodeConfig> configs(NodeCase c) {
        WorkerMode mode = ALTERNATE_MODES && (c.seed() & 1) == 1 ? WorkerMode.PROCESS : WorkerMode.THREAD;
        NodeConfig base = (c.seed() & 2) == 0 ? NodeConfig.DEFAULT : NodeConfig.DEFAULT.withTiming(SLOW_HOST);
        return List.of(base.withPolicy(SchedulingPolicy.TWO_PASS).withMode(mode),
                base.withPolicy(SchedulingPolicy.DIRECTED).withMode(mode));
    }

    private static String label(NodeConfig cfg) {
        return cfg.policy() + "/" + cfg.mode();
    }

    private static Map<String, NodeOp> submitsByName(NodeProgram p) {
        Map<String, NodeOp> m = new HashMap<>();
        for (NodeOp op : p.ops()) {
            if (op instanceof NodeOp.SubmitChip s) {
                m.put(s.callable().name(), op);
            } else if (op instanceof NodeOp.SubmitSub s) {
                m.put(s.callable().name(), op);
            }
        }
        return m;
    }

    // ------------------------------------------------------------------ node-affinity

    /**
     * Each member dispatched once; a pinned member only on its worker; a group's members on distinct
     * workers, all at one instant; each chip ran exactly what was dispatched to it, one task at a time.
     */
    public static String affinity(NodeCase c) {
        Map<String, NodeOp> byName = submitsByName(c.program());
        for (NodeConfig cfg : configs(c)) {
            NodeRun.Outcome o = NodeRun.run(c, cfg);
            Map<Integer, List<String>> perChip = new TreeMap<>();
            for (NodeRun.TaskRecord t : o.tasks()) {
                if (t.name().equals("alloc")) {
                    continue;
                }
                NodeOp op = byName.get(t.name());
                int members = NodeProgramEdits.members(op).size();
                String where = label(cfg) + ": run " + t.run() + " task " + t.id() + " (" + t.name() + ")";
                if (!t.dispatches().isEmpty() && t.dispatches().size() != members) {
                    return where + " dispatched " + t.dispatches().size() + " member(s) of " + members;
                }
                Set<Integer> used = new HashSet<>();
                Set<Integer> members0 = new HashSet<>();
                for (NodeRun.Dispatch d : t.dispatches()) {
                    if (!members0.add(d.member())) {
                        return where + " dispatched member " + d.member() + " twice";
                    }
                    if (!used.add(d.worker())) {
                        return where + " put two members on worker " + d.worker();
                    }
                    if (op instanceof NodeOp.SubmitChip s) {
                        int pin = s.workers()[d.member()];
                        if (pin >= 0 && pin != d.worker()) {
                            return where + " member " + d.member() + " pinned to chip " + pin + " ran on chip "
                                    + d.worker();
                        }
                        perChip.computeIfAbsent(d.worker(), k -> new ArrayList<>()).add(t.name());
                    }
                    if (d.atNs() != t.dispatches().get(0).atNs()) {
                        return where + " members dispatched at different instants: " + t.dispatches();
                    }
                }
            }
            for (int i = 0; i < c.chips(); i++) {
                FakeChip chip = o.chips().get(i);
                if (!chip.overlaps().isEmpty()) {
                    return label(cfg) + ": chip " + i + " got a task while running another: " + chip.overlaps();
                }
                List<String> want = new ArrayList<>(perChip.getOrDefault(i, List.of()));
                List<String> got = new ArrayList<>(chip.ran());
                want.sort(null);
                got.sort(null);
                if (!want.equals(got)) {
                    return label(cfg) + ": chip " + i + " ran " + got + " but was dispatched " + want;
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ node-dependencies

    /**
     * Each task's producers are the ones a plain writes model of the program gives (HEAD's TensorMap:
     * the namespace is the member's affinity for a {@code child_memory} tensor, else the host; a write
     * covers the tensor's bytes; INPUT takes every earlier write its bytes overlap, INOUT too and then
     * writes, OUTPUT/OUTPUT_EXISTING write, NO_DEP nothing; a write drops the earlier writes it fully
     * covers; an alloc slot writes its slab), except producers already consumed when the task claimed its
     * slot and looked them up (the runtime erases a consumed task's own writes); no member is dispatched
     * before all its producers finished.
     */
    public static String dependencies(NodeCase c) {
        for (NodeConfig cfg : configs(c)) {
            NodeRun.Outcome o = NodeRun.run(c, cfg);
            String v = dependencies(c, o, label(cfg));
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** Counts of tasks the dependency check modelled and of model producers found already consumed, to show it bites. */
    static final long[] MODEL_COUNTS = new long[2];

    /** The dependency check of one run. */
    static String dependencies(NodeCase c, NodeRun.Outcome o, String label) {
        if (!o.violations().isEmpty()) {
            return label + ": " + o.violations().get(0);
        }
        long run = 0;
        int id = 0;
        int modelled = 0;
        List<ModelWrite> writes = new ArrayList<>();
        List<NodeOp> ops = c.program().ops();
        for (int i = 0; i < ops.size(); i++) {
            NodeOp op = ops.get(i);
            if (op instanceof NodeOp.Drain) {
                run++;
                id = 0;
                writes.clear();
                continue;
            }
            if (op instanceof NodeOp.Alloc a) {
                NodeRun.TaskRecord t = o.task(run, id);
                if (t == null) {
                    if (o.result().ok()) {
                        return label + ": op " + i + " (alloc) made no task " + id + " in run " + run;
                    }
                    break;
                }
                if (!t.name().equals("alloc")) {
                    return label + ": run " + run + " task " + id + " is " + t.name() + ", expected op " + i
                            + "'s alloc";
                }
                Long addr = o.handles().get(a.result().id());
                if (addr != null && addr != 0) {
                    long numel = 1;
                    for (int d : a.shape()) {
                        numel *= d;
                    }
                    write(writes, new ModelWrite(TensorKey.HOST, addr, addr + NodeRing.alignUp(numel
                            * a.dtype().bytes()), id));
                }
                id++;
                modelled++;
                continue;
            }
            List<NodeMember> members = NodeProgramEdits.members(op);
            if (members == null) {
                continue;
            }
            int[] pins = op instanceof NodeOp.SubmitChip s ? s.workers() : new int[members.size()];
            if (!(op instanceof NodeOp.SubmitChip)) {
                java.util.Arrays.fill(pins, -1);
            }
            String name = op instanceof NodeOp.SubmitChip s ? s.callable().name()
                    : ((NodeOp.SubmitSub) op).callable().name();
            NodeRun.TaskRecord t = o.task(run, id);
            if (t == null) {
                if (o.result().ok()) {
                    return label + ": op " + i + " (" + name + ") made no task " + id + " in run " + run;
                }
                break;
            }
            if (!t.name().equals(name)) {
                return label + ": run " + run + " task " + id + " is " + t.name() + ", expected op " + i + " (" + name
                        + ")";
            }
            Set<Integer> expected = new LinkedHashSet<>();
            MODEL_COUNTS[0]++;
            for (int m = 0; m < members.size(); m++) {
                List<NodeArg> args = members.get(m).args();
                for (int a = 0; a < args.size(); a++) {
                    NodeArg arg = args.get(a);
                    ContinuousTensor wire = t.memberArgs().get(m).tensors().get(a);
                    if (arg.tensor().data() instanceof Ptr.Address literal && wire.data() != literal.value()) {
                        return label + ": run " + run + " task " + id + " (" + name + ", op " + i + ") member " + m
                                + " arg " + a + " reached the wire at 0x" + Long.toHexString(wire.data())
                                + ", the program says " + literal;
                    }
                    if (wire.data() == 0 || arg.tag() == TensorArgType.NO_DEP) {
                        continue;
                    }
                    ModelWrite w = new ModelWrite(arg.tensor().childMemory() ? pins[m] : TensorKey.HOST, wire.data(),
                            wire.data() + Math.max(1, wire.nbytes()), id);
                    if (arg.tag() == TensorArgType.INPUT || arg.tag() == TensorArgType.INOUT) {
                        for (ModelWrite earlier : writes) {
                            if (earlier.overlaps(w) && earlier.slot() != id) {
                                expected.add(earlier.slot());
                            }
                        }
                    }
                    if (arg.tag() != TensorArgType.INPUT) {
                        write(writes, w);
                    }
                }
            }
            String where = label + ": run " + run + " task " + id + " (" + name + ", op " + i + ")";
            for (int p : t.producers()) {
                if (!expected.contains(p)) {
                    return where + " depends on task " + p + " (" + o.task(run, p).name() + "), which the model does"
                            + " not link to it (model: " + expected + ")";
                }
            }
            for (int p : expected) {
                if (!t.producers().contains(p)) {
                    MODEL_COUNTS[1]++;
                }
                if (!t.producers().contains(p) && !t.consumedAtClaim().contains(p)) {
                    return where + " lost its dependency on task " + p + " (" + o.task(run, p).name()
                            + "), still live when it looked its producers up (producers " + t.producers() + ", model " + expected
                            + ")";
                }
            }
            id++;
            modelled++;
        }
        if (modelled != o.tasks().size()) {
            return label + ": the program makes " + modelled + " task(s), the run recorded " + o.tasks().size();
        }
        return null;
    }

    /** A write of the dependency model: bytes [begin, end) of a namespace (−1 host, else a worker) by a task. */
    private record ModelWrite(int space, long begin, long end, int slot) {
        boolean overlaps(ModelWrite o) {
            return space == o.space && begin < o.end && o.begin < end;
        }

        boolean covers(ModelWrite o) {
            return space == o.space && begin <= o.begin && o.end <= end;
        }
    }

    private static void write(List<ModelWrite> writes, ModelWrite w) {
        writes.removeIf(w::covers);
        writes.add(w);
    }

    // ------------------------------------------------------------------ node-no-starvation

    /**
     * A case with matched frees and no injected failure ends ok, without hitting the run bounds, and every
     * task published READY is dispatched; with a tiny heap it may instead end with the heap-exhaustion
     * error or the stall diagnosis, but never hang.
     */
    public static String noStarvation(NodeCase c) {
        return noStarvation(c, configs(c));
    }

    private static String noStarvation(NodeCase c, List<NodeConfig> configs) {
        for (NodeConfig cfg : configs) {
            NodeRun.Outcome o = NodeRun.run(c, cfg);
            String label = label(cfg);
            if (o.sim().reason().isLimit()) {
                return label + ": the run hit a bound (" + o.sim().reason() + " at " + o.sim().nowNanos()
                        + " ns): " + o.result().error();
            }
            if (c.heapBytes() != 0 && !o.result().ok()) {
                String e = o.result().error();
                if (e.contains("heap exhausted") || e.contains("exceeds the ring size") || e.contains("NODE_STALL")) {
                    continue;
                }
                return label + ": with a " + c.heapBytes() + " B heap the run failed with neither a heap error nor"
                        + " a stall diagnosis: " + e;
            }
            if (!o.finished()) {
                return label + ": the program did not finish: " + o.result().error();
            }
            if (!o.result().ok()) {
                return label + ": the program failed: " + o.result().error();
            }
            for (NodeRun.TaskRecord t : o.tasks()) {
                if (t.readyAtNs() >= 0 && t.dispatches().isEmpty()) {
                    return label + ": run " + t.run() + " task " + t.id() + " (" + t.name() + ") was READY at "
                            + t.readyAtNs() + " ns and never dispatched";
                }
                if (!t.name().equals("alloc") && t.ended() != SlotState.COMPLETED) {
                    return label + ": run " + t.run() + " task " + t.id() + " (" + t.name() + ") ended " + t.ended();
                }
            }
        }
        return null;
    }

    /**
     * {@link #noStarvation} with PROCESS workers under both policies: a program with matched frees and no
     * injected failure finishes ok through the mailboxes.
     */
    public static String processMode(NodeCase c) {
        return noStarvation(c, List.of(NodeConfig.DEFAULT.withPolicy(SchedulingPolicy.TWO_PASS).withMode(WorkerMode.PROCESS),
                NodeConfig.DEFAULT.withPolicy(SchedulingPolicy.DIRECTED).withMode(WorkerMode.PROCESS)));
    }

    // ------------------------------------------------------------------ node-failure-containment

    /**
     * With one chip callable failing: its task ends FAILED with a failed member; exactly the tasks reachable
     * from it over producer edges end FAILED with every member skipped (never dispatched); the run's error is
     * the failed task's. Under HEAD the failure also stops the orchestration: no submit of its run claims a
     * slot after it failed (fail-fast), and a task that does not depend on it either completes or was
     * cancelled by the orchestration failure that fail-fast raised — FAILED with that op's error, never
     * dispatched, every member skipped — and nothing of the run is dispatched after the cancellation.
     */
    public static String failureContainment(NodeCase c) {
        for (NodeConfig cfg : configs(c)) {
            NodeRun.Outcome o = NodeRun.run(c, cfg);
            String label = label(cfg);
            if (!o.finished() || o.sim().reason().isLimit()) {
                return label + ": the program did not finish: " + o.result().error();
            }
            String edges = dependencies(c, o, label);
            if (edges != null) {
                return edges;
            }
            Set<String> poisoned = new HashSet<>();
            NodeRun.TaskRecord root = null;
            for (NodeRun.TaskRecord t : o.tasks()) {
                if (c.failing().contains(t.name())) {
                    root = t;
                    poisoned.add(t.run() + ":" + t.id());
                }
            }
            if (root == null) {
                if (!o.result().ok()) {
                    return label + ": no failing task ran, yet the run failed: " + o.result().error();
                }
                continue;
            }
            boolean grew = true;
            while (grew) {
                grew = false;
                for (NodeRun.TaskRecord t : o.tasks()) {
                    String key = t.run() + ":" + t.id();
                    if (poisoned.contains(key)) {
                        continue;
                    }
                    for (int p : t.producers()) {
                        if (poisoned.contains(t.run() + ":" + p)) {
                            poisoned.add(key);
                            grew = true;
                            break;
                        }
                    }
                }
            }
            if (root.ended() != SlotState.FAILED || !root.memberStates().contains(MemberState.FAILED)) {
                return label + ": the failing task " + root.name() + " ended " + root.ended() + " with members "
                        + root.memberStates();
            }
            long cancelledAt = Long.MAX_VALUE;
            for (NodeRun.TaskRecord t : o.tasks()) {
                String where = label + ": run " + t.run() + " task " + t.id() + " (" + t.name() + ")";
                if (t.run() == root.run() && t.claimedAtNs() > root.finishedAtNs()) {
                    return where + " claimed its slot at " + t.claimedAtNs() + " ns, after " + root.name()
                            + " failed at " + root.finishedAtNs() + " ns: the submit should have raised (fail-fast)";
                }
                if (t == root || t.name().equals("alloc")) {
                    continue;
                }
                boolean cancelled = t.ended() == SlotState.FAILED && t.error() != null
                        && ORCH_FAILURE.matcher(t.error()).find() && t.run() == root.run();
                if (cancelled && !poisoned.contains(t.run() + ":" + t.id())) {
                    if (!t.dispatches().isEmpty() || t.memberStates().stream().anyMatch(s -> s != MemberState.SKIPPED)) {
                        return where + " was cancelled ('" + t.error() + "') after " + t.dispatches().size()
                                + " dispatch(es), members " + t.memberStates();
                    }
                    cancelledAt = Math.min(cancelledAt, t.finishedAtNs());
                    continue;
                }
                if (poisoned.contains(t.run() + ":" + t.id())) {
                    if (t.ended() != SlotState.FAILED || !t.dispatches().isEmpty()
                            || t.memberStates().stream().anyMatch(s -> s != MemberState.SKIPPED)) {
                        return where + " depends on the failed " + root.name() + " but ended " + t.ended() + " after "
                                + t.dispatches().size() + " dispatch(es), members " + t.memberStates();
                    }
                } else if (t.ended() != SlotState.COMPLETED) {
                    return where + " does not depend on the failed " + root.name() + " but ended " + t.ended() + ": "
                            + t.error();
                }
            }
            for (NodeRun.TaskRecord t : o.tasks()) {
                for (NodeRun.Dispatch d : t.dispatches()) {
                    if (t.run() == root.run() && d.atNs() > cancelledAt) {
                        return label + ": run " + t.run() + " task " + t.id() + " (" + t.name() + ") was dispatched"
                                + " at " + d.atNs() + " ns, after the run cancelled its unstarted tasks at "
                                + cancelledAt + " ns";
                    }
                }
            }
            if (o.result().ok() || !o.result().error().equals(root.error())) {
                return label + ": the run's error is '" + o.result().error() + "', expected the failed task's '"
                        + root.error() + "'";
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ node-determinism

    /** Running the same case twice gives the same digest, dispatch log and result. */
    public static String determinism(NodeCase c) {
        for (NodeConfig cfg : configs(c)) {
            NodeRun.Outcome a = NodeRun.run(c, cfg);
            NodeRun.Outcome b = NodeRun.run(c, cfg);
            String label = label(cfg);
            if (!a.result().digest().equals(b.result().digest())) {
                return label + ": digests differ: " + a.result().digest() + " vs " + b.result().digest();
            }
            if (!a.dispatchLog().equals(b.dispatchLog())) {
                for (int i = 0; i < Math.min(a.dispatchLog().size(), b.dispatchLog().size()); i++) {
                    if (!a.dispatchLog().get(i).equals(b.dispatchLog().get(i))) {
                        return label + ": dispatch logs differ at line " + i + ": " + a.dispatchLog().get(i) + " vs "
                                + b.dispatchLog().get(i);
                    }
                }
                return label + ": dispatch logs differ in length";
            }
            if (!a.result().equals(b.result())) {
                return label + ": results differ: " + a.result() + " vs " + b.result();
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ node-memory-balance

    /**
     * Per chip, bytes the fake chip allocated minus freed equal the bytes of the program's mallocs on it
     * that it never freed, over the ops that ran (up to the op a failed free stopped the orchestration
     * at); a free of a block that is not live on its worker is the op that fails.
     */
    public static String memoryBalance(NodeCase c) {
        for (NodeConfig cfg : configs(c)) {
            NodeRun.Outcome o = NodeRun.run(c, cfg);
            String label = label(cfg);
            List<NodeOp> ops = c.program().ops();
            int cut = ops.size();
            if (!o.result().ok()) {
                Matcher m = ORCH_FAILURE.matcher(o.result().error());
                if (!m.find()) {
                    return label + ": the run failed other than at an op: " + o.result().error();
                }
                cut = Integer.parseInt(m.group(1));
            }
            List<Map<Long, Long>> live = new ArrayList<>();
            for (int w = 0; w < c.chips(); w++) {
                live.add(new HashMap<>());
            }
            for (int i = 0; i <= Math.min(cut, ops.size() - 1); i++) {
                NodeOp op = ops.get(i);
                if (op instanceof NodeOp.Malloc m && i < cut) {
                    Long v = o.handles().get(m.result().id());
                    if (v == null) {
                        return label + ": op " + i + " (malloc) ran but bound nothing";
                    }
                    live.get(m.worker()).put(v, m.bytes());
                } else if (op instanceof NodeOp.Free f) {
                    Long addr = f.ptr() instanceof Ptr.Address a ? Long.valueOf(a.value())
                            : o.handles().get(((Ptr.Handle) f.ptr()).id());
                    boolean known = addr != null && live.get(f.worker()).containsKey(addr);
                    if (i < cut && !known) {
                        return label + ": op " + i + " freed " + f.ptr() + " on chip " + f.worker()
                                + ", not a live block there, and the run went on";
                    }
                    if (i == cut && known) {
                        return label + ": op " + i + " failed to free a live block: " + o.result().error();
                    }
                    if (i < cut) {
                        live.get(f.worker()).remove(addr);
                    }
                } else if (i == cut) {
                    return label + ": the run stopped at op " + i + ", which is no free: " + o.result().error();
                }
            }
            for (int w = 0; w < c.chips(); w++) {
                long expected = live.get(w).values().stream().mapToLong(Long::longValue).sum();
                FakeChip chip = o.chips().get(w);
                if (chip.allocated() - chip.freed() != expected) {
                    return label + ": chip " + w + " holds " + (chip.allocated() - chip.freed()) + " B (allocated "
                            + chip.allocated() + ", freed " + chip.freed() + "), the program left " + expected
                            + " B unfreed";
                }
            }
        }
        return null;
    }
}
