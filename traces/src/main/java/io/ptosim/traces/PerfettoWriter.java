package io.ptosim.traces;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ptosim.kernel.KernelTable;
import io.ptosim.platform.Platform;
import io.ptosim.runtime.TaskId;
import io.ptosim.trace.TraceEvent;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Streams a run's events to a Perfetto / chrome://tracing timeline (trace-event JSON, laid out after
 * simpler's {@code merged_swimlane.json}, traces.md §3; see {@link PerfettoTracks}): a slice per kernel
 * block on its core's track; the orchestrator's submit, alloc_tensors and blocked slices; the scheduler
 * threads' dispatch, complete and release records from {@link SchedulerPhases}; an arrow per wired
 * dependency edge ({@link DependencyArrows}); counters of the ready-queue depth per shape
 * ({@link ReadyDepth}) and of each ring's live tasks ({@link RingOccupancy}); an instant where the run
 * stopped with an error. Times are microseconds of virtual time from the run's start, on a whole
 * nanosecond. Slices on one track never partly overlap: a core runs one block at a time (a pre-loaded
 * block starts when the previous one ends) and the AICPU threads' records are strictly sequential.
 * Memory is bounded by the live tasks; {@link PerfettoBudget} bounds the file. The file appears only
 * when {@link #finish} succeeds.
 */
public final class PerfettoWriter implements TraceWriter {
    private static final String[] SHAPE_NAMES = {"AIC", "AIV", "MIX"};
    private static final int[] NO_KERNELS = {-1, -1, -1};

    private final Path target;
    private final AtomicFile file;
    private final TraceEventJson out;
    private final CoreLayout layout;
    private final KernelTable kernels;
    private final PerfettoBudget budget;
    private final long keptEvery;
    private final TaskSlots<PerfettoTask> tasks;
    private final SchedulerPhases phases;
    private final DependencyArrows arrows;
    private final RingOccupancy rings = new RingOccupancy();
    private final long[] phasesPerThread;
    /** Lookups only, never iterated. */
    private final Map<Integer, String> kernelLabels = new HashMap<>();
    private final DependencyArrows.Out arrowOut = this::arrow;
    private long submits;
    private long readySamples;
    private long ringSamples;
    private long flows;
    private long dropped;
    private long firstDroppedNs = -1;
    private long nowNs;
    private long orchestratorEndNs;
    private long blockedSincePs = -1;
    private String blockedOn;
    /** Where the last scheduler record went, if written: a dependency-only task's slice. */
    private boolean phaseWritten;
    private long phaseStartNs;
    private boolean finished;

    /**
     * Starts a timeline of a run on {@code platform} at {@code target}.
     *
     * @param kernels names the kernels in slice labels (null: {@code func_<id>})
     * @throws UncheckedIOException if the temporary file cannot be created
     */
    public PerfettoWriter(Path target, Platform platform, KernelTable kernels, PerfettoBudget budget) {
        this.target = target;
        this.file = new AtomicFile(target);
        this.layout = CoreLayout.of(platform);
        this.kernels = kernels;
        this.budget = budget;
        this.keptEvery = budget.keptEvery();
        this.tasks = new TaskSlots<>(platform.runtime());
        this.arrows = new DependencyArrows(tasks);
        this.phases = new SchedulerPhases(layout.threads(), platform.costs(), platform.runtime(), this::phase);
        this.phasesPerThread = new long[layout.threads()];
        TraceEventJson json = null;
        try {
            json = new TraceEventJson(new BufferedOutputStream(file.open(), 1 << 16));
            PerfettoTracks.name(json, layout);
        } catch (IOException e) {
            file.abandon(json);
            throw failed(e);
        }
        this.out = json;
    }

    @Override
    public void accept(TraceEvent event) {
        nowNs = ns(event.timePs());
        try {
            int changed = phases.accept(event);
            if (changed >= 0) {
                readyCounter(changed);
            }
            switch (event) {
                case TraceEvent.Submitted s -> submitted(s);
                case TraceEvent.Allocated a -> allocated(a);
                case TraceEvent.EdgeWired e -> arrows.edge(e.producer(), e.consumer());
                case TraceEvent.BlockEnded b -> blockEnded(b);
                case TraceEvent.Completed c -> completed(c);
                case TraceEvent.WatermarkAdvanced w -> ringCounter(rings.watermark(w.ring(), w.watermark()));
                case TraceEvent.Blocked b -> {
                    blockedSincePs = b.timePs();
                    blockedOn = b.resource();
                }
                case TraceEvent.Unblocked u -> unblocked(u.timePs());
                case TraceEvent.Stopped s -> stopped(s);
                default -> { }
            }
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private void submitted(TraceEvent.Submitted s) throws IOException {
        long ordinal = submits++;
        PerfettoTask t = new PerfettoTask(s.taskId(), new int[] {s.kernelAic(), s.kernelAiv0(), s.kernelAiv1()},
                s.blockNum(), budget.keepsTask(ordinal));
        tasks.put(s.taskId(), t);
        if (t.kept) {
            orchestratorSlice("orchestrator", "submit(" + TaskId.display(s.taskId()) + ")", s.timePs(), s.endPs(),
                    g -> {
                        g.writeNumberField("task_id", s.taskId());
                        g.writeNumberField("submit_idx", ordinal);
                        g.writeNumberField("op", s.op());
                    });
        }
        nowNs = ns(s.endPs());
        ringCounter(rings.allocated(s.taskId()));
    }

    private void allocated(TraceEvent.Allocated a) throws IOException {
        long ordinal = submits++;
        PerfettoTask t = new PerfettoTask(a.taskId(), NO_KERNELS, 0, budget.keepsTask(ordinal));
        tasks.put(a.taskId(), t);
        long startNs = t.kept ? orchestratorSlice("orchestrator", "alloc(" + TaskId.display(a.taskId()) + ")",
                a.timePs(), a.endPs(), g -> {
                    g.writeNumberField("task_id", a.taskId());
                    g.writeNumberField("submit_idx", ordinal);
                    g.writeNumberField("op", a.op());
                }) : -1;
        if (startNs >= 0) {
            arrows.firstSlice(t, PerfettoTracks.ORCHESTRATOR_PID, PerfettoTracks.ORCHESTRATOR_TID, startNs, arrowOut);
        } else {
            arrows.noSlice(t);
        }
        nowNs = ns(a.endPs());
        ringCounter(rings.allocated(a.taskId()));
    }

    /** A kernel slice is drawn when its block ends: only then are its start and end final. */
    private void blockEnded(TraceEvent.BlockEnded d) throws IOException {
        PerfettoTask t = tasks.get(d.taskId());
        if (t == null) {
            return;
        }
        if (!t.kept || !room(1)) {
            arrows.noSlice(t);
            return;
        }
        int tid = PerfettoTracks.coreTid(d.core());
        long startNs = ns(d.startPs());
        out.slice(PerfettoTracks.WORKER_PID, tid, "kernel", label(t, d.core()), startNs, ns(d.endPs()), g -> {
            g.writeNumberField("task_id", d.taskId());
            if (t.blockNum > 1) {
                g.writeNumberField("block", d.block());
            }
        });
        arrows.firstSlice(t, PerfettoTracks.WORKER_PID, tid, startNs, arrowOut);
    }

    /** The slice label: the kernel the core runs for {@code t}, and the task. */
    private String label(PerfettoTask t, int core) {
        int slot = layout.slot(core);
        int kernel = slot == 0 || t.mix() ? t.kernels[slot] : t.kernels[1] >= 0 ? t.kernels[1] : t.kernels[2];
        return kernelLabels.computeIfAbsent(kernel,
                k -> kernels != null && kernels.contains(k) ? kernels.get(k).name() : "func_" + k)
                + "(" + TaskId.display(t.id) + ")";
    }

    private void completed(TraceEvent.Completed c) throws IOException {
        PerfettoTask t = tasks.get(c.taskId());
        if (t == null || !t.dummy()) {
            return;
        }
        if (t.kept && phaseWritten) {
            arrows.firstSlice(t, PerfettoTracks.SCHEDULER_PID, PerfettoTracks.schedulerTid(c.thread()), phaseStartNs,
                    arrowOut);
        } else {
            arrows.noSlice(t);
        }
    }

    private boolean arrow(PerfettoTask from, PerfettoTask to) throws IOException {
        if (!room(2)) {
            return false;
        }
        out.flow(++flows, "dependency", from.pid, from.tid, from.startNs, to.pid, to.tid, to.startNs);
        return true;
    }

    private void phase(SchedulerPhase p) {
        phaseWritten = phasesPerThread[p.thread()]++ % keptEvery == 0 && room(1);
        if (!phaseWritten) {
            return;
        }
        phaseStartNs = ns(p.startPs());
        try {
            out.slice(PerfettoTracks.SCHEDULER_PID, PerfettoTracks.schedulerTid(p.thread()), "scheduler",
                    p.kind() + "(" + p.tasksProcessed() + ")", phaseStartNs, ns(p.endPs()), g -> {
                        g.writeNumberField("tasks_processed", p.tasksProcessed());
                        g.writeNumberField("loop_iter", p.loopIter());
                    });
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private void unblocked(long atPs) throws IOException {
        if (blockedSincePs >= 0) {
            String on = blockedOn;
            orchestratorSlice("blocked", "blocked: " + on, blockedSincePs, atPs,
                    g -> g.writeStringField("resource", on));
            blockedSincePs = -1;
        }
    }

    private void stopped(TraceEvent.Stopped s) throws IOException {
        unblocked(s.timePs());
        if (room(1)) {
            out.instant(PerfettoTracks.ORCHESTRATOR_PID, PerfettoTracks.ORCHESTRATOR_TID, "error",
                    "stopped: error " + s.code(), "g", nowNs, g -> {
                        g.writeNumberField("code", s.code());
                        g.writeStringField("message", s.message());
                    });
        }
    }

    /**
     * A slice on the orchestrator's track, never starting before the previous one ends.
     *
     * @return its start (ns), or -1 if it is over the limit
     */
    private long orchestratorSlice(String cat, String name, long startPs, long endPs, TraceEventJson.Args args)
            throws IOException {
        if (!room(1)) {
            return -1;
        }
        long startNs = Math.max(ns(startPs), orchestratorEndNs);
        orchestratorEndNs = Math.max(ns(endPs), startNs);
        out.slice(PerfettoTracks.ORCHESTRATOR_PID, PerfettoTracks.ORCHESTRATOR_TID, cat, name, startNs,
                orchestratorEndNs, args);
        return startNs;
    }

    private void readyCounter(int shape) throws IOException {
        if (readySamples++ % keptEvery == 0 && room(1)) {
            out.counter(PerfettoTracks.SCHEDULER_PID, "ready_queue", SHAPE_NAMES[shape], phases.depth().depth(shape),
                    nowNs);
        }
    }

    private void ringCounter(int ring) throws IOException {
        if (ringSamples++ % keptEvery == 0 && room(1)) {
            out.counter(PerfettoTracks.ORCHESTRATOR_PID, "ring_live", "ring" + ring, rings.live(ring), nowNs);
        }
    }

    /** Whether {@code n} more events fit the budget; counts them as dropped if not. */
    private boolean room(int n) {
        if (out.events() + n <= budget.maxEvents()) {
            return true;
        }
        if (firstDroppedNs < 0) {
            firstDroppedNs = nowNs;
        }
        dropped += n;
        return false;
    }

    private static long ns(long ps) {
        return ps / 1000;
    }

    /** Whether the file holds less than the whole run. */
    public boolean sampled() {
        return keptEvery > 1 || dropped > 0;
    }

    @Override
    public String contents() {
        return out.events() + " events" + (sampled() ? ", sampled (see its metadata)" : "");
    }

    /** Ends the event list, writes the metadata (with the run's digest) and moves the file into place. */
    @Override
    public void finish(String digest) {
        try {
            phases.finish();
            out.finish(this::metadata);
            file.commit();
            finished = true;
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private void metadata(JsonGenerator g) throws IOException {
        g.writeStringField("ptosim_timeline", "a simulated run: kernel blocks per core, AICPU threads, dependency"
                + " arrows, ready-queue and ring counters");
        g.writeStringField("time_unit", "microseconds of virtual time from the run's start");
        g.writeNumberField("tasks", submits);
        g.writeNumberField("events", out.events());
        g.writeNumberField("max_events", budget.maxEvents());
        g.writeNumberField("dependency_arrows", arrows.drawn());
        g.writeNumberField("edges_without_arrow", arrows.leftOut());
        g.writeBooleanField("ptosim_sampled", sampled());
        g.writeNumberField("kept_every", keptEvery);
        g.writeNumberField("kept_task_run", budget.taskRun());
        if (sampled()) {
            g.writeStringField("reason", reason());
            g.writeNumberField("dropped_events", dropped);
        }
    }

    private String reason() {
        StringBuilder why = new StringBuilder();
        if (keptEvery > 1) {
            why.append(budget.expectedTasks()).append(" tasks need about ")
                    .append(budget.expectedTasks() * PerfettoBudget.EVENTS_PER_TASK)
                    .append(" events, over the limit of ")
                    .append(budget.maxEvents()).append(" a trace viewer loads; kept one run of ")
                    .append(budget.taskRun()).append(" consecutive tasks in every ").append(keptEvery)
                    .append(" (their slices, and the arrows between kept tasks), and one scheduler record and"
                            + " counter sample in every ").append(keptEvery);
        }
        if (dropped > 0) {
            why.append(why.isEmpty() ? "" : "; ").append("the limit of ").append(budget.maxEvents())
                    .append(" events was reached at ").append(TraceEventJson.micros(firstDroppedNs)).append(" us: ")
                    .append(dropped).append(" later events left out");
        }
        return why.toString();
    }

    /** Discards the temporary file unless {@link #finish} ran. */
    @Override
    public void close() {
        if (!finished) {
            file.abandon(out);
        }
    }

    private UncheckedIOException failed(IOException e) {
        return new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
}
