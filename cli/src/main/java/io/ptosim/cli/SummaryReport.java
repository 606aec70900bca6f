package io.ptosim.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ptosim.chip.RunSummary;
import io.ptosim.explain.SizeSearch;
import io.ptosim.report.ReportedRun;
import io.ptosim.report.SummaryLine;
import io.ptosim.report.SummaryMetric;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The body of a run's summary, as text and as JSON fields, shared by the commands that run a chip; both
 * iterate the {@link SummaryMetric} catalogue. A failed run's summary starts with the code (name and the
 * spec's meaning) and what was blocked, and shows only the figures a stopped run still means.
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
        for (SummaryLine line : SummaryMetric.lines(new ReportedRun(s, golden, wallNs, search))) {
            out.printf(Locale.ROOT, "  %-12s %s%n", line.label(), line.value());
        }
    }

    /** Puts the summary fields ({@code completed} to {@code wall_ms}) into {@code o}. */
    static void put(ObjectNode o, RunSummary s, List<String> golden, long wallNs) {
        put(o, s, golden, wallNs, null);
    }

    /** As {@link #put(ObjectNode, RunSummary, List, long)}, with a failed run's size search (null: none). */
    static void put(ObjectNode o, RunSummary s, List<String> golden, long wallNs, SizeSearch.Result search) {
        SummaryMetric.putAll(o, new ReportedRun(s, golden, wallNs, search));
    }
}
