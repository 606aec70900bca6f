package io.ptosim.cli;

import io.ptosim.check.AccessGraph;
import io.ptosim.check.Finding;
import io.ptosim.check.HazardChecker;
import io.ptosim.check.HazardReport;
import io.ptosim.traces.ProgramFile;
import io.ptosim.traces.TraceFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * The hazards section of a report page: what {@code ptosim check} finds in the run's program (the first
 * findings, then the check's summary line). A program of more than {@value #MAX_TASKS} tasks is not
 * checked on the way, since the check holds every access and costs about a second per 65,000 tasks; the
 * section then says how to run it.
 */
final class ReportHazards {
    /** Most tasks a report checks. */
    static final int MAX_TASKS = 20_000;
    /** Findings a page lists. */
    static final int SHOWN = 10;

    private ReportHazards() {
    }

    /**
     * The section's lines for {@code file}, whose program makes {@code tasks} tasks.
     *
     * @param how what a user runs to check it in full, e.g. "ptosim check run.ptrace"
     */
    static List<String> of(ProgramFile file, long tasks, String how) {
        if (tasks > MAX_TASKS) {
            return List.of("not checked here: " + tasks + " tasks, more than the " + MAX_TASKS + " a report checks on"
                    + " the way; " + how);
        }
        AccessGraph graph;
        try {
            graph = AccessGraph.of(file);
        } catch (TraceFormatException e) {
            return List.of("not checked: " + e.getMessage());
        }
        HazardReport report = HazardChecker.check(graph, SHOWN);
        List<String> lines = new ArrayList<>();
        for (Finding f : report.shown()) {
            lines.add(f.describe(graph.listing()));
        }
        lines.add(CheckCommand.summary(graph, report));
        return lines;
    }
}
