package io.ptosim.chip;

import io.ptosim.des.EventKind;
import io.ptosim.des.NamedEventKind;
import io.ptosim.des.RunResult;
import io.ptosim.des.Simulation;
import io.ptosim.kernel.CoreType;
import io.ptosim.kernel.DurationModel;
import io.ptosim.kernel.ElementSource;
import io.ptosim.kernel.Kernel;
import io.ptosim.kernel.KernelCall;
import io.ptosim.kernel.KernelTable;
import io.ptosim.kernel.Work;
import io.ptosim.memory.GlobalMemory;
import io.ptosim.platform.CostModel;
import io.ptosim.platform.Platform;
import io.ptosim.program.ExternalBuffer;
import io.ptosim.program.Program;
import io.ptosim.runtime.L2Runtime;
import io.ptosim.runtime.PeakUse;
import io.ptosim.runtime.ReadyQueue;
import io.ptosim.runtime.RuntimeConfig;
import io.ptosim.runtime.TaskId;
import io.ptosim.trace.TraceEvent;
import io.ptosim.trace.TraceSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A simulated chip running one program: the AICPU orchestrator thread, the scheduler threads, the
 * AIC/AIV cores and global memory, on one deterministic {@link Simulation} in virtual nanoseconds. The
 * runtime's rules come from {@link L2Runtime}; this class adds time. Every run ends: it completes, or
 * stops with the runtime's error code and diagnosis.
 */
public final class Chip {
    static final EventKind ORCH_STEP = new NamedEventKind(10, "orch-step");
    static final EventKind SCHED_ITERATION = new NamedEventKind(11, "sched-iteration");
    static final EventKind BACKSTOP = new NamedEventKind(13, "backstop");

    final Platform platform;
    final CostModel costs;
    private double totalFlops;
    private long totalBytes;
    private long totalComputePs;
    final KernelTable kernels;
    final Simulation sim;
    final L2Runtime runtime;
    final GlobalMemory memory;
    final AiCore[] cores;
    /** The die's shared HBM: every block that moves bytes is one of its flows. */
    final MemorySystem hbm;
    final SchedulerThread[] threads;
    final ReadyQueue visible;
    /** Tier 0: ready sync-start tasks and the drain a waiting one holds. */
    final SyncStart syncStart;
    final Orchestrator orchestrator;
    /** Tasks submitted and not yet completed. */
    final LiveTasks live;
    final ChipDigest digest = new ChipDigest();
    /** Where trace events go; null when the run is not traced (then none is built). */
    TraceSink trace;
    /** Who sees the orchestrator's charges; null when nobody asked. */
    OrchestratorObserver orchestratorObserver;
    /** Per ring, the watermark the trace last reported. */
    private final long[] tracedWatermark = new long[RuntimeConfig.RINGS];
    long dispatches;
    long edges;
    long lostReady;
    long schedulerEndPs;
    boolean finished;
    int errorCode;
    String error = "";

    /**
     * A chip of {@code platform} loaded with {@code program}; {@code inputs} fill external buffers when
     * {@code functional} (kernel bodies run), else they are ignored.
     */
    public Chip(Platform platform, Program program, KernelTable kernels, Map<String, ElementSource> inputs,
            boolean functional, long seed) {
        this(platform, program, kernels, functional ? filled(program, inputs) : null, seed);
    }

    /**
     * A chip of {@code platform} loaded with {@code program} that runs on {@code memory} as it is (the
     * bytes at the program's external addresses are its inputs, its results stay there), or timing-only
     * when {@code memory} is null. The runtime's heap lies below 2^39; a caller sharing {@code memory}
     * keeps its own data elsewhere.
     */
    public Chip(Platform platform, Program program, KernelTable kernels, GlobalMemory memory, long seed) {
        this.platform = platform;
        this.costs = platform.costs();
        this.kernels = kernels;
        this.sim = new Simulation(seed);
        this.runtime = new L2Runtime(platform.runtime());
        this.visible = new ReadyQueue(platform.runtime().readyQueueCapacity());
        this.live = new LiveTasks(platform.runtime());
        this.memory = memory;
        int n = platform.clusters();
        cores = new AiCore[3 * n];
        for (int c = 0; c < n; c++) {
            cores[c] = new AiCore(c, CoreType.AIC, c);
            cores[n + 2 * c] = new AiCore(n + 2 * c, CoreType.AIV, c);
            cores[n + 2 * c + 1] = new AiCore(n + 2 * c + 1, CoreType.AIV, c);
        }
        syncStart = new SyncStart(this, platform.runtime().readyQueueCapacity());
        hbm = new MemorySystem(sim, cores.length, costs.hbmGbps, new HbmListener());
        int s = platform.schedulerThreads();
        threads = new SchedulerThread[s];
        for (int t = 0; t < s; t++) {
            List<Integer> clusters = new ArrayList<>();
            for (int c = t; c < n; c += s) {
                clusters.add(c);
            }
            threads[t] = new SchedulerThread(this, t, clusters);
        }
        orchestrator = new Orchestrator(this, program.validate());
    }

    /** A fresh memory whose external buffers start as {@code inputs} give them. */
    private static GlobalMemory filled(Program program, Map<String, ElementSource> inputs) {
        GlobalMemory memory = new GlobalMemory();
        for (ExternalBuffer b : program.externals()) {
            ElementSource source = inputs.get(b.name());
            if (source != null) {
                memory.fill(b.addr(), b.sizeBytes(), b.dtype(), source);
            }
        }
        return memory;
    }

    /** Sees a run's progress: tasks completed so far. Called from the simulation thread; must not touch it. */
    @FunctionalInterface
    public interface ProgressListener {
        /** {@code completed} tasks of the run have completed. */
        void completed(long completed);
    }

    private ProgressListener progress = c -> { };
    private long nextProgress = PROGRESS_EVERY;
    private static final long PROGRESS_EVERY = 4096;

    /** Reports progress every few thousand completed tasks (does not change the run). */
    public void onProgress(ProgressListener listener) {
        this.progress = listener;
    }

    /** Called on each completion. */
    void completedOne() {
        long done = runtime.completedTasks();
        if (done >= nextProgress) {
            nextProgress = done + PROGRESS_EVERY;
            progress.completed(done);
        }
    }

    /** Sends this run's {@link io.ptosim.trace.TraceEvent}s to {@code sink} (call before {@link #run}). */
    public void traceTo(TraceSink sink) {
        this.trace = sink;
    }

    /** Sends each orchestrator charge and the orchestrator's end to {@code observer} (call before {@link #run}). */
    public void observeOrchestrator(OrchestratorObserver observer) {
        this.orchestratorObserver = observer;
    }

    /** Global memory of a functional run (null when timing-only). */
    public GlobalMemory memory() {
        return memory;
    }

    /** Runs to the end and summarizes. */
    public RunSummary run() {
        orchestrator.start();
        RunResult result = sim.run();
        if (!finished && errorCode == 0) {
            stall(result);
        }
        long end = Math.max(orchestrator.endPs, schedulerEndPs);
        long elapsedNs = end / 1000;
        double aic = 0;
        double aiv = 0;
        for (AiCore core : cores) {
            if (core.type == CoreType.AIC) {
                aic += core.busyPs;
            } else {
                aiv += core.busyPs;
            }
        }
        int n = platform.clusters();
        List<Long> peaks = new ArrayList<>();
        for (int r = 0; r < RuntimeConfig.RINGS; r++) {
            peaks.add(runtime.peaks().live(r));
        }
        List<HighWater> marks = highWater();
        if (trace != null) {
            for (HighWater m : marks) {
                for (int r = 0; r < m.peaks().size(); r++) {
                    trace.accept(new TraceEvent.HighWater(end, m.perRing() ? r : -1, m.peaks().get(r), m.sizes().get(r),
                            m.label()));
                }
            }
        }
        return new RunSummary(platform.name(), finished, errorCode, error, elapsedNs, orchestrator.windowPs() / 1000,
                new TreeMap<>(orchestrator.blockedNs()), runtime.totalTasks(), edges, dispatches,
                end == 0 ? 0 : aic / ((double) n * end), end == 0 ? 0 : aiv / (2.0 * n * end), peaks,
                lostReady, result.eventsFired(), digest.hex(), orchestrator.stepNs(),
                orchestrator.stepCounts(), new RunSummary.Totals(totalFlops, totalBytes, totalComputePs / 1000),
                new RunSummary.ReaderTracking(platform.runtime().trackReaders(), runtime.readerInserts(),
                        runtime.readerEdges()),
                runtime.completedTasks(), marks, finished ? null : failure());
    }

    /** The run's high-water marks, from the runtime's {@link io.ptosim.runtime.PeakUse}. */
    private List<HighWater> highWater() {
        PeakUse p = runtime.peaks();
        RuntimeConfig c = platform.runtime();
        List<Long> window = new ArrayList<>();
        List<Long> heap = new ArrayList<>();
        List<Long> dep = new ArrayList<>();
        List<Long> windowSize = new ArrayList<>();
        List<Long> heapSize = new ArrayList<>();
        List<Long> depSize = new ArrayList<>();
        for (int r = 0; r < RuntimeConfig.RINGS; r++) {
            window.add(p.live(r));
            heap.add(p.heapBytes(r));
            dep.add(p.depPoolNodes(r));
            windowSize.add((long) c.window(r));
            heapSize.add(c.heapBytes()[r]);
            depSize.add((long) c.depPoolSizes()[r]);
        }
        return List.of(new HighWater("task_window", "task window", "tasks", "ring.taskWindow", window, windowSize),
                new HighWater("heap", "heap", "bytes", "ring.heapBytes", heap, heapSize),
                new HighWater("dep_pool", "dep pool", "nodes", "ring.depPool", dep, depSize),
                new HighWater("tensormap", "tensormap", "entries", "tensorMap.pool", List.of(p.tensorMapEntries()),
                        List.of((long) c.tensorMapPool())));
    }

    /** What stopped a failed run: the code, the ring's head task, the scope depth and the op. */
    private Failure failure() {
        int ring = runtime.fatalRing();
        long head = ring >= 0 ? runtime.head(ring) : TaskId.INVALID;
        String headState = head != TaskId.INVALID && runtime.holds(head) ? runtime.state(head).name() : "";
        int op = orchestrator.currentOp();
        return new Failure(errorCode, Failure.nameOf(errorCode), Failure.meaningOf(errorCode), error,
                Failure.resourceOf(errorCode), Failure.setKeyOf(errorCode), ring, head, headState,
                head == TaskId.INVALID ? -1 : runtime.openScopeHolding(head), runtime.depth(), op,
                op < 0 ? "" : orchestrator.describe(op));
    }

    /** Nothing can move: the scheduler's no-progress timeout with its sub-class (spec §10). */
    private void stall(RunResult result) {
        int running = 0;
        for (AiCore c : cores) {
            running += c.idle() ? 0 : 1;
        }
        long remaining = runtime.totalTasks() - runtime.completedTasks();
        String sub;
        if (running > 0) {
            sub = "S1:running-stalled (1)";
        } else if (visible.size() > 0) {
            sub = "S3:ready-but-all-idle (3)";
        } else if (remaining > 0 && orchestrator.done) {
            sub = "S4:dependency-deadlock (4)";
        } else if (!orchestrator.done) {
            sub = "S5:orchestrator-starvation (5)";
        } else {
            sub = "unknown:accounting/corruption (99)";
        }
        errorCode = 100;
        error = "SCHEDULER_TIMEOUT: no progress for " + costs.schedulerTimeout / 1_000_000_000 + " ms, " + sub
                + ": completed " + runtime.completedTasks() + "/" + runtime.totalTasks() + ", running " + running
                + ", ready " + visible.size() + ", waiting " + (remaining - running - visible.size()) + ", orch_done "
                + orchestrator.done + (lostReady > 0 ? ", " + lostReady + " task(s) lost to a full ready queue" : "")
                + " (" + result.message() + ")";
        schedulerEndPs = Math.max(schedulerEndPs, (sim.now() * 1000) + costs.schedulerTimeout);
        if (trace != null) {
            trace.accept(new TraceEvent.Stopped(schedulerEndPs, errorCode, error));
        }
    }

    /** A task entered the chip (submit). */
    void submitted(ChipTask task, long atPs) {
        digest.submitted(atPs, task.id);
    }

    /** Traces every ring whose watermark moved since the last report (call only when tracing). */
    void traceWatermarks(long atPs) {
        for (int r = 0; r < RuntimeConfig.RINGS; r++) {
            long w = runtime.ring(r).watermark();
            if (w > tracedWatermark[r]) {
                tracedWatermark[r] = w;
                trace.accept(new TraceEvent.WatermarkAdvanced(atPs, r, w));
            }
        }
    }

    /**
     * What a block of {@code k} costs before sharing (the single place a kernel's duration model becomes
     * compute time and bytes): a fixed or scalar duration is pure compute; a {@link Work} is the
     * {@link io.ptosim.platform.Roofline}'s compute time on the core type and {@code bytesRead +
     * bytesWritten} bytes.
     */
    BlockCost blockCost(Kernel k, KernelCall call) {
        BlockCost c = cost(k, call);
        totalComputePs += c.computePs();
        totalBytes += c.bytes();
        return c;
    }

    private BlockCost cost(Kernel k, KernelCall call) {
        long overhead = costs.blockOverhead;
        if (k.duration() instanceof DurationModel.Fixed f) {
            return new BlockCost(overhead, f.nanos() * 1000, 0);
        }
        if (k.duration() instanceof DurationModel.FromScalar s) {
            if (s.index() >= call.scalarCount() || call.scalar(s.index()) < 0) {
                throw new IllegalStateException("kernel '" + k.name() + "' takes its duration from scalar " + s.index()
                        + ", but the task has " + call.scalarCount() + " scalar(s)"
                        + (s.index() < call.scalarCount() ? " and that one is negative" : ""));
            }
            return new BlockCost(overhead, call.scalar(s.index()) * 1000, 0);
        }
        Work w = ((DurationModel.FromWork) k.duration()).work().of(call);
        totalFlops += w.flops();
        return new BlockCost(overhead, Math.round(costs.roofline.computePs(k.core(), w)), w.bytes());
    }

    /** The per-core bandwidth cap of a core type, GB/s. */
    double coreGbps(CoreType type) {
        return type == CoreType.AIC ? costs.aicGbps : costs.aivGbps;
    }

    /**
     * The block just placed on idle {@code core} starts at {@code startPs}: its end is final when it moves no
     * bytes, else projected while its flow streams.
     */
    void begin(AiCore core, long startPs, BlockCost cost) {
        core.startPs = startPs;
        core.computePs = cost.computePs();
        core.overheadPs = cost.overheadPs();
        core.bytes = cost.bytes();
        if (cost.bytes() == 0 || costs.hbmGbps == 0) {
            // nothing shared: a compute-only block, or unlimited HBM (each flow at its cap)
            core.inFlight = false;
            core.endPs = startPs + (cost.bytes() == 0 ? cost.computePs() + cost.overheadPs()
                    : cost.uncontendedPs(coreGbps(core.type)));
        } else {
            core.inFlight = true;
            core.flowPending = false;
            long fin = hbm.start(core.id, startPs, cost.bytes(),
                    MemorySystem.demandCap(cost.bytes(), cost.computePs(), coreGbps(core.type)));
            core.endPs = Math.max(startPs + cost.computePs(), fin) + cost.overheadPs();
        }
        core.finVisiblePs = core.endPs + costs.finVisible;
    }

    /** The running block's end on {@code core} is final: its preloaded block gets its start (and its flow). */
    void place(AiCore core) {
        long start = Math.max(core.endPs, core.pendingReadyPs);
        core.pendingStartPs = start;
        core.pendingPlaced = true;
        if (core.pendingBytes == 0 || costs.hbmGbps == 0) {
            core.pendingInFlight = false;
            core.pendingEndPs = start + (core.pendingBytes == 0 ? core.pendingComputePs + core.pendingOverheadPs
                    : new BlockCost(core.pendingOverheadPs, core.pendingComputePs, core.pendingBytes)
                            .uncontendedPs(coreGbps(core.type)));
        } else {
            core.pendingInFlight = true;
            core.flowPending = true;
            long fin = hbm.start(core.id, start, core.pendingBytes,
                    MemorySystem.demandCap(core.pendingBytes, core.pendingComputePs, coreGbps(core.type)));
            core.pendingEndPs = Math.max(start + core.pendingComputePs, fin) + core.pendingOverheadPs;
        }
    }

    private SchedulerThread owner(AiCore core) {
        return threads[core.cluster % threads.length];
    }

    /** Moves the ends of the blocks whose flows changed, and wakes the threads whose earliest FIN moved. */
    private final class HbmListener implements MemorySystem.Listener {
        @Override
        public void projected(int id, long finPs) {
            AiCore core = cores[id];
            if (core.flowPending) {
                core.pendingEndPs = Math.max(core.pendingStartPs + core.pendingComputePs, finPs) + core.pendingOverheadPs;
                return;
            }
            moveEnd(core, Math.max(core.startPs + core.computePs, finPs) + core.overheadPs);
        }

        @Override
        public void done(int id, long atPs) {
            AiCore core = cores[id];
            if (core.flowPending) {
                core.pendingEndPs = Math.max(core.pendingStartPs + core.pendingComputePs, atPs) + core.pendingOverheadPs;
                core.pendingInFlight = false;
                core.flowPending = false;
                return;
            }
            core.inFlight = false;
            moveEnd(core, Math.max(core.startPs + core.computePs, atPs) + core.overheadPs);
            if (core.pending != TaskId.INVALID && !core.pendingPlaced) {
                place(core);
            }
        }

        private void moveEnd(AiCore core, long end) {
            if (end != core.endPs) {
                core.endPs = end;
                core.finVisiblePs = end + costs.finVisible;
                owner(core).finDirty = true;
            }
        }

        @Override
        public void settled() {
            for (SchedulerThread t : threads) {
                t.finMoved();
            }
        }
    }

    /** The run ended with every task completed. */
    void checkFinished(long atPs) {
        if (orchestrator.done && !finished && runtime.completedTasks() == runtime.totalTasks()) {
            finished = true;
            schedulerEndPs = Math.max(schedulerEndPs, atPs);
            sim.stop();
        }
    }

    /** The runtime latched an error: the run stops. */
    void fail(int code, String message, long atPs) {
        if (errorCode == 0) {
            errorCode = code;
            error = message;
            schedulerEndPs = Math.max(schedulerEndPs, atPs);
            if (trace != null) {
                trace.accept(new TraceEvent.Stopped(atPs, code, message));
            }
        }
        sim.stop();
    }

    static long ceilNs(long ps) {
        return (ps + 999) / 1000;
    }
}
