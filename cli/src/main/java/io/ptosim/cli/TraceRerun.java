package io.ptosim.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ptosim.chip.OrchestratorObserver;
import io.ptosim.chip.RunSummary;
import io.ptosim.explain.Explainer;
import io.ptosim.platform.Platform;
import io.ptosim.platform.PlatformException;
import io.ptosim.report.RunReport;
import io.ptosim.traces.ProgramFile;
import io.ptosim.traces.PtraceHeader;
import io.ptosim.traces.PtraceReader;
import io.ptosim.traces.TraceComparison;
import io.ptosim.traces.TraceFormatException;
import io.ptosim.trace.TraceSink;
import io.ptosim.trace.TraceSinks;
import io.ptosim.workloads.Catalog;
import io.ptosim.workloads.ChipRun;
import io.ptosim.workloads.WorkloadInstance;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * {@code ptosim replay run.ptrace}: runs the recorded run again from its header, comparing event by
 * event, and, when the user changed the platform, settings or seed, runs the what-if beside it.
 */
final class TraceRerun {

    private final CommandLine cli;
    private final Path trace;
    private final String platform;
    private final Map<String, String> sets;
    private final Long seed;
    private final boolean json;
    private final boolean explain;
    private final Path report;

    /** A rerun of {@code trace}; {@code report}, when not null, is where the re-run's page goes. */
    TraceRerun(CommandLine cli, Path trace, String platform, Map<String, String> sets, Long seed, boolean json,
            boolean explain, Path report) {
        this.explain = explain;
        this.report = report;
        this.cli = cli;
        this.trace = trace;
        this.platform = platform;
        this.sets = sets;
        this.seed = seed;
        this.json = json;
    }

    /** A row of the what-if table: a label and how to read it from a summary. */
    private record Row(String label, ToDoubleFunction<RunSummary> value, String format) {
    }

    private static final List<Row> ROWS = List.of(
            new Row("elapsed us", s -> s.elapsedNs() / 1e3, "%.1f"),
            new Row("orchestrator us", s -> s.orchNs() / 1e3, "%.1f"),
            new Row("blocked us", s -> s.blockedNs().values().stream().mapToLong(Long::longValue).sum() / 1e3, "%.1f"),
            new Row("tasks", s -> s.tasks(), "%.0f"),
            new Row("edges", s -> s.edges(), "%.0f"),
            new Row("dispatches", s -> s.dispatches(), "%.0f"),
            new Row("AIC util %", s -> 100 * s.aicUtilization(), "%.1f"),
            new Row("AIV util %", s -> 100 * s.aivUtilization(), "%.1f"));

    Integer call() throws Exception {
        try (PtraceReader recording = PtraceReader.open(trace)) {
            PtraceHeader h = recording.header();
            WorkloadInstance w = workload(trace, h);
            String digest = PtraceHeader.digestOf(w.program());
            TraceComparison comparison = new TraceComparison(recording);
            Explainer explainer = explain ? new Explainer() : null;
            Platform recorded = platform(w, h.platform(), h.settings());
            RunReport page = report == null ? null : new RunReport(recorded.clusters(), w.kernels());
            List<TraceSink> sinks = new ArrayList<>(List.of(comparison));
            if (explainer != null) {
                sinks.add(explainer);
            }
            if (page != null) {
                sinks.add(page);
            }
            ChipRun.Result again = run(w, h.platform(), h.settings(), h.seed(), !h.timingOnly(),
                    sinks.size() == 1 ? comparison : TraceSinks.all(sinks), explainer);
            ExplainReport.Result explained = explainer == null || !again.summary().completed() ? null
                    : ExplainReport.of(explainer, again.summary(), recorded,
                            ExplainReport.whatIf(w, h.platform(), h.settings(), h.seed()));
            if (page != null) {
                page.hazards(ReportHazards.of(new ProgramFile.Ptosim(w.program(), trace.toString()),
                        w.program().taskCount(), "run 'ptosim check " + trace + "'"));
                ExplainReport.writeReport(page, report, String.format(Locale.ROOT, "%s %s %s on %s (seed %d), re-run from"
                        + " %s", h.workload(), h.caseName(), h.variant(), h.platform(), h.seed(), trace.getFileName()),
                        again.summary(), again.golden(), explained);
            }
            Optional<TraceComparison.Divergence> divergence = comparison.finish();
            boolean sameDigest = again.summary().digest().equals(recording.endDigest());
            boolean identical = divergence.isEmpty() && sameDigest;
            ChipRun.Result whatIf = null;
            Map<String, String> changed = new LinkedHashMap<>(h.settings());
            changed.putAll(sets);
            String whatIfPlatform = platform == null ? h.platform() : platform;
            long whatIfSeed = seed == null ? h.seed() : seed;
            if (platform != null || !sets.isEmpty() || seed != null) {
                whatIf = run(w, whatIfPlatform, changed, whatIfSeed, !h.timingOnly(), null, null);
            }
            Outcome o = new Outcome(h, digest, comparison.events(), again.summary(), recording.endDigest(),
                    divergence.orElse(null), identical, whatIf == null ? null : whatIf.summary(), whatIfPlatform, changed,
                    whatIfSeed);
            PrintWriter out = cli.getOut();
            if (json) {
                ObjectNode node = toJson(o);
                if (explain) {
                    ExplainReport.putOrNull(node, explained);
                }
                out.println(JsonOutput.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node));
            } else {
                print(out, o);
                if (explained != null) {
                    ExplainReport.print(out, explained);
                } else if (explain) {
                    out.printf(Locale.ROOT, "%nexplain      nothing to explain: the re-run did not complete%n");
                }
            }
            out.flush();
            return identical ? 0 : 1;
        }
    }

    /** Everything a rerun found, for printing. */
    private record Outcome(PtraceHeader header, String programDigest, long events, RunSummary again,
            String recordedDigest, TraceComparison.Divergence divergence, boolean identical, RunSummary whatIf,
            String whatIfPlatform, Map<String, String> whatIfSettings, long whatIfSeed) {
    }

    private ObjectNode toJson(Outcome r) {
        PtraceHeader h = r.header();
        ObjectNode o = JsonOutput.mapper().createObjectNode();
        o.put("trace", trace.toString());
        o.put("workload", h.workload());
        o.put("case", h.caseName());
        o.put("variant", h.variant());
        o.put("platform", h.platform());
        o.put("program_changed", !r.programDigest().equals(h.programDigest()));
        o.put("identical", r.identical());
        o.put("events", r.events());
        o.put("digest", r.again().digest());
        o.put("recorded_digest", r.recordedDigest());
        TraceComparison.Divergence d = r.divergence();
        if (d != null) {
            ObjectNode dv = o.putObject("divergence");
            dv.put("index", d.index());
            dv.put("time_ps", d.timePs());
            dv.put("expected", d.expected());
            dv.put("actual", d.actual());
            dv.put("op", d.op());
        } else {
            o.putNull("divergence");
        }
        if (r.whatIf() != null) {
            ObjectNode wi = o.putObject("what_if");
            wi.put("platform", r.whatIfPlatform());
            ObjectNode settings = wi.putObject("settings");
            r.whatIfSettings().forEach(settings::put);
            wi.put("seed", r.whatIfSeed());
            SummaryReport.put(wi, r.whatIf(), null, 0);
        }
        return o;
    }

    private void print(PrintWriter out, Outcome r) {
        PtraceHeader h = r.header();
        out.printf(Locale.ROOT, "replay of %s: %s %s %s on %s (seed %d, %s), recorded by ptosim %s%n", trace,
                h.workload(), h.caseName(), h.variant(), h.platform(), h.seed(),
                h.timingOnly() ? "timing only" : "functional", h.ptosimVersion());
        if (!r.programDigest().equals(h.programDigest())) {
            out.printf(Locale.ROOT, "  %-12s the workload's program changed since the recording (digest %s,"
                    + " recorded %s)%n", "program", r.programDigest(), h.programDigest());
        }
        TraceComparison.Divergence d = r.divergence();
        if (r.identical()) {
            out.printf(Locale.ROOT, "  identical (%d events, digest %s)%n", r.events(), r.again().digest());
        } else if (d != null) {
            out.printf(Locale.ROOT, "  %-12s at event %d (t = %.6f us)%s%n", "DIVERGED", d.index(), d.timePs() / 1e6,
                    d.op() >= 0 ? ", op " + d.op() : "");
            out.printf(Locale.ROOT, "  %-12s %s%n", "expected", d.expected());
            out.printf(Locale.ROOT, "  %-12s %s%n", "actual", d.actual());
        } else {
            out.printf(Locale.ROOT, "  %-12s every event matches but the digest is %s, recorded %s%n", "DIVERGED",
                    r.again().digest(), r.recordedDigest());
        }
        if (r.whatIf() != null) {
            printSideBySide(out, h, r.again(), r.whatIf(), r.whatIfPlatform(), r.whatIfSettings());
        }
    }

    /**
     * The built-in workload a trace's header names.
     *
     * @throws TraceFormatException naming the trace if this ptosim has no such workload, case or variant
     */
    static WorkloadInstance workload(Path trace, PtraceHeader h) {
        if (ProgramTarget.recorded(h)) {
            return ProgramTarget.fromHeader(trace, h).instance();
        }
        try {
            return Catalog.byName(h.workload()).instance(h.caseName(), h.variant());
        } catch (IllegalArgumentException e) {
            throw new TraceFormatException(trace + ": line 1 (header): program: " + e.getMessage(), e);
        }
    }

    private ChipRun.Result run(WorkloadInstance w, String platformName, Map<String, String> settings, long runSeed,
            boolean functional, TraceSink sink, OrchestratorObserver observer) {
        return ChipRun.run(w, platform(w, platformName, settings), functional, runSeed, c -> { }, sink, observer);
    }

    /** The platform a run of {@code w} uses; a bad name or setting is a usage error. */
    private Platform platform(WorkloadInstance w, String platformName, Map<String, String> settings) {
        try {
            return ChipRun.platform(w, platformName, settings);
        } catch (PlatformException e) {
            throw new ParameterException(cli, e.getMessage());
        }
    }

    private void printSideBySide(PrintWriter out, PtraceHeader h, RunSummary recorded, RunSummary whatIf,
            String whatIfPlatform, Map<String, String> changed) {
        out.printf(Locale.ROOT, "%nwhat if: %s%s%s%n", whatIfPlatform, changed.isEmpty() ? "" : " " + changed,
                seed == null ? "" : " seed " + seed);
        out.printf(Locale.ROOT, "  %-16s %16s %16s %10s%n", "", "recorded (" + h.platform() + ")",
                "what-if (" + whatIfPlatform + ")", "delta");
        for (Row r : ROWS) {
            double a = r.value().applyAsDouble(recorded);
            double b = r.value().applyAsDouble(whatIf);
            String delta = a == 0 ? (b == 0 ? "0 %" : "n/a") : String.format(Locale.ROOT, "%+.1f %%", 100 * (b - a) / a);
            out.printf(Locale.ROOT, "  %-16s %16s %16s %10s%n", r.label(), String.format(Locale.ROOT, r.format(), a),
                    String.format(Locale.ROOT, r.format(), b), delta);
        }
        out.printf(Locale.ROOT, "  %-16s %16s %16s%n", "completed", recorded.completed(), whatIf.completed());
        out.printf(Locale.ROOT, "  %-16s %16s %16s%n", "digest", recorded.digest(), whatIf.digest());
    }
}
