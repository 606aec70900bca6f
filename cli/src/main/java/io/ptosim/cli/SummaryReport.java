package io.ptosim.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ptosim.chip.RunSummary;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The body of a run's summary, as text and as JSON fields, shared by the commands that run a chip. */
final class SummaryReport {
    private SummaryReport() {
    }

    /** Prints the summary lines (result to wall time); {@code golden} null when there is no golden check. */
    static void print(PrintWriter out, RunSummary s, List<String> golden, long wallNs) {
        out.printf(Locale.ROOT, "  %-12s %s%n", "result", s.completed() ? "completed" : "FAILED: code " + s.errorCode());
        out.printf(Locale.ROOT, "  %-12s %.1f us   (orchestrator %.1f us)%n", "elapsed", s.elapsedNs() / 1e3,
                s.orchNs() / 1e3);
        out.printf(Locale.ROOT, "  %-12s %d   (edges %d, kernel blocks dispatched %d)%n", "tasks", s.tasks(), s.edges(),
                s.dispatches());
        StringBuilder steps = new StringBuilder();
        s.orchStepNs().forEach((step, ns) -> {
            if (ns > 0) {
                steps.append(steps.isEmpty() ? "" : ", ").append(step.label()).append(' ')
                        .append(String.format(Locale.ROOT, "%.0f %%", 100.0 * ns / Math.max(1, s.orchNs())));
            }
        });
        out.printf(Locale.ROOT, "  %-12s %s%n", "orch split", steps);
        if (s.readers().active()) {
            out.printf(Locale.ROOT, "  %-12s %d TensorMap entries, %d write-after-read edges (%s)%n", "readers",
                    s.readers().entries(), s.readers().edges(),
                    s.readers().allInputs() ? "tensorMap.trackReaders: every INPUT tracked" : "TRACKED_INPUT args");
        }
        StringBuilder blocked = new StringBuilder();
        s.blockedNs().forEach((k, v) -> blocked.append(blocked.isEmpty() ? "" : ", ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.1f us", v / 1e3)));
        out.printf(Locale.ROOT, "  %-12s %s%n", "blocked", blocked.isEmpty() ? "never" : blocked);
        out.printf(Locale.ROOT, "  %-12s AIC %.1f %%, AIV %.1f %%%n", "utilisation", 100 * s.aicUtilization(),
                100 * s.aivUtilization());
        out.printf(Locale.ROOT, "  %-12s ring0 %d, ring1 %d, ring2 %d, ring3 %d%n", "peak live", s.peakLive().get(0),
                s.peakLive().get(1), s.peakLive().get(2), s.peakLive().get(3));
        if (s.lostReady() > 0) {
            out.printf(Locale.ROOT, "  %-12s %d task(s) lost to a full ready queue%n", "lost ready", s.lostReady());
        }
        out.printf(Locale.ROOT, "  %-12s %.3f GFLOP, %.1f MiB to and from HBM, %.1f us of compute alone (all blocks)%n",
                "work", s.work().flops() / 1e9, s.work().bytes() / 1048576.0, s.work().computeNs() / 1e3);
        if (golden != null) {
            out.printf(Locale.ROOT, "  %-12s %s%n", "golden", golden.isEmpty() ? "match"
                    : golden.size() + " mismatch(es): " + String.join("; ", golden));
        }
        out.printf(Locale.ROOT, "  %-12s %s%n", "digest", s.digest());
        out.printf(Locale.ROOT, "  %-12s %.3f s wall, %d events%n", "simulated", wallNs / 1e9, s.events());
    }

    /** Puts the summary fields ({@code completed} to {@code wall_ms}) into {@code o}. */
    static void put(ObjectNode o, RunSummary s, List<String> golden, long wallNs) {
        o.put("completed", s.completed());
        o.put("error_code", s.errorCode());
        o.put("error", s.error());
        o.put("tasks", s.tasks());
        o.put("edges", s.edges());
        o.put("dispatches", s.dispatches());
        o.put("elapsed_us", s.elapsedNs() / 1e3);
        o.put("orch_us", s.orchNs() / 1e3);
        ObjectNode blocked = o.putObject("blocked_us");
        s.blockedNs().forEach((k, v) -> blocked.put(k, v / 1e3));
        o.put("aic_utilization", s.aicUtilization());
        o.put("aiv_utilization", s.aivUtilization());
        ArrayNode peaks = o.putArray("peak_live");
        s.peakLive().forEach(peaks::add);
        o.put("lost_ready", s.lostReady());
        ObjectNode readers = o.putObject("reader_tracking");
        readers.put("all_inputs", s.readers().allInputs());
        readers.put("entries", s.readers().entries());
        readers.put("war_edges", s.readers().edges());
        ObjectNode work = o.putObject("work");
        work.put("gflop", s.work().flops() / 1e9);
        work.put("gm_bytes", s.work().bytes());
        work.put("compute_us", s.work().computeNs() / 1e3);
        ObjectNode steps = o.putObject("orch_steps");
        s.orchStepNs().forEach((step, ns) -> {
            ObjectNode st = steps.putObject(step.label());
            st.put("count", s.orchStepCounts().get(step));
            st.put("us", ns / 1e3);
        });
        if (golden == null) {
            o.putNull("golden");
        } else {
            ArrayNode g = o.putArray("golden");
            golden.forEach(g::add);
        }
        o.put("events", s.events());
        o.put("digest", s.digest());
        o.put("wall_ms", wallNs / 1e6);
    }
}
