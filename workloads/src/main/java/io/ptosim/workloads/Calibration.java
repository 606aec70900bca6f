package io.ptosim.workloads;

import io.ptosim.chip.RunSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The calibration check: the four paged-attention Case1 runs measured on a2a3 silicon
 * (perf-anchors.md §2: elapsed and orchestrator window, µs) against the simulated chip with one
 * parameter set. The comparison is what {@code ptosim calibrate} prints and writes to
 * {@code docs/calibration.md}.
 */
public final class Calibration {
    /**
     * One hardware measurement.
     *
     * @param workload the workload
     * @param variant its variant
     * @param elapsedUs measured elapsed (latest orchestrator/scheduler end − earliest start)
     * @param orchUs measured orchestrator window
     */
    public record Target(String workload, String variant, double elapsedUs, double orchUs) {
    }

    /**
     * A target beside the simulated run.
     *
     * @param target the hardware figures
     * @param run the simulated run
     */
    public record Row(Target target, RunSummary run) {
        /** Simulated elapsed in µs. */
        public double elapsedUs() {
            return run.elapsedNs() / 1e3;
        }

        /** Simulated orchestrator window in µs. */
        public double orchUs() {
            return run.orchNs() / 1e3;
        }

        /** Relative error of elapsed, percent. */
        public double elapsedErrorPct() {
            return 100 * (elapsedUs() / target.elapsedUs() - 1);
        }

        /** Relative error of the orchestrator window, percent. */
        public double orchErrorPct() {
            return 100 * (orchUs() / target.orchUs() - 1);
        }
    }

    /** perf-anchors.md §2, Case1 rows (a2a3, aicpu_thread_num 4, block_dim 24). */
    public static final List<Target> TARGETS = List.of(
            new Target("paged-attention", "auto", 36791.2, 36790.5),
            new Target("paged-attention", "partial-manual", 31563.9, 31407.2),
            new Target("paged-attention-unroll", "auto", 1322.5, 820.0),
            new Target("paged-attention-unroll", "partial-manual", 1327.0, 835.5));

    /** The goal: every figure within this many percent. */
    public static final double TOLERANCE_PCT = 5.0;

    private Calibration() {
    }

    /** Runs every target's workload (Case1, a2a3, timing only) with {@code settings}. */
    public static List<Row> run(Map<String, String> settings) {
        List<Row> rows = new ArrayList<>();
        for (Target t : TARGETS) {
            WorkloadInstance w = Catalog.byName(t.workload()).instance("Case1", t.variant());
            rows.add(new Row(t, ChipRun.run(w, "a2a3", settings, false, 0).summary()));
        }
        return rows;
    }

    /** Whether every figure is within {@link #TOLERANCE_PCT}. */
    public static boolean withinTolerance(List<Row> rows) {
        return rows.stream().allMatch(r -> Math.abs(r.elapsedErrorPct()) <= TOLERANCE_PCT
                && Math.abs(r.orchErrorPct()) <= TOLERANCE_PCT);
    }

    /** The comparison as a Markdown table, with the partial-manual / auto ratios. */
    public static String markdown(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append("| workload | variant | hw elapsed µs | sim elapsed µs | error | hw orch µs | sim orch µs | error |\n");
        b.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %+.1f %% | %.1f | %.1f | %+.1f %% |%n",
                    r.target().workload(), r.target().variant(), r.target().elapsedUs(), r.elapsedUs(),
                    r.elapsedErrorPct(), r.target().orchUs(), r.orchUs(), r.orchErrorPct()));
        }
        b.append('\n');
        for (int i = 0; i + 1 < rows.size(); i += 2) {
            Row auto = rows.get(i);
            Row manual = rows.get(i + 1);
            b.append(String.format(Locale.ROOT, "- %s partial-manual / auto elapsed: hardware %.3f, simulated %.3f%n",
                    auto.target().workload(), manual.target().elapsedUs() / auto.target().elapsedUs(),
                    manual.elapsedUs() / auto.elapsedUs()));
        }
        return b.toString();
    }
}
