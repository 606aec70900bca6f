package io.ptosim.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ptosim.chip.Failure;
import io.ptosim.chip.HighWater;
import io.ptosim.chip.RunSummary;
import io.ptosim.explain.SizeSearch;
import io.ptosim.runtime.TaskId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The catalogue of a run's summary: each metric names the JSON fields it writes and the text lines it
 * shows, and the text summary ({@link #lines}), the JSON summary ({@link #putAll}) and the report page
 * all iterate this one catalogue, so a metric cannot be in one output and missing from another. The
 * constants are in the text summary's order; {@link #JSON_ORDER} is the JSON's (older than this
 * catalogue and kept byte for byte). A metric shows no text line where it means nothing for the run
 * (utilisation of a run that dispatched nothing, a size search that was not made), but always writes its
 * JSON fields.
 */
public enum SummaryMetric {
    /** Completed, or the failure: code, name and meaning, the latched text, what was blocked, where. */
    RESULT(List.of("completed", "error_code", "error", "failure"), SummaryMetric::resultText,
            SummaryMetric::resultJson),
    /** Elapsed time (where a failed run stopped) and the orchestrator's window. */
    ELAPSED(List.of("elapsed_us", "orch_us"), SummaryMetric::elapsedText, SummaryMetric::elapsedJson),
    /** Tasks submitted and completed, fanin edges, kernel blocks dispatched. */
    TASKS(List.of("tasks", "completed_tasks", "edges", "dispatches"), SummaryMetric::tasksText,
            SummaryMetric::tasksJson),
    /** The orchestrator's time per step of its cost model. */
    ORCH_STEPS(List.of("orch_steps"), SummaryMetric::orchStepsText, SummaryMetric::orchStepsJson),
    /** What the reader-tracking what-if cost (shown when it was on). */
    READER_TRACKING(List.of("reader_tracking"), SummaryMetric::readersText, SummaryMetric::readersJson),
    /** Time the orchestrator spent blocked, per resource. */
    BLOCKED(List.of("blocked_us"), SummaryMetric::blockedText, SummaryMetric::blockedJson),
    /** Busy share of the AIC and the AIV cores (shown when blocks ran). */
    UTILIZATION(List.of("aic_utilization", "aiv_utilization"), SummaryMetric::utilizationText,
            SummaryMetric::utilizationJson),
    /** High-water marks against their sizes; {@code peak_live} repeats the task window's peaks. */
    HIGH_WATER(List.of("peak_live", "high_water"), SummaryMetric::highWaterText, SummaryMetric::highWaterJson),
    /** A failed run's size search (shown when one was made). */
    SIZE_SEARCH(List.of("size_search"), SummaryMetric::searchText, SummaryMetric::searchJson),
    /** Tasks lost to a full ready queue. */
    LOST_READY(List.of("lost_ready"), SummaryMetric::lostReadyText, SummaryMetric::lostReadyJson),
    /** FLOPs, global-memory bytes and compute time of all kernel blocks (shown when blocks ran). */
    WORK(List.of("work"), SummaryMetric::workText, SummaryMetric::workJson),
    /** The golden check's mismatches (shown when there was a check). */
    GOLDEN(List.of("golden"), SummaryMetric::goldenText, SummaryMetric::goldenJson),
    /** The simulation itself: events fired, the determinism digest, wall time. */
    SIMULATION(List.of("events", "digest", "wall_ms"), SummaryMetric::simulationText, SummaryMetric::simulationJson);

    /** The metrics in the JSON summary's order (every metric once). */
    public static final List<SummaryMetric> JSON_ORDER = List.of(RESULT, TASKS, ELAPSED, BLOCKED, UTILIZATION,
            HIGH_WATER, SIZE_SEARCH, LOST_READY, READER_TRACKING, WORK, ORCH_STEPS, GOLDEN, SIMULATION);

    static {
        if (JSON_ORDER.size() != values().length
                || !EnumSet.copyOf(JSON_ORDER).equals(EnumSet.allOf(SummaryMetric.class))) {
            throw new IllegalStateException("JSON_ORDER must list every summary metric once: " + JSON_ORDER);
        }
    }

    private final List<String> keys;
    private final Function<ReportedRun, List<SummaryLine>> text;
    private final BiConsumer<ObjectNode, ReportedRun> json;

    SummaryMetric(List<String> keys, Function<ReportedRun, List<SummaryLine>> text,
            BiConsumer<ObjectNode, ReportedRun> json) {
        this.keys = keys;
        this.text = text;
        this.json = json;
    }

    /** The top-level JSON fields this metric writes, in order. */
    public List<String> keys() {
        return keys;
    }

    /** This metric's text lines for {@code r} (none when it means nothing for the run). */
    public List<SummaryLine> text(ReportedRun r) {
        return text.apply(r);
    }

    /** Puts this metric's JSON fields into {@code o}. */
    public void put(ObjectNode o, ReportedRun r) {
        json.accept(o, r);
    }

    /** The whole text summary of {@code r}, metric by metric. */
    public static List<SummaryLine> lines(ReportedRun r) {
        List<SummaryLine> lines = new ArrayList<>();
        for (SummaryMetric m : values()) {
            lines.addAll(m.text(r));
        }
        return lines;
    }

    /** Puts the whole JSON summary of {@code r} ({@code completed} to {@code wall_ms}) into {@code o}. */
    public static void putAll(ObjectNode o, ReportedRun r) {
        for (SummaryMetric m : JSON_ORDER) {
            m.put(o, r);
        }
    }

    private static List<SummaryLine> one(String id, String label, String format, Object... args) {
        return List.of(new SummaryLine(id, label, String.format(Locale.ROOT, format, args)));
    }

    private static List<SummaryLine> resultText(ReportedRun r) {
        Failure f = r.summary().failure();
        if (f == null) {
            return one("result", "result", "completed");
        }
        List<SummaryLine> lines = new ArrayList<>();
        lines.add(new SummaryLine("result", "result", "FAILED: code " + f.code() + " " + f.name()
                + (f.meaning().isEmpty() ? "" : " (" + f.meaning() + ")")));
        lines.add(new SummaryLine("error", "error", f.message()));
        if (!f.resource().isEmpty()) {
            lines.add(new SummaryLine("blocked-on", "blocked on", f.resource()
                    + (f.ring() >= 0 ? " of ring " + f.ring() : "") + sizeOf(r.summary(), f)));
        }
        if (f.headTask() != TaskId.INVALID) {
            lines.add(new SummaryLine("head-task", "head task", TaskId.display(f.headTask()) + " " + f.headState()
                    + ", " + (f.headScopeDepth() >= 0 ? "held by the open scope at depth " + f.headScopeDepth()
                            : "not held by an open scope")));
        }
        lines.add(new SummaryLine("scope-depth", "scope depth", Integer.toString(f.scopeDepth())));
        lines.add(new SummaryLine("at-op", "at op", f.opIndex() < 0 ? "none (the orchestrator had run every op)"
                : f.opIndex() + ": " + f.op()));
        return lines;
    }

    /** " (SIZE UNIT; KEY)" for the blamed resource, from the high-water mark with its key. */
    private static String sizeOf(RunSummary s, Failure f) {
        for (HighWater m : s.highWater()) {
            if (m.setKey().equals(f.setKey())) {
                long size = m.sizes().get(m.perRing() ? Math.max(0, f.ring()) : 0);
                return " (" + size + " " + m.unit() + "; " + m.setKey() + ")";
            }
        }
        return f.setKey().isEmpty() ? "" : " (" + f.setKey() + ")";
    }

    private static void resultJson(ObjectNode o, ReportedRun r) {
        RunSummary s = r.summary();
        o.put("completed", s.completed());
        o.put("error_code", s.errorCode());
        o.put("error", s.error());
        Failure f = s.failure();
        if (f == null) {
            o.putNull("failure");
            return;
        }
        ObjectNode j = o.putObject("failure");
        j.put("code", f.code());
        j.put("name", f.name());
        j.put("meaning", f.meaning());
        j.put("message", f.message());
        j.put("resource", f.resource());
        j.put("set_key", f.setKey());
        j.put("ring", f.ring());
        if (f.headTask() == TaskId.INVALID) {
            j.putNull("head_task");
        } else {
            j.put("head_task", TaskId.display(f.headTask()));
        }
        j.put("head_state", f.headState());
        j.put("head_scope_depth", f.headScopeDepth());
        j.put("scope_depth", f.scopeDepth());
        j.put("op_index", f.opIndex());
        j.put("op", f.op());
    }

    private static List<SummaryLine> elapsedText(ReportedRun r) {
        RunSummary s = r.summary();
        return one("elapsed", s.failure() == null ? "elapsed" : "stopped at", "%.1f us   (orchestrator %.1f us)",
                s.elapsedNs() / 1e3, s.orchNs() / 1e3);
    }

    private static void elapsedJson(ObjectNode o, ReportedRun r) {
        o.put("elapsed_us", r.summary().elapsedNs() / 1e3);
        o.put("orch_us", r.summary().orchNs() / 1e3);
    }

    private static List<SummaryLine> tasksText(ReportedRun r) {
        RunSummary s = r.summary();
        String tasks = s.failure() == null ? Long.toString(s.tasks())
                : s.tasks() + " submitted, " + s.completedTasks() + " completed";
        return one("tasks", "tasks", "%s   (edges %d, kernel blocks dispatched %d)", tasks, s.edges(), s.dispatches());
    }

    private static void tasksJson(ObjectNode o, ReportedRun r) {
        RunSummary s = r.summary();
        o.put("tasks", s.tasks());
        o.put("completed_tasks", s.completedTasks());
        o.put("edges", s.edges());
        o.put("dispatches", s.dispatches());
    }

    private static List<SummaryLine> orchStepsText(ReportedRun r) {
        RunSummary s = r.summary();
        StringBuilder steps = new StringBuilder();
        s.orchStepNs().forEach((step, ns) -> {
            if (ns > 0) {
                steps.append(steps.isEmpty() ? "" : ", ").append(step.label()).append(' ').append(s.orchNs() > 0
                        ? String.format(Locale.ROOT, "%.0f %%", 100.0 * ns / s.orchNs())
                        : String.format(Locale.ROOT, "%.1f us", ns / 1e3));
            }
        });
        return one("orch-split", "orch split", "%s", steps.isEmpty() ? "nothing charged" : steps);
    }

    private static void orchStepsJson(ObjectNode o, ReportedRun r) {
        RunSummary s = r.summary();
        ObjectNode steps = o.putObject("orch_steps");
        s.orchStepNs().forEach((step, ns) -> {
            ObjectNode st = steps.putObject(step.label());
            st.put("count", s.orchStepCounts().get(step));
            st.put("us", ns / 1e3);
        });
    }

    private static List<SummaryLine> readersText(ReportedRun r) {
        RunSummary.ReaderTracking t = r.summary().readers();
        if (!t.active()) {
            return List.of();
        }
        return one("readers", "readers", "%d TensorMap entries, %d write-after-read edges (%s)", t.entries(), t.edges(),
                t.allInputs() ? "tensorMap.trackReaders: every INPUT tracked" : "TRACKED_INPUT args");
    }

    private static void readersJson(ObjectNode o, ReportedRun r) {
        ObjectNode readers = o.putObject("reader_tracking");
        readers.put("all_inputs", r.summary().readers().allInputs());
        readers.put("entries", r.summary().readers().entries());
        readers.put("war_edges", r.summary().readers().edges());
    }

    private static List<SummaryLine> blockedText(ReportedRun r) {
        StringBuilder blocked = new StringBuilder();
        r.summary().blockedNs().forEach((k, v) -> blocked.append(blocked.isEmpty() ? "" : ", ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.1f us", v / 1e3)));
        return one("blocked", "blocked", "%s", blocked.isEmpty() ? "never" : blocked);
    }

    private static void blockedJson(ObjectNode o, ReportedRun r) {
        ObjectNode blocked = o.putObject("blocked_us");
        r.summary().blockedNs().forEach((k, v) -> blocked.put(k, v / 1e3));
    }

    private static List<SummaryLine> utilizationText(ReportedRun r) {
        return r.ran() ? one("utilization", "utilisation", "AIC %.1f %%, AIV %.1f %%",
                100 * r.summary().aicUtilization(), 100 * r.summary().aivUtilization()) : List.of();
    }

    private static void utilizationJson(ObjectNode o, ReportedRun r) {
        o.put("aic_utilization", r.summary().aicUtilization());
        o.put("aiv_utilization", r.summary().aivUtilization());
    }

    private static List<SummaryLine> highWaterText(ReportedRun r) {
        List<SummaryLine> lines = new ArrayList<>();
        String label = "high water";
        for (HighWater m : r.summary().highWater()) {
            StringBuilder b = new StringBuilder();
            if (m.perRing()) {
                for (int ring = 0; ring < m.peaks().size(); ring++) {
                    b.append(ring == 0 ? "" : ", ").append("ring").append(ring).append(' ').append(m.peaks().get(ring));
                }
                boolean uniform = m.sizes().stream().distinct().count() == 1;
                b.append(" of ").append(uniform ? m.sizes().get(0) : m.sizes()).append(' ').append(m.unit());
                b.append(uniform ? " each" : "");
            } else {
                b.append(m.peaks().get(0)).append(" of ").append(m.sizes().get(0)).append(' ').append(m.unit());
            }
            lines.add(new SummaryLine("high-water-" + m.key(), label,
                    String.format(Locale.ROOT, "%-12s %s (%s)", m.label(), b, m.setKey())));
            label = "";
        }
        return lines;
    }

    private static void highWaterJson(ObjectNode o, ReportedRun r) {
        ArrayNode peaks = o.putArray("peak_live");
        r.summary().peakLive().forEach(peaks::add);
        ObjectNode marks = o.putObject("high_water");
        for (HighWater m : r.summary().highWater()) {
            ObjectNode mark = marks.putObject(m.key());
            mark.put("unit", m.unit());
            mark.put("set_key", m.setKey());
            ArrayNode peak = mark.putArray("peak");
            m.peaks().forEach(peak::add);
            ArrayNode size = mark.putArray("size");
            m.sizes().forEach(size::add);
        }
    }

    private static List<SummaryLine> searchText(ReportedRun r) {
        return r.search() == null ? List.of() : one("suggest", "suggest", "%s", suggestion(r.search()));
    }

    /** The search's outcome in one line, saying it was a search. */
    private static String suggestion(SizeSearch.Result r) {
        String how = "found by search: " + r.reruns() + " timing-only rerun(s), doubling " + r.key() + " from "
                + r.from() + (r.key().equals("ring.taskWindow") ? "" : " then bisecting");
        if (!r.found()) {
            return "no " + r.key() + " up to " + r.limit() + " gets past this error (" + how + ")";
        }
        RunSummary then = r.then();
        String outcome = then.completed() ? "the run then completes"
                : "the run then fails with code " + then.errorCode() + " " + Failure.nameOf(then.errorCode());
        return "--set " + r.key() + "=" + r.value() + (r.exact() ? " is the smallest that gets past this error"
                : " gets past this error (the rerun budget ended the bisection; smaller may do)") + "; " + outcome
                + " (" + how + ")";
    }

    private static void searchJson(ObjectNode o, ReportedRun run) {
        SizeSearch.Result search = run.search();
        if (search == null) {
            o.putNull("size_search");
            return;
        }
        ObjectNode r = o.putObject("size_search");
        r.put("key", search.key());
        r.put("from", search.from());
        r.put("found", search.found());
        if (search.found()) {
            r.put("value", search.value());
            r.put("exact", search.exact());
            r.put("then_completed", search.then().completed());
            r.put("then_error_code", search.then().errorCode());
        } else {
            r.put("limit", search.limit());
        }
        r.put("reruns", search.reruns());
        r.put("method", search.key().equals("ring.taskWindow") ? "doubling" : "doubling then bisection");
    }

    private static List<SummaryLine> lostReadyText(ReportedRun r) {
        return one("lost-ready", "lost ready", "%d task(s) lost to a full ready queue", r.summary().lostReady());
    }

    private static void lostReadyJson(ObjectNode o, ReportedRun r) {
        o.put("lost_ready", r.summary().lostReady());
    }

    private static List<SummaryLine> workText(ReportedRun r) {
        RunSummary.Totals w = r.summary().work();
        return r.ran() ? one("work", "work",
                "%.3f GFLOP, %.1f MiB to and from HBM, %.1f us of compute alone (all blocks)", w.flops() / 1e9,
                w.bytes() / 1048576.0, w.computeNs() / 1e3) : List.of();
    }

    private static void workJson(ObjectNode o, ReportedRun r) {
        ObjectNode work = o.putObject("work");
        work.put("gflop", r.summary().work().flops() / 1e9);
        work.put("gm_bytes", r.summary().work().bytes());
        work.put("compute_us", r.summary().work().computeNs() / 1e3);
    }

    private static List<SummaryLine> goldenText(ReportedRun r) {
        List<String> golden = r.golden();
        if (golden == null) {
            return List.of();
        }
        return one("golden", "golden", "%s", golden.isEmpty() ? "match"
                : golden.size() + " mismatch(es): " + String.join("; ", golden));
    }

    private static void goldenJson(ObjectNode o, ReportedRun r) {
        if (r.golden() == null) {
            o.putNull("golden");
        } else {
            ArrayNode g = o.putArray("golden");
            r.golden().forEach(g::add);
        }
    }

    private static List<SummaryLine> simulationText(ReportedRun r) {
        String events = r.summary().events() + " events";
        return List.of(new SummaryLine("digest", "digest", r.summary().digest()), new SummaryLine("simulated",
                "simulated", r.wallNs() < 0 ? events
                        : String.format(Locale.ROOT, "%.3f s wall, %s", r.wallNs() / 1e9, events)));
    }

    private static void simulationJson(ObjectNode o, ReportedRun r) {
        o.put("events", r.summary().events());
        o.put("digest", r.summary().digest());
        if (r.wallNs() < 0) {
            o.putNull("wall_ms");
        } else {
            o.put("wall_ms", r.wallNs() / 1e6);
        }
    }
}
