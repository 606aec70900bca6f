package io.ptosim.workloads;

import io.ptosim.des.EventLoop;
import io.ptosim.des.RealTimeLoop;
import io.ptosim.des.RunLimits;
import io.ptosim.des.RunResult;
import io.ptosim.des.Simulation;
import io.ptosim.des.StopReason;
import io.ptosim.kernel.ElementSource;
import io.ptosim.memory.GlobalMemory;
import io.ptosim.node.HostBuffer;
import io.ptosim.node.NodeConfig;
import io.ptosim.node.NodeObserver;
import io.ptosim.node.NodeRing;
import io.ptosim.node.NodeRunResult;
import io.ptosim.node.NodeRuntime;
import io.ptosim.node.NodeTiming;
import io.ptosim.node.SchedulingPolicy;
import io.ptosim.node.WorkerMode;
import io.ptosim.platform.Platform;
import io.ptosim.spi.BackendException;
import io.ptosim.spi.BackendProvider;
import io.ptosim.spi.Backends;
import io.ptosim.spi.ChipCallable;
import io.ptosim.spi.ChipEndpoint;
import io.ptosim.spi.EndpointContext;
import io.ptosim.spi.HostMemory;
import io.ptosim.spi.HostRegion;
import io.ptosim.spi.TimeBase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a {@link NodeWorkloadInstance} end to end: host memory filled with the inputs, one endpoint per
 * chip opened through the selected backend (given the program's callable definitions by name), the
 * {@link NodeRuntime}, then the golden check of the host buffers. The backend's {@link TimeBase} picks
 * the loop: a {@link Simulation} with the platform's modelled host costs (same instance, options and
 * seed give the same digest), or a {@link RealTimeLoop} with none, bounded by {@value #TIMEOUT_KEY}.
 */
public final class NodeRun {
    /**
     * Virtual time without progress that ends a stalled run: longer than the heap ring's 10 s wait bound,
     * so a heap timeout reports itself before the watchdog does.
     */
    public static final long NO_PROGRESS_NS = 30_000_000_000L;

    /** {@code --set} key: bytes per heap ring of a run on a native backend (shared with its worker processes). */
    public static final String HEAP_KEY = "hw.heapBytes";
    /** {@code --set} key: milliseconds without any reply or timer after which a native run is reported stalled. */
    public static final String TIMEOUT_KEY = "hw.timeoutMs";
    /** Heap ring bytes of a native run unless {@value #HEAP_KEY} says otherwise: 16 MiB per ring. */
    public static final long DEFAULT_REAL_HEAP_BYTES = 16L << 20;
    /** Idle bound of a native run unless {@value #TIMEOUT_KEY} says otherwise: 120 s. */
    public static final long DEFAULT_REAL_TIMEOUT_MS = 120_000;
    /**
     * The node's costs on a native backend: nothing is modelled (the host's own time is real); the
     * scheduler's retry tick stays 1 ms, as a real scheduler's wait bound.
     */
    static final NodeTiming REAL_TIMING = new NodeTiming(0, 0, 0, 0, 0, 0, 0, 1_000_000, 0, 0, 1, 1, 0);

    private NodeRun() {
    }

    /**
     * How to run.
     *
     * @param platform the platform name ({@code a2a3}, {@code a5})
     * @param settings platform overrides ({@code --set}), in order
     * @param policy two-pass or directed placement
     * @param mode THREAD or PROCESS workers
     * @param seed the root seed
     * @param backend the {@code --backend} flag, or null
     * @param env the environment {@link Backends#select} reads
     */
    public record Options(String platform, Map<String, String> settings, SchedulingPolicy policy, WorkerMode mode,
            long seed, String backend, Map<String, String> env) {
        /** Checks and copies. */
        public Options {
            Objects.requireNonNull(platform, "platform");
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(mode, "mode");
            settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
            env = Map.copyOf(env);
        }

        /** a2a3, no settings, the given policy and mode, seed 0, the default backend. */
        public static Options of(SchedulingPolicy policy, WorkerMode mode) {
            return new Options("a2a3", Map.of(), policy, mode, 0, null, Map.of());
        }
    }

    /**
     * What a run did.
     *
     * @param node the node runtime's result
     * @param golden the golden's mismatches, or null when it was not checked (timing only, or the run failed)
     * @param backend the backend the chips ran on
     * @param platform the platform with its settings
     * @param notes what closing the chips reported (device memory not freed, a worker's exit)
     * @param timeBase whether times are virtual (modelled) or wall-clock (measured)
     */
    public record Result(NodeRunResult node, List<String> golden, String backend, Platform platform,
            List<String> notes, TimeBase timeBase) {
        /** Copies the notes. */
        public Result {
            notes = List.copyOf(notes);
        }

        /** Whether the run ended cleanly and the golden (if checked) matched. */
        public boolean passed() {
            return node.ok() && (golden == null || golden.isEmpty());
        }
    }

    /**
     * Runs {@code w} with {@code o}.
     *
     * @throws io.ptosim.platform.PlatformException for an unknown platform, key or bad value
     * @throws io.ptosim.spi.BackendException for an unknown or unavailable backend or a chip that cannot open
     */
    public static Result run(NodeWorkloadInstance w, Options o) {
        return run(w, o, null);
    }

    /** As {@link #run(NodeWorkloadInstance, Options)}, with {@code observer} (null: none) seeing the run. */
    public static Result run(NodeWorkloadInstance w, Options o, NodeObserver observer) {
        Platform platform = Platform.load(o.platform(), o.settings());
        BackendProvider backend = Backends.select(o.backend(), o.env(), o.settings());
        return backend.timeBase() == TimeBase.REAL ? runReal(w, o, observer, platform, backend)
                : runVirtual(w, o, observer, platform, backend);
    }

    private static Result runVirtual(NodeWorkloadInstance w, Options o, NodeObserver observer, Platform platform,
            BackendProvider backend) {
        boolean functional = platform.node().functional();
        NodeConfig config = NodeConfig.DEFAULT.withPolicy(o.policy()).withMode(o.mode())
                .withTiming(platform.hostTiming()).withFunctional(functional);
        Simulation sim = new Simulation(o.seed(), RunLimits.DEFAULT.withMaxNanosWithoutProgress(NO_PROGRESS_NS));
        GlobalMemory host = new GlobalMemory();
        fillInputs(w, host);
        List<ChipEndpoint> chips = new ArrayList<>();
        try {
            openChips(w, o, backend, sim, host, chips);
            NodeRuntime node = new NodeRuntime(sim, chips, w.subWorkers(), host, config, sim::reportProgress);
            if (observer != null) {
                node.observe(observer);
            }
            node.start(w.program());
            sim.run();
            NodeRunResult r = node.result();
            List<String> golden = functional && r.ok() ? w.golden().mismatches(host) : null;
            return new Result(r, golden, backend.name(), platform, List.of(), TimeBase.VIRTUAL);
        } finally {
            chips.forEach(ChipEndpoint::close);
        }
    }

    /**
     * A run on a native backend: wall-clock time on a {@link RealTimeLoop}, no modelled host costs, THREAD
     * workers (each chip is already a worker process), host buffers and heap rings in memory the backend
     * shares with those processes.
     */
    private static Result runReal(NodeWorkloadInstance w, Options o, NodeObserver observer, Platform platform,
            BackendProvider backend) {
        if (o.mode() == WorkerMode.PROCESS) {
            throw new BackendException("--mode process models the mailbox hand-off in virtual time; backend '"
                    + backend.name() + "' already runs every chip in a worker process of its own (leave --mode out)");
        }
        long heapBytes = setting(o.settings(), HEAP_KEY, DEFAULT_REAL_HEAP_BYTES);
        long idleMs = setting(o.settings(), TIMEOUT_KEY, DEFAULT_REAL_TIMEOUT_MS);
        NodeConfig config = NodeConfig.DEFAULT.withPolicy(o.policy()).withMode(WorkerMode.THREAD)
                .withTiming(REAL_TIMING).withHeap(heapBytes, NodeRing.DEFAULT_TIMEOUT_NS).withFunctional(true);
        List<HostRegion> regions = new ArrayList<>();
        for (HostBuffer b : w.program().hostBuffers()) {
            regions.add(new HostRegion(b.name(), b.addr(), b.bytes()));
        }
        for (int r = 0; r < NodeRing.RINGS && heapBytes > 0; r++) {
            regions.add(new HostRegion("heap ring " + r, NodeRuntime.HEAP_BASE + r * heapBytes, heapBytes));
        }
        HostMemory host = backend.hostMemory(regions).orElseGet(GlobalMemory::new);
        RealTimeLoop loop = new RealTimeLoop();
        List<ChipEndpoint> chips = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try {
            GlobalMemory staging = new GlobalMemory();
            fillInputs(w, staging);
            copyBuffers(w, staging, host);
            openChips(w, o, backend, loop, host, chips);
            NodeRuntime node = new NodeRuntime(loop, chips, w.subWorkers(), host, config, () -> { });
            if (observer != null) {
                node.observe(observer);
            }
            node.start(w.program());
            RunResult ran = loop.run(idleMs * 1_000_000L);
            NodeRunResult r = node.result();
            if (ran.reason() != StopReason.DRAINED) {
                r = new NodeRunResult(false, r.error() + "; " + ran.message(), r.makespanNs(), r.runs(), r.tasks(),
                        r.dispatches(), r.failed(), r.workers(), r.cleanup(), r.digest());
            }
            List<String> golden = null;
            if (r.ok()) {
                GlobalMemory result = new GlobalMemory();
                copyBuffers(w, host, result);
                golden = w.golden().mismatches(result);
            }
            closeAll(chips, notes);
            return new Result(r, golden, backend.name(), platform, notes, TimeBase.REAL);
        } finally {
            closeAll(chips, notes);
            if (host instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    notes.add("closing the shared host memory failed: " + e);
                }
            }
        }
    }

    private static void openChips(NodeWorkloadInstance w, Options o, BackendProvider backend, EventLoop loop,
            HostMemory host, List<ChipEndpoint> chips) {
        Map<String, ChipCallable> callables = w.program().chipCallables();
        for (int i = 0; i < w.chips(); i++) {
            chips.add(backend.openChip(i, new EndpointContext(loop, host, o.platform(), o.settings(), o.seed(),
                    callables)));
        }
    }

    private static void closeAll(List<ChipEndpoint> chips, List<String> notes) {
        for (ChipEndpoint c : chips) {
            c.close();
            notes.addAll(c.closeNotes());
        }
        chips.clear();
    }

    private static void fillInputs(NodeWorkloadInstance w, GlobalMemory host) {
        for (Map.Entry<String, ElementSource> in : w.inputs().entrySet()) {
            HostBuffer b = w.program().hostBuffer(in.getKey());
            host.fill(b.addr(), b.bytes(), b.dtype(), in.getValue());
        }
    }

    /** Copies every host buffer of the program from {@code from} to {@code to}. */
    private static void copyBuffers(NodeWorkloadInstance w, HostMemory from, HostMemory to) {
        for (HostBuffer b : w.program().hostBuffers()) {
            byte[] bytes = new byte[Math.toIntExact(b.bytes())];
            from.readBytes(b.addr(), bytes, 0, bytes.length);
            to.writeBytes(b.addr(), bytes, 0, bytes.length);
        }
    }

    private static long setting(Map<String, String> settings, String key, long fallback) {
        String v = settings.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BackendException("--set " + key + "=" + v + ": expected a whole number >= 0");
        }
    }
}
