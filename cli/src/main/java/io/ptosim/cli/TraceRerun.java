package io.ptosim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ptosim.chip.RunSummary;
import io.ptosim.platform.PlatformException;
import io.ptosim.traces.PtraceHeader;
import io.ptosim.traces.PtraceReader;
import io.ptosim.traces.TraceComparison;
import io.ptosim.traces.TraceFormatException;
import io.ptosim.workloads.Catalog;
import io.ptosim.workloads.ChipRun;
import io.ptosim.workloads.WorkloadInstance;
import java.io.PrintWriter;
import java.nio.file.Path;
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
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final CommandLine cli;
    private final Path trace;
    private final String platform;
    private final Map<String, String> sets;
    private final Long seed;
    private final boolean json;

    TraceRerun(CommandLine cli, Path trace, String platform, Map<String, String> sets, Long seed, boolean json) {
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
            WorkloadInstance w;
            try {
                w = Catalog.byName(h.workload()).instance(h.caseName(), h.variant());
            } catch (IllegalArgumentException e) {
                throw new TraceFormatException(trace + ": line 1 (header): program: " + e.getMessage(), e);
            }
            String digest = PtraceHeader.digestOf(w.program());
            TraceComparison comparison = new TraceComparison(recording);
            ChipRun.Result again = run(w, h.platform(), h.settings(), h.seed(), !h.timingOnly(), comparison);
            Optional<TraceComparison.Divergence> divergence = comparison.finish();
            boolean sameDigest = again.summary().digest().equals(recording.endDigest());
            boolean identical = divergence.isEmpty() && sameDigest;
            ChipRun.Result whatIf = null;
            Map<String, String> changed = new LinkedHashMap<>(h.settings());
            changed.putAll(sets);
            String whatIfPlatform = platform == null ? h.platform() : platform;
            long whatIfSeed = seed == null ? h.seed() : seed;
            if (platform != null || !sets.isEmpty() || seed != null) {
                whatIf = run(w, whatIfPlatform, changed, whatIfSeed, !h.timingOnly(), null);
            }
            PrintWriter out = cli.getOut();
            if (json) {
                ObjectNode o = MAPPER.createObjectNode();
                o.put("trace", trace.toString());
                o.put("workload", h.workload());
                o.put("case", h.caseName());
                o.put("variant", h.variant());
                o.put("platform", h.platform());
                o.put("program_changed", !digest.equals(h.programDigest()));
                o.put("identical", identical);
                o.put("events", comparison.events());
                o.put("digest", again.summary().digest());
                o.put("recorded_digest", recording.endDigest());
                if (divergence.isPresent()) {
                    TraceComparison.Divergence d = divergence.get();
                    ObjectNode dv = o.putObject("divergence");
                    dv.put("index", d.index());
                    dv.put("time_ps", d.timePs());
                    dv.put("expected", d.expected());
                    dv.put("actual", d.actual());
                    dv.put("op", d.op());
                } else {
                    o.putNull("divergence");
                }
                if (whatIf != null) {
                    ObjectNode wi = o.putObject("what_if");
                    wi.put("platform", whatIfPlatform);
                    ObjectNode settings = wi.putObject("settings");
                    changed.forEach(settings::put);
                    wi.put("seed", whatIfSeed);
                    SummaryReport.put(wi, whatIf.summary(), whatIf.golden(), 0);
                }
                out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o));
            } else {
                out.printf(Locale.ROOT, "replay of %s: %s %s %s on %s (seed %d, %s), recorded by ptosim %s%n", trace,
                        h.workload(), h.caseName(), h.variant(), h.platform(), h.seed(),
                        h.timingOnly() ? "timing only" : "functional", h.ptosimVersion());
                if (!digest.equals(h.programDigest())) {
                    out.printf(Locale.ROOT, "  %-12s the workload's program changed since the recording (digest %s,"
                            + " recorded %s)%n", "program", digest, h.programDigest());
                }
                if (identical) {
                    out.printf(Locale.ROOT, "  %-12s %d events, digest %s%n", "identical", comparison.events(),
                            again.summary().digest());
                } else if (divergence.isPresent()) {
                    TraceComparison.Divergence d = divergence.get();
                    out.printf(Locale.ROOT, "  %-12s at event %d (t = %.6f us)%s%n", "DIVERGED", d.index(),
                            d.timePs() / 1e6, d.op() >= 0 ? ", op " + d.op() : "");
                    out.printf(Locale.ROOT, "  %-12s %s%n", "expected", d.expected());
                    out.printf(Locale.ROOT, "  %-12s %s%n", "actual", d.actual());
                } else {
                    out.printf(Locale.ROOT, "  %-12s every event matches but the digest is %s, recorded %s%n",
                            "DIVERGED", again.summary().digest(), recording.endDigest());
                }
                if (whatIf != null) {
                    printSideBySide(out, h, again.summary(), whatIf.summary(), whatIfPlatform, changed);
                }
            }
            out.flush();
            return identical ? 0 : 1;
        }
    }

    private ChipRun.Result run(WorkloadInstance w, String platformName, Map<String, String> settings, long runSeed,
            boolean functional, TraceComparison sink) {
        try {
            return ChipRun.run(w, platformName, settings, functional, runSeed, c -> { }, sink);
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
