package io.ptosim.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ptosim.chip.Failure;
import io.ptosim.chip.HighWater;
import io.ptosim.chip.RunSummary;
import io.ptosim.explain.SizeSearch;
import io.ptosim.runtime.TaskId;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The body of a run's summary, as text and as JSON fields, shared by the commands that run a chip. A failed
 * run's summary starts with the code (name and the spec's meaning) and what was blocked, and shows only
 * the figures a stopped run still means.
 */
final class SummaryReport {
    private SummaryReport() {
    }

    /** Prints the summary lines (result to wall time); {@code golden} null when there is no golden check. */
    static void print(PrintWriter out, RunSummary s, List<String> golden, long wallNs) {
        print(out, s, golden, wallNs, null);
    }

    /** As {@link #print(PrintWriter, RunSummary, List, long)}, with a failed run's size search (null: none). */
    static void print(PrintWriter out, RunSummary s, List<String> golden, long wallNs, SizeSearch.Result search) {
        Failure f = s.failure();
        if (f == null) {
            out.printf(Locale.ROOT, "  %-12s %s%n", "result", "completed");
        } else {
            printFailure(out, s, f);
        }
        out.printf(Locale.ROOT, "  %-12s %.1f us   (orchestrator %.1f us)%n", f == null ? "elapsed" : "stopped at",
                s.elapsedNs() / 1e3, s.orchNs() / 1e3);
        if (f == null) {
            out.printf(Locale.ROOT, "  %-12s %d   (edges %d, kernel blocks dispatched %d)%n", "tasks", s.tasks(),
                    s.edges(), s.dispatches());
        } else {
            out.printf(Locale.ROOT, "  %-12s %d submitted, %d completed   (edges %d, kernel blocks dispatched %d)%n",
                    "tasks", s.tasks(), s.completedTasks(), s.edges(), s.dispatches());
        }
        StringBuilder steps = new StringBuilder();
        s.orchStepNs().forEach((step, ns) -> {
            if (ns > 0) {
                steps.append(steps.isEmpty() ? "" : ", ").append(step.label()).append(' ').append(s.orchNs() > 0
                        ? String.format(Locale.ROOT, "%.0f %%", 100.0 * ns / s.orchNs())
                        : String.format(Locale.ROOT, "%.1f us", ns / 1e3));
            }
        });
        out.printf(Locale.ROOT, "  %-12s %s%n", "orch split", steps.isEmpty() ? "nothing charged" : steps);
        if (s.readers().active()) {
            out.printf(Locale.ROOT, "  %-12s %d TensorMap entries, %d write-after-read edges (%s)%n", "readers",
                    s.readers().entries(), s.readers().edges(),
                    s.readers().allInputs() ? "tensorMap.trackReaders: every INPUT tracked" : "TRACKED_INPUT args");
        }
        StringBuilder blocked = new StringBuilder();
        s.blockedNs().forEach((k, v) -> blocked.append(blocked.isEmpty() ? "" : ", ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.1f us", v / 1e3)));
        out.printf(Locale.ROOT, "  %-12s %s%n", "blocked", blocked.isEmpty() ? "never" : blocked);
        boolean ran = f == null || s.dispatches() > 0;
        if (ran) {
            out.printf(Locale.ROOT, "  %-12s AIC %.1f %%, AIV %.1f %%%n", "utilisation", 100 * s.aicUtilization(),
                    100 * s.aivUtilization());
        }
        printHighWater(out, s.highWater());
        if (search != null) {
            out.printf(Locale.ROOT, "  %-12s %s%n", "suggest", suggestion(search));
        }
        if (s.lostReady() > 0) {
            out.printf(Locale.ROOT, "  %-12s %d task(s) lost to a full ready queue%n", "lost ready", s.lostReady());
        }
        if (ran) {
            out.printf(Locale.ROOT, "  %-12s %.3f GFLOP, %.1f MiB to and from HBM, %.1f us of compute alone (all blocks)%n",
                    "work", s.work().flops() / 1e9, s.work().bytes() / 1048576.0, s.work().computeNs() / 1e3);
        }
        if (golden != null) {
            out.printf(Locale.ROOT, "  %-12s %s%n", "golden", golden.isEmpty() ? "match"
                    : golden.size() + " mismatch(es): " + String.join("; ", golden));
        }
        out.printf(Locale.ROOT, "  %-12s %s%n", "digest", s.digest());
        out.printf(Locale.ROOT, "  %-12s %.3f s wall, %d events%n", "simulated", wallNs / 1e9, s.events());
    }

    /** The code, its name and meaning, the latched text, then what was blocked and where the orchestrator was. */
    private static void printFailure(PrintWriter out, RunSummary s, Failure f) {
        out.printf(Locale.ROOT, "  %-12s FAILED: code %d %s%s%n", "result", f.code(), f.name(),
                f.meaning().isEmpty() ? "" : " (" + f.meaning() + ")");
        out.printf(Locale.ROOT, "  %-12s %s%n", "error", f.message());
        if (!f.resource().isEmpty()) {
            out.printf(Locale.ROOT, "  %-12s %s%s%s%n", "blocked on", f.resource(), f.ring() >= 0 ? " of ring " + f.ring() : "",
                    sizeOf(s, f));
        }
        if (f.headTask() != TaskId.INVALID) {
            out.printf(Locale.ROOT, "  %-12s %s %s, %s%n", "head task", TaskId.display(f.headTask()), f.headState(),
                    f.headScopeDepth() >= 0 ? "held by the open scope at depth " + f.headScopeDepth()
                            : "not held by an open scope");
        }
        out.printf(Locale.ROOT, "  %-12s %d%n", "scope depth", f.scopeDepth());
        out.printf(Locale.ROOT, "  %-12s %s%n", "at op", f.opIndex() < 0 ? "none (the orchestrator had run every op)"
                : f.opIndex() + ": " + f.op());
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

    private static void printHighWater(PrintWriter out, List<HighWater> marks) {
        String first = "high water";
        for (HighWater m : marks) {
            StringBuilder b = new StringBuilder();
            if (m.perRing()) {
                for (int r = 0; r < m.peaks().size(); r++) {
                    b.append(r == 0 ? "" : ", ").append("ring").append(r).append(' ').append(m.peaks().get(r));
                }
                boolean uniform = m.sizes().stream().distinct().count() == 1;
                b.append(" of ").append(uniform ? m.sizes().get(0) : m.sizes()).append(' ').append(m.unit());
                b.append(uniform ? " each" : "");
            } else {
                b.append(m.peaks().get(0)).append(" of ").append(m.sizes().get(0)).append(' ').append(m.unit());
            }
            out.printf(Locale.ROOT, "  %-12s %-12s %s (%s)%n", first, m.label(), b, m.setKey());
            first = "";
        }
    }

    /** The search's outcome in one line, saying it was a search. */
    static String suggestion(SizeSearch.Result r) {
        String how = "found by search: " + r.reruns() + " timing-only rerun(s), doubling " + r.key() + " from "
                + r.from() + (r.key().equals("ring.taskWindow") ? "" : " then bisecting");
        if (!r.found()) {
            return "no " + r.key() + " up to " + r.limit() + " gets past this error (" + how + ")";
        }
        RunSummary then = r.then();
        String outcome = then.completed() ? "the run then completes"
                : "the run then fails with code " + then.errorCode() + " " + Failure.nameOf(then.errorCode());
        return "--set " + r.key() + "=" + r.value() + (r.exact() ? " is the smallest that gets past this error"
                : " gets past this error (the rerun budget ended the bisection; smaller may do)") + "; " + outcome + " ("
                + how + ")";
    }

    /** Puts the summary fields ({@code completed} to {@code wall_ms}) into {@code o}. */
    static void put(ObjectNode o, RunSummary s, List<String> golden, long wallNs) {
        put(o, s, golden, wallNs, null);
    }

    /** As {@link #put(ObjectNode, RunSummary, List, long)}, with a failed run's size search (null: none). */
    static void put(ObjectNode o, RunSummary s, List<String> golden, long wallNs, SizeSearch.Result search) {
        o.put("completed", s.completed());
        o.put("error_code", s.errorCode());
        o.put("error", s.error());
        putFailure(o, s.failure());
        o.put("tasks", s.tasks());
        o.put("completed_tasks", s.completedTasks());
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
        ObjectNode marks = o.putObject("high_water");
        for (HighWater m : s.highWater()) {
            ObjectNode mark = marks.putObject(m.key());
            mark.put("unit", m.unit());
            mark.put("set_key", m.setKey());
            ArrayNode peak = mark.putArray("peak");
            m.peaks().forEach(peak::add);
            ArrayNode size = mark.putArray("size");
            m.sizes().forEach(size::add);
        }
        if (search == null) {
            o.putNull("size_search");
        } else {
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

    private static void putFailure(ObjectNode o, Failure f) {
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
}
