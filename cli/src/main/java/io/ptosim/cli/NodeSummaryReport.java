package io.ptosim.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ptosim.node.NodeRunResult;
import io.ptosim.spi.TimeBase;
import io.ptosim.workloads.NodeRun;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The summary of a node run, as text and as JSON fields. */
final class NodeSummaryReport {
    private NodeSummaryReport() {
    }

    /** Prints the summary lines (result to cleanup). */
    static void print(PrintWriter out, NodeRun.Result r) {
        NodeRunResult n = r.node();
        out.printf(Locale.ROOT, "  %-12s %s%n", "result", n.ok() ? "completed" : "FAILED: " + n.error());
        boolean wall = r.timeBase() == TimeBase.REAL;
        out.printf(Locale.ROOT, "  %-12s %.1f us%s%n", "makespan", n.makespanNs() / 1e3, wall ? " (wall clock)" : "");
        out.printf(Locale.ROOT, "  %-12s %d%n", "runs", n.runs());
        out.printf(Locale.ROOT, "  %-12s %d   (dispatches %d, failed %d)%n", "tasks", n.tasks(), n.dispatches(),
                n.failed());
        for (NodeRunResult.WorkerStats w : n.workers()) {
            out.printf(Locale.ROOT, "  %-12s %d member(s), busy %.1f %%%s%n", w.label(), w.members(), busyPct(n, w),
                    wall && w.members() > 0 ? String.format(Locale.ROOT, ", %.1f ms wall per task",
                            w.busyNs() / 1e6 / w.members()) : "");
        }
        out.printf(Locale.ROOT, "  %-12s %s%n", "golden", golden(r));
        out.printf(Locale.ROOT, "  %-12s %s%n", "digest", n.digest());
        if (n.cleanup().isEmpty()) {
            out.printf(Locale.ROOT, "  %-12s %s%n", "cleanup", "nothing left to release");
        }
        for (String c : n.cleanup()) {
            out.printf(Locale.ROOT, "  %-12s %s%n", "cleanup", c);
        }
        for (String c : r.notes()) {
            out.printf(Locale.ROOT, "  %-12s %s%n", "close", c);
        }
    }

    /** Puts the summary fields ({@code ok} to {@code cleanup}) into {@code o}. */
    static void put(ObjectNode o, NodeRun.Result r) {
        NodeRunResult n = r.node();
        o.put("ok", n.ok());
        o.put("error", n.error());
        o.put("makespan_ns", n.makespanNs());
        o.put("makespan_us", n.makespanNs() / 1e3);
        o.put("runs", n.runs());
        o.put("tasks", n.tasks());
        o.put("dispatches", n.dispatches());
        o.put("failed", n.failed());
        ArrayNode workers = o.putArray("workers");
        for (NodeRunResult.WorkerStats w : n.workers()) {
            ObjectNode j = workers.addObject();
            j.put("label", w.label());
            j.put("members", w.members());
            j.put("busy_ns", w.busyNs());
            j.put("busy_pct", busyPct(n, w));
        }
        if (r.golden() == null) {
            o.putNull("golden");
        } else {
            ArrayNode g = o.putArray("golden");
            r.golden().forEach(g::add);
        }
        o.put("digest", n.digest());
        ArrayNode cleanup = o.putArray("cleanup");
        n.cleanup().forEach(cleanup::add);
        o.put("time_base", r.timeBase().name().toLowerCase(Locale.ROOT));
        ArrayNode notes = o.putArray("close_notes");
        r.notes().forEach(notes::add);
    }

    private static double busyPct(NodeRunResult n, NodeRunResult.WorkerStats w) {
        return 100.0 * w.busyNs() / Math.max(1, n.makespanNs());
    }

    private static String golden(NodeRun.Result r) {
        List<String> g = r.golden();
        if (g == null) {
            return r.node().ok() ? "not checked (timing only: node.functional=false)" : "not checked (the run failed)";
        }
        return g.isEmpty() ? "match" : g.size() + " mismatch(es): " + String.join("; ", g);
    }
}
