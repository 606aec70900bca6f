package io.ptosim.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ptosim.bench.HoldModel;
import io.ptosim.bench.QuickBench;
import io.ptosim.bench.WorkloadBench;
import java.util.List;
import java.util.Locale;

/**
 * What {@code ptosim bench} prints: the figures with the machine they were measured on, as a table
 * or as one JSON object (keys in snake case; later areas add their own keys beside {@code hold}).
 *
 * @param ptosimVersion the ptosim version
 * @param javaVersion the Java runtime version
 * @param cpus available processors
 * @param hold the hold-model figures
 * @param workload the end-to-end paged-attention Case1 figures and the warm small runs
 * @param processSeconds median wall seconds of {@code ./ptosim run vector-example} as a process (NaN
 *     when not measured)
 * @param processMinSeconds the fastest of those
 */
record BenchReport(String ptosimVersion, String javaVersion, int cpus, List<QuickBench.HoldFigure> hold,
        WorkloadBench.Figures workload, double processSeconds, double processMinSeconds) {

    static BenchReport ofThisMachine(List<QuickBench.HoldFigure> hold, WorkloadBench.Figures workload,
            double[] process) {
        return new BenchReport(VersionProvider.version(), Runtime.version().toString(),
                Runtime.getRuntime().availableProcessors(), hold, workload, process[0], process[1]);
    }

    String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "ptosim %s bench, Java %s, %d CPUs%n", ptosimVersion, javaVersion, cpus));
        b.append(String.format(Locale.ROOT,
                "hold model: take the earliest event, schedule one at its time + Exp(%.0f us); median of %d rounds%n%n",
                HoldModel.MEAN_DELAY_NANOS / 1000, QuickBench.MEASURED_ROUNDS));
        b.append(String.format(Locale.ROOT, "%-12s %10s %16s %22s %8s%n", "layer", "pending", "ptosim events/s",
                "PriorityQueue events/s", "speedup"));
        for (QuickBench.HoldFigure f : hold) {
            b.append(String.format(Locale.ROOT, "%-12s %,10d %16s %22s %7.1fx%n", f.layer().label(), f.pending(),
                    millions(f.ptosimEventsPerSecond()), millions(f.baselineEventsPerSecond()), f.speedup()));
        }
        b.append(String.format(Locale.ROOT, "%npaged-attention Case1 auto on a2a3 (%,d tasks):%n", workload.tasks()));
        b.append(String.format(Locale.ROOT, "  timing only  %s simulated tasks/s best, %s median of %d rounds"
                        + " (%.1f ms a run: %.2fx the a2a3 silicon's %.1f ms)%n",
                millions(workload.bestTasksPerSecond()), millions(workload.medianTasksPerSecond()), WorkloadBench.ROUNDS,
                workload.tasks() / workload.medianTasksPerSecond() * 1e3, workload.medianRealTimeRatio(),
                WorkloadBench.SILICON_CASE1_MICROS / 1e3));
        WorkloadBench.Layers l = workload.layers();
        b.append(String.format(Locale.ROOT, "  per layer    runtime semantics %.1f ms (budget %.0f), event engine %.1f ms"
                        + " (%,d events at %s/s; budget %.0f), chip model %.1f ms (the rest; budget %.0f)%n",
                l.runtimeMillis(), WorkloadBench.Layers.RUNTIME_BUDGET_MS, l.engineMillis(), workload.events(),
                millions(workload.engineEventsPerSecond()), WorkloadBench.Layers.ENGINE_BUDGET_MS, l.chipMillis(),
                WorkloadBench.Layers.CHIP_BUDGET_MS));
        if (!Double.isNaN(workload.allocatedBytesPerTask())) {
            b.append(String.format(Locale.ROOT, "  allocation   %.0f bytes per simulated task (one timing-only run)%n",
                    workload.allocatedBytesPerTask()));
        }
        if (!Double.isNaN(workload.functionalSeconds())) {
            b.append(String.format(Locale.ROOT, "  functional   %.1f s wall (kernel bodies + golden check: %s)%n",
                    workload.functionalSeconds(), workload.goldenMatched() ? "match" : "MISMATCH"));
        }
        b.append(String.format(Locale.ROOT, "%nsmall runs, warm in this JVM (median of %d, fastest):%n",
                WorkloadBench.SMALL_ROUNDS));
        for (WorkloadBench.SmallRun r : workload.smallRuns()) {
            b.append(String.format(Locale.ROOT, "  %-28s %7.2f ms  %7.2f ms%n", r.label(), r.medianMillis(), r.minMillis()));
        }
        if (!Double.isNaN(processSeconds)) {
            b.append(String.format(Locale.ROOT, "  %-28s %7.3f s   %7.3f s  (whole process, median of %d)%n",
                    "./ptosim run vector-example", processSeconds, processMinSeconds, ProcessStartBench.ROUNDS));
        }
        return b.toString();
    }

    String json() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("ptosim_version", ptosimVersion);
        root.put("java_version", javaVersion);
        root.put("cpus", cpus);
        ObjectNode model = root.putObject("hold_model");
        model.put("mean_delay_ns", HoldModel.MEAN_DELAY_NANOS);
        model.put("rounds", QuickBench.MEASURED_ROUNDS);
        ArrayNode rows = root.putArray("hold");
        for (QuickBench.HoldFigure f : hold) {
            ObjectNode row = rows.addObject();
            row.put("layer", f.layer().name().toLowerCase(Locale.ROOT));
            row.put("pending", f.pending());
            row.put("ptosim_events_per_s", Math.round(f.ptosimEventsPerSecond()));
            row.put("priority_queue_events_per_s", Math.round(f.baselineEventsPerSecond()));
            row.put("speedup", Math.round(f.speedup() * 100) / 100.0);
        }
        root.put("pa_case1_tasks", workload.tasks());
        root.put("pa_case1_tasks_per_s", Math.round(workload.bestTasksPerSecond()));
        root.put("pa_case1_tasks_per_s_median", Math.round(workload.medianTasksPerSecond()));
        root.put("pa_case1_real_time_ratio", Math.round(workload.medianRealTimeRatio() * 1000) / 1000.0);
        WorkloadBench.Layers l = workload.layers();
        root.put("pa_case1_events", workload.events());
        root.put("pa_case1_runtime_ms", Math.round(l.runtimeMillis() * 100) / 100.0);
        root.put("pa_case1_engine_ms", Math.round(l.engineMillis() * 100) / 100.0);
        root.put("pa_case1_chip_ms", Math.round(l.chipMillis() * 100) / 100.0);
        if (Double.isNaN(workload.allocatedBytesPerTask())) {
            root.putNull("pa_case1_alloc_bytes_per_task");
        } else {
            root.put("pa_case1_alloc_bytes_per_task", Math.round(workload.allocatedBytesPerTask() * 10) / 10.0);
        }
        if (Double.isNaN(workload.functionalSeconds())) {
            root.putNull("pa_case1_functional_s");
        } else {
            root.put("pa_case1_functional_s", Math.round(workload.functionalSeconds() * 100) / 100.0);
            root.put("pa_case1_functional_golden_match", workload.goldenMatched());
        }
        for (WorkloadBench.SmallRun r : workload.smallRuns()) {
            root.put(r.key(), Math.round(r.medianMillis() * 1000) / 1000.0);
        }
        if (Double.isNaN(processSeconds)) {
            root.putNull("run_vector_example_process_s");
        } else {
            root.put("run_vector_example_process_s", Math.round(processSeconds * 1000) / 1000.0);
        }
        try {
            return mapper.writeValueAsString(root) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write bench JSON", e);
        }
    }

    private static String millions(double perSecond) {
        return String.format(Locale.ROOT, "%.2f M", perSecond / 1e6);
    }
}
