package io.ptosim.bench;

import io.ptosim.chip.RunSummary;
import io.ptosim.workloads.Catalog;
import io.ptosim.workloads.ChipRun;
import io.ptosim.workloads.WorkloadInstance;
import java.util.List;
import java.util.Map;

/**
 * End-to-end figures for {@code ptosim bench}: paged-attention Case1 (auto, a2a3) on the simulated
 * chip, timing-only as simulated tasks per wall second (median of rounds after warm-up rounds), and
 * functional (kernel bodies and the golden check) as wall seconds of one run.
 */
public final class WorkloadBench {
    /** Timing-only rounds measured after the warm-up; the figure is their median. */
    public static final int ROUNDS = 9;
    /** Timing-only warm-up rounds: the JIT needs about ten whole runs before the rounds settle. */
    public static final int WARMUP = 10;

    /**
     * The end-to-end figures.
     *
     * @param tasks tasks of the run
     * @param tasksPerSecond median simulated tasks per wall second, timing only
     * @param functionalSeconds wall seconds of one functional run (including the golden check)
     * @param goldenMatched whether that run matched the golden
     */
    public record Figures(long tasks, double tasksPerSecond, double functionalSeconds, boolean goldenMatched) {
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

    /** Measures the figures, reporting progress lines. */
    public static Figures run(java.util.function.Consumer<String> progress, boolean functional) {
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
        return new Figures(tasks, QuickBench.median(rates), seconds, matched);
    }
}
