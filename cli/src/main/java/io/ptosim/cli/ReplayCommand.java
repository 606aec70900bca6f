package io.ptosim.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ptosim.chip.Chip;
import io.ptosim.chip.RunSummary;
import io.ptosim.explain.Explainer;
import io.ptosim.platform.Platform;
import io.ptosim.platform.PlatformException;
import io.ptosim.report.RunReport;
import io.ptosim.trace.TraceSinks;
import io.ptosim.traces.DepsEdgeCheck;
import io.ptosim.traces.DepsGraph;
import io.ptosim.traces.DepsProgramBuilder;
import io.ptosim.traces.FormatOverride;
import io.ptosim.traces.ProgramFile;
import io.ptosim.traces.PtraceFile;
import io.ptosim.traces.SwimlaneReader;
import io.ptosim.traces.SwimlaneRecords;
import io.ptosim.traces.TraceFile;
import io.ptosim.traces.TraceFormat;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ptosim replay}: re-runs a ptosim trace and reports the first divergence (with a what-if run
 * beside it when asked), or runs a task graph recorded by simpler, trace-driven.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Re-runs a recorded trace and compares, or replays a task graph recorded by simpler.",
            "%nA ptosim trace (from 'ptosim run --trace') is run again from its header (workload, platform,"
                    + " settings, seed) and compared event by event: it prints 'identical' or the first divergence"
                    + " (event index, virtual time, expected and actual event, the op behind it). With --platform,"
                    + " --set or --seed it also runs the same program so changed and prints both summaries side"
                    + " by side with deltas: a what-if.",
            "%nFor simpler's deps.json the program is rebuilt from the file's tasks: their args, scopes (from the task rings) and"
                    + " explicit edges; what the file does not record (which buffer is whose output, alloc_tensors"
                    + " tasks, scope boundaries) is inferred and listed. As simpler's own dual-pass replay does, the"
                    + " rebuilt program's dependency edges are checked against the file's edges, tensors matched"
                    + " by buffer and version. With --swimlane, each task's kernels take the durations recorded in"
                    + " chip_swimlane_records.json; otherwise --kernel-ns. --platform and --set ask 'what if' the"
                    + " same graph ran on another chip.",
            "%nExit status: 0 identical (for a deps.json: the edges agree and the run completed), 1 a"
                    + " divergence, disagreeing edges or a failed run,"
                    + " 2 bad usage or a malformed file."
        })
final class ReplayCommand implements Callable<Integer> {
    private static final int SHOWN_DIFFERENCES = 20;
    /** Duration of a kernel block the records do not time, by default. */
    static final long DEFAULT_KERNEL_NS = 1000;
    /** Tasks after which an inferred scope closes and reopens, by default. */
    static final int DEFAULT_MAX_SCOPE_TASKS = 4096;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TRACE", description = "A ptosim trace (run --trace) or simpler's deps.json.")
    Path trace;

    @Option(names = "--swimlane", paramLabel = "FILE",
            description = "chip_swimlane_records.json of the same run: the kernel durations to replay.")
    Path swimlane;

    @Option(names = "--kernel-ns", paramLabel = "NS", defaultValue = "" + DEFAULT_KERNEL_NS,
            description = "Duration of a kernel block the records do not time (default: ${DEFAULT-VALUE} ns).")
    long kernelNs;

    @Option(names = "--max-scope-tasks", paramLabel = "N", defaultValue = "" + DEFAULT_MAX_SCOPE_TASKS,
            description = "deps.json: close and reopen an inferred scope after N tasks (default: ${DEFAULT-VALUE}).")
    int maxScopeTasks;

    @Option(names = "--platform", paramLabel = "P",
            description = "a2a3 or a5 (default: the trace's; a2a3 for a deps.json).")
    String platform;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a platform parameter for this run (repeatable; see 'ptosim platforms --keys').")
    List<String> sets = List.of();

    @Option(names = "--seed", paramLabel = "N", description = "Root seed (default: the trace's; 0 for a deps.json).")
    Long seed;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    @Option(names = "--explain",
            description = "Also print where the re-run's elapsed time went (see 'ptosim run --explain'): for a ptosim"
                    + " trace, the run as recorded; for a deps.json, the trace-driven run of the rebuilt program."
                    + " What-ifs use the same platform, settings and seed.")
    boolean explain;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Also write the re-run (for a ptosim trace: the run as recorded) or the trace-driven run (for a"
                    + " deps.json) as one self-contained HTML page (see 'ptosim run --report').")
    Path report;

    @Override
    public Integer call() throws Exception {
        OutputPaths.requireWritable(spec.commandLine(), "--report", report);
        requireFile(trace, "TRACE");
        TraceFile file = TraceFormat.read(trace);
        if (file instanceof PtraceFile) {
            return new TraceRerun(spec.commandLine(), trace, platform, SetOptions.parse(sets, spec.commandLine()), seed,
                    json, explain, report).call();
        }
        String platform = this.platform == null ? "a2a3" : this.platform;
        long seed = this.seed == null ? 0 : this.seed;
        if (kernelNs < 0) {
            throw new ParameterException(spec.commandLine(), "--kernel-ns " + kernelNs + ": expected >= 0");
        }
        if (!(file instanceof DepsGraph graph)) {
            throw new ParameterException(spec.commandLine(), "TRACE " + trace + " is " + TraceFormat.of(file).label()
                    + "; replay takes a ptosim trace, or a deps.json with the swimlane records given by --swimlane");
        }
        SwimlaneRecords records = null;
        if (swimlane != null) {
            requireFile(swimlane, "--swimlane");
            records = SwimlaneReader.read(swimlane);
        }
        Map<String, String> settings = SetOptions.parse(sets, spec.commandLine());
        Platform chipPlatform;
        try {
            chipPlatform = Platform.load(platform, settings);
        } catch (PlatformException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Map<Long, long[]> durations = records == null ? Map.of() : records.kernelNanos();
        if (maxScopeTasks < 1) {
            throw new ParameterException(spec.commandLine(), "--max-scope-tasks " + maxScopeTasks + ": expected >= 1");
        }
        DepsProgramBuilder.Rebuilt rebuilt = DepsProgramBuilder.build(graph, durations, kernelNs, maxScopeTasks);
        DepsEdgeCheck.Result check = DepsEdgeCheck.compare(graph, rebuilt.program());
        long wallStart = System.nanoTime();
        Chip chip = new Chip(chipPlatform, rebuilt.program(), DepsProgramBuilder.kernels(graph), Map.of(), false, seed);
        Explainer explainer = explain ? new Explainer() : null;
        RunReport page = report == null ? null : new RunReport(chipPlatform.clusters(), DepsProgramBuilder.kernels(graph));
        chip.traceTo(page == null ? explainer : explainer == null ? page : TraceSinks.all(List.of(explainer, page)));
        chip.observeOrchestrator(explainer);
        RunSummary summary = chip.run();
        long wallNs = System.nanoTime() - wallStart;
        ExplainReport.Result explained = null;
        if (explainer != null && summary.completed()) {
            String platformName = platform;
            long replaySeed = seed;
            explained = ExplainReport.of(explainer, summary, chipPlatform, extra -> new Chip(
                    Platform.load(platformName, ExplainReport.merged(settings, extra)), rebuilt.program(),
                    DepsProgramBuilder.kernels(graph), Map.of(), false, replaySeed).run());
        }
        if (page != null) {
            page.hazards(ReportHazards.of(new ProgramFile.Deps(graph), graph.tasks().size(),
                    "run 'ptosim check " + trace + "'"));
            ExplainReport.writeReport(page, report, "replay of " + trace + " on " + platform + " (seed " + seed + ")",
                    summary, null, explained);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode node = toJson(graph, records, rebuilt, check, summary, wallNs, seed);
            if (explain) {
                ExplainReport.putOrNull(node, explained);
            }
            out.println(JsonOutput.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } else {
            print(out, graph, records, rebuilt, check, summary, wallNs, seed);
            if (explained != null) {
                ExplainReport.print(out, explained);
            } else if (explain) {
                out.printf(Locale.ROOT, "%nexplain      nothing to explain: the run did not complete%n");
            }
        }
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        if (records != null && rebuilt.tracedTasks() == 0 && !graph.tasks().isEmpty()) {
            err.println("ptosim replay: warning: no task of " + trace + " has a record in " + swimlane
                    + " (the records of another run?); every kernel block took --kernel-ns " + kernelNs + " ns");
        }
        if (!check.equal()) {
            err.println("ptosim replay: the rebuilt program's edges differ from " + trace + " in "
                    + check.differences().size() + " place(s)");
        }
        if (!summary.completed()) {
            err.println("ptosim replay: " + summary.error());
        }
        err.flush();
        return check.equal() && summary.completed() ? 0 : 1;
    }

    private void requireFile(Path file, String what) {
        if (!Files.isRegularFile(FormatOverride.of(file).file())) {
            throw new ParameterException(spec.commandLine(), what + " " + file + " is not a readable file");
        }
    }

    private void print(PrintWriter out, DepsGraph graph, SwimlaneRecords records, DepsProgramBuilder.Rebuilt rebuilt,
            DepsEdgeCheck.Result check, RunSummary s, long wallNs, long seed) {
        out.printf(Locale.ROOT, "replay of %s on %s (seed %d, trace-driven)%n", trace, s.platform(), seed);
        out.printf(Locale.ROOT, "  %-12s %d submits, %d alloc_tensors inferred, %d untracked id(s)%n", "rebuilt",
                graph.tasks().size(), rebuilt.allocs(), rebuilt.gaps());
        for (String note : rebuilt.notes()) {
            out.printf(Locale.ROOT, "  %-12s %s%n", "inferred", note);
        }
        out.printf(Locale.ROOT, "  %-12s %d recorded, %d rebuilt (%d distinct pairs): %s%n", "edges",
                check.recordedEdges(), check.rebuiltEdges(), check.pairs(),
                check.equal() ? "equal" : check.differences().size() + " difference(s)");
        for (String d : check.differences().subList(0, Math.min(SHOWN_DIFFERENCES, check.differences().size()))) {
            out.printf(Locale.ROOT, "  %-12s %s%n", "", d);
        }
        if (check.differences().size() > SHOWN_DIFFERENCES) {
            out.printf(Locale.ROOT, "  %-12s ... and %d more%n", "", check.differences().size() - SHOWN_DIFFERENCES);
        }
        out.printf(Locale.ROOT, "  %-12s %s%n", "durations", records == null
                ? "every kernel block " + kernelNs + " ns (no --swimlane)"
                : rebuilt.tracedTasks() + " of " + graph.tasks().size() + " tasks from " + swimlane + " (level "
                        + records.level() + ", " + records.clockFreqHz() / 1e6 + " MHz); others " + kernelNs + " ns");
        SummaryReport.print(out, s, null, wallNs);
    }

    private ObjectNode toJson(DepsGraph graph, SwimlaneRecords records, DepsProgramBuilder.Rebuilt rebuilt,
            DepsEdgeCheck.Result check, RunSummary s, long wallNs, long seed) {
        ObjectNode o = JsonOutput.mapper().createObjectNode();
        o.put("trace", trace.toString());
        o.put("swimlane", swimlane == null ? null : swimlane.toString());
        o.put("platform", s.platform());
        o.put("seed", seed);
        o.put("submits", graph.tasks().size());
        o.put("inferred_allocs", rebuilt.allocs());
        o.put("untracked_ids", rebuilt.gaps());
        ArrayNode notes = o.putArray("inferred");
        rebuilt.notes().forEach(notes::add);
        ObjectNode edges = o.putObject("edge_check");
        edges.put("recorded", check.recordedEdges());
        edges.put("rebuilt", check.rebuiltEdges());
        edges.put("pairs", check.pairs());
        edges.put("equal", check.equal());
        ArrayNode diffs = edges.putArray("differences");
        check.differences().forEach(diffs::add);
        o.put("traced_tasks", records == null ? 0 : rebuilt.tracedTasks());
        o.put("default_kernel_ns", kernelNs);
        SummaryReport.put(o, s, null, wallNs);
        return o;
    }
}
