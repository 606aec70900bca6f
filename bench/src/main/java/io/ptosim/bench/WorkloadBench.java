package io.ptosim.bench;

import io.ptosim.chip.RunSummary;
import io.ptosim.platform.Platform;
import io.ptosim.runtime.RuntimeConfig;
import io.ptosim.workloads.Catalog;
import io.ptosim.workloads.ChipRun;
import io.ptosim.workloads.WorkloadInstance;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * End-to-end figures for {@code ptosim bench}: the small runs a user types most, warm in this JVM
 * (milliseconds per run, median); then paged-attention Case1 (auto, a2a3) on the simulated chip,
 * timing-only as simulated tasks per wall second (best and median of rounds after warm-up rounds), its
 * runtime-semantics layer alone, and functional (kernel bodies and the golden check) as wall seconds of
 * one run.
 */
public final class WorkloadBench {
    /** Timing-only rounds measured after the warm-up; the figures are their best and median. */
    public static final int ROUNDS = 9;
    /** Timing-only warm-up rounds: the JIT needs about ten whole runs before the rounds settle. */
    public static final int WARMUP = 10;
    /** Small-run rounds measured after as many warm-up rounds. */
    public static final int SMALL_ROUNDS = 50;
    /**
     * The a2a3 silicon's elapsed time for paged-attention Case1 (tensormap_and_ringbuffer, µs): the
     * calibration row of {@code perf-anchors.md} §2 (36,791.2 µs, mean of 5 rounds).
     */
    public static final double SILICON_CASE1_MICROS = 36_791.2;

    /**
     * The end-to-end figures.
     *
     * @param tasks tasks of the run
     * @param bestTasksPerSecond best round's simulated tasks per wall second, timing only
     * @param medianTasksPerSecond median round's simulated tasks per wall second, timing only
     * @param functionalSeconds wall seconds of one functional run (including the golden check)
     * @param goldenMatched whether that run matched the golden
     * @param smallRuns warm in-process small runs
     * @param events events one timing-only run fires
     * @param runtimeMillis median wall milliseconds of the runtime-semantics layer alone over the same
     *     program ({@link RuntimeLayer})
     * @param engineEventsPerSecond the engine's events per second in the hold model at
     *     {@link #ENGINE_PENDING} pending events, about as many as a chip run keeps, each a timer that
     *     reschedules itself as the chip's actors do
     * @param allocatedBytesPerTask bytes one timing-only run allocates on its thread, per task (NaN when
     *     the JVM does not count them)
     */
    public record Figures(long tasks, double bestTasksPerSecond, double medianTasksPerSecond,
            double functionalSeconds, boolean goldenMatched, List<SmallRun> smallRuns, long events,
            double runtimeMillis, double engineEventsPerSecond, double allocatedBytesPerTask) {
        /** The median timing-only Case1 run's wall time over the silicon's elapsed time. */
        public double medianRealTimeRatio() {
            return medianMillis() * 1e3 / SILICON_CASE1_MICROS;
        }

        /** These figures with {@code runs} as their small runs. */
        public Figures withSmallRuns(List<SmallRun> runs) {
            return new Figures(tasks, bestTasksPerSecond, medianTasksPerSecond, functionalSeconds, goldenMatched,
                    List.copyOf(runs), events, runtimeMillis, engineEventsPerSecond, allocatedBytesPerTask);
        }

        /** These figures with {@code millis} as the runtime layer's. */
        public Figures withRuntimeMillis(double millis) {
            return new Figures(tasks, bestTasksPerSecond, medianTasksPerSecond, functionalSeconds, goldenMatched,
                    smallRuns, events, millis, engineEventsPerSecond, allocatedBytesPerTask);
        }

        /** The median timing-only run's wall milliseconds. */
        public double medianMillis() {
            return tasks / medianTasksPerSecond * 1e3;
        }

        /**
         * The run split into its layers: the runtime semantics as measured alone, the event engine as the
         * run's events at the engine's own rate in the hold model, and the chip model as the rest of the
         * median run.
         */
        public Layers layers() {
            double engine = events / engineEventsPerSecond * 1e3;
            return new Layers(runtimeMillis, engine, medianMillis() - runtimeMillis - engine);
        }
    }

    /**
     * Wall milliseconds of one timing-only Case1 run per layer, against the budgets of issue 15 (12, 8
     * and 10 ms: a run faster than the silicon's 36.8 ms).
     *
     * @param runtimeMillis the runtime semantics ({@code L2Runtime}: submits, wiring, completion, release)
     * @param engineMillis the event engine (queue and dispatch of the run's events)
     * @param chipMillis the chip model (orchestrator and scheduler threads, cores, memory system, costs)
     */
    public record Layers(double runtimeMillis, double engineMillis, double chipMillis) {
        /** Budget of the runtime semantics per Case1 run, ms. */
        public static final double RUNTIME_BUDGET_MS = 12;
        /** Budget of the event engine per Case1 run, ms. */
        public static final double ENGINE_BUDGET_MS = 8;
        /** Budget of the chip model per Case1 run, ms. */
        public static final double CHIP_BUDGET_MS = 10;
    }

    /**
     * Pending events of the hold model that prices the engine's share of a run: a Case1 run keeps 3.9 on
     * average (its orchestrator, scheduler threads and memory system each keep at most one), measured
     * at every poll of its queue.
     */
    public static final int ENGINE_PENDING = 4;

    /** Rounds of the runtime layer alone. */
    public static final int LAYER_ROUNDS = 15;
    /** Warm-up rounds of the runtime layer alone. */
    public static final int LAYER_WARMUP = 20;

    /**
     * One warm small run.
     *
     * @param key the figure's JSON key
     * @param label what was run
     * @param medianMillis median wall milliseconds per run
     * @param minMillis fastest run
     */
    public record SmallRun(String key, String label, double medianMillis, double minMillis) {
    }

    private WorkloadBench() {
    }

    /** The paged-attention Case1 auto instance. */
    public static WorkloadInstance case1() {
        return Catalog.byName("paged-attention").instance("Case1", "auto");
    }

    /** Simulates {@code w} once, timing only; the summary. */
    public static RunSummary timingOnly(WorkloadInstance w) {
        return ChipRun.run(w, "a2a3", Map.of(), false, 0).summary();
    }

    /** Measures all the figures in this JVM, reporting progress lines. */
    public static Figures run(Consumer<String> progress, boolean functional) {
        List<SmallRun> small = smallRuns(progress);
        return case1(progress, functional).withSmallRuns(small).withRuntimeMillis(runtimeLayerMillis(progress));
    }

    /**
     * Median wall milliseconds of the runtime-semantics layer alone over the Case1 program
     * ({@link RuntimeLayer}), after {@value #LAYER_WARMUP} warm-up rounds. Measured in a JVM that has run
     * nothing else: after timed chip runs the JIT's profiles of the shared runtime code gave this figure
     * anywhere from 25 to 55 ms.
     */
    public static double runtimeLayerMillis(Consumer<String> progress) {
        WorkloadInstance w = case1();
        RuntimeConfig config = Platform.load("a2a3", Map.of()).runtime();
        double[] layer = new double[LAYER_ROUNDS];
        for (int i = 0; i < LAYER_WARMUP + LAYER_ROUNDS; i++) {
            boolean warm = i < LAYER_WARMUP;
            progress.accept("paged-attention Case1 runtime semantics alone, " + (warm ? "warm-up " + (i + 1) + " of "
                    + LAYER_WARMUP : "round " + (i - LAYER_WARMUP + 1) + " of " + LAYER_ROUNDS) + " ...");
            long start = System.nanoTime();
            RuntimeLayer.run(w.program(), config);
            if (!warm) {
                layer[i - LAYER_WARMUP] = (System.nanoTime() - start) / 1e6;
            }
        }
        return QuickBench.median(layer);
    }

    /** The warm small runs. */
    public static List<SmallRun> smallRuns(Consumer<String> progress) {
        return List.of(small("vector_example_warm_ms", "vector-example", Catalog.byName("vector-example")
                        .instance("default", "auto"), true, progress),
                small("pa_small1_warm_ms", "paged-attention CaseSmall1", Catalog.byName("paged-attention")
                        .instance("CaseSmall1", "auto"), true, progress));
    }

    /** The Case1 figures (no small runs, no runtime layer: {@link #runtimeLayerMillis}). */
    public static Figures case1(Consumer<String> progress, boolean functional) {
        WorkloadInstance w = case1();
        long tasks = 0;
        for (int i = 0; i < WARMUP; i++) {
            progress.accept("paged-attention Case1 timing-only, warm-up " + (i + 1) + " of " + WARMUP + " ...");
            tasks = timingOnly(w).tasks();
        }
        double[] rates = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            progress.accept("paged-attention Case1 timing-only, round " + (i + 1) + " of " + ROUNDS + " ...");
            long start = System.nanoTime();
            timingOnly(w);
            rates[i] = tasks * 1e9 / Math.max(1, System.nanoTime() - start);
        }
        long allocatedBefore = allocatedBytes();
        long events = timingOnly(w).events();
        double allocatedPerTask = allocatedBefore < 0 ? Double.NaN : (allocatedBytes() - allocatedBefore) / (double) tasks;
        progress.accept("event engine in the hold model, " + ENGINE_PENDING + " pending ...");
        double engineRate = QuickBench.timerEventsPerSecond(ENGINE_PENDING, 1_000_000);
        double seconds = Double.NaN;
        boolean matched = false;
        if (functional) {
            progress.accept("paged-attention Case1 functional ...");
            long start = System.nanoTime();
            ChipRun.Result r = ChipRun.run(w, "a2a3", Map.of(), true, 0);
            seconds = (System.nanoTime() - start) / 1e9;
            List<String> golden = r.golden();
            matched = r.summary().completed() && golden != null && golden.isEmpty();
        }
        return new Figures(tasks, Arrays.stream(rates).max().orElse(0), QuickBench.median(rates), seconds, matched,
                List.of(), events, Double.NaN, engineRate, allocatedPerTask);
    }

    /** Bytes this thread has allocated so far, or -1 when the JVM does not count them. */
    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx
                && mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled()) {
            return mx.getCurrentThreadAllocatedBytes();
        }
        return -1;
    }

    /** Median and fastest wall milliseconds of a warm run of {@code w}, as {@code ptosim run} does it. */
    private static SmallRun small(String key, String label, WorkloadInstance w, boolean functional,
            Consumer<String> progress) {
        progress.accept(label + " warm in-process, " + SMALL_ROUNDS + " rounds after " + SMALL_ROUNDS + " ...");
        for (int i = 0; i < SMALL_ROUNDS; i++) {
            ChipRun.run(w, "a2a3", Map.of(), functional, 0);
        }
        double[] millis = new double[SMALL_ROUNDS];
        for (int i = 0; i < SMALL_ROUNDS; i++) {
            long start = System.nanoTime();
            ChipRun.run(w, "a2a3", Map.of(), functional, 0);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return new SmallRun(key, label, QuickBench.median(millis), Arrays.stream(millis).min().orElse(0));
    }
}
