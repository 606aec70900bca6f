package io.ptosim.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ptosim.chip.Chip;
import io.ptosim.chip.Failure;
import io.ptosim.chip.RunSummary;
import io.ptosim.endpoint.SimBackend;
import io.ptosim.explain.Explainer;
import io.ptosim.explain.SizeSearch;
import io.ptosim.platform.Platform;
import io.ptosim.platform.PlatformException;
import io.ptosim.program.DependencyView;
import io.ptosim.report.RunReport;
import io.ptosim.runtime.DepEdge;
import io.ptosim.runtime.DependencyReplay;
import io.ptosim.runtime.SubmitRecord;
import io.ptosim.spi.BackendException;
import io.ptosim.spi.Backends;
import io.ptosim.trace.TraceSink;
import io.ptosim.trace.TraceSinks;
import io.ptosim.traces.DepsJsonWriter;
import io.ptosim.traces.PerfettoBudget;
import io.ptosim.traces.PerfettoWriter;
import io.ptosim.traces.ProgramFile;
import io.ptosim.traces.PtraceHeader;
import io.ptosim.traces.PtraceWriter;
import io.ptosim.traces.SwimlaneWriter;
import io.ptosim.workloads.Catalog;
import io.ptosim.workloads.ChipRun;
import io.ptosim.workloads.NodeWorkload;
import io.ptosim.workloads.Workload;
import io.ptosim.workloads.WorkloadInstance;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * {@code ptosim run}: runs a built-in workload on a simulated chip, or a node workload on N simulated
 * chips under the node runtime, and prints its summary.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a built-in workload or a program file on a simulated chip, or a node workload (node-...) on N"
                    + " chips, and prints what it did.",
            "%nThe orchestrator, scheduler threads and AIC/AIV cores run in virtual time on the"
                    + " platform's cost model; the same workload, platform, settings and seed always give the"
                    + " same digest. Kernel bodies run unless --timing-only; then the outputs are checked"
                    + " against the workload's golden. 'ptosim workloads' lists the workloads, cases and"
                    + " variants; 'ptosim platforms --keys' lists every --set key.",
            "%nNode workloads run the node runtime (L3: orchestrator, scheduler, chip and SUB workers) on"
                    + " --chips simulated chips with --policy and --mode; they take --platform, --set (host.* and"
                    + " node.* keys too), --seed, --backend, --perfetto (one track per chip and SUB worker, an arrow per"
                    + " dependency) and --json, not the chip-only options (--case, --variant, --timing-only,"
                    + " --trace, --trace-plain, --swimlane, --deps)."
                    + " --set node.functional=false makes a node run timing only.",
            "%nWORKLOAD may be a program file instead (PROGRAM.json: a ptosim program or a conformance-vector"
                    + " program, docs/program-format.md). It runs timing only, since user kernels have no functional"
                    + " bodies; each kernel's block duration comes from the --kernels table (fixed ns, or FLOPs and"
                    + " bytes for the cost model), else from the program's own \"kernels\" entries, else --kernel-ns"
                    + " with a warning naming the kernels that took it. --case and --variant do not apply.",
            "%nRuns longer than a second draw a progress bar on standard error when it is a terminal.",
            "%nA failed run's summary starts with the error code (name, meaning), what was blocked (ring, resource,"
                    + " head task and its state, scope depth, op); when a size is to blame, timing-only reruns search for"
                    + " the smallest --set value that gets past the error (doubling, then bisection; at most "
                    + SizeSearch.MAX_RERUNS + " reruns). Every run reports the high-water marks of the task windows,"
                    + " heaps, dep pools and TensorMap.",
            "%nExit status: 0 completed (and matched the golden), 1 the run failed (deadlock, runtime"
                    + " error, golden mismatch), 2 bad usage."
        })
final class RunCommand implements Callable<Integer> {
    private String depsLine;
    private String reportLine;
    private ExplainReport.Result explained;
    private RunTraceFiles traceFiles;
    private SizeSearch.Result sizeSearch;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WORKLOAD",
            description = "The workload (see 'ptosim workloads'), or a program file (PROGRAM.json).")
    String workload;

    @Option(names = "--kernels", paramLabel = "FILE",
            description = "Program files: the kernel timing table (docs/program-format.md, \"Kernel timing\").")
    Path kernels;

    @Option(names = "--kernel-ns", paramLabel = "NS", defaultValue = "1000",
            description = "Program files: the block duration of a kernel neither --kernels nor the program times"
                    + " (default: ${DEFAULT-VALUE} ns).")
    long kernelNs;

    @Option(names = "--case", paramLabel = "C", description = "The case (default: the workload's first).")
    String caseName;

    @Option(names = "--variant", paramLabel = "V", description = "The variant (default: the workload's first).")
    String variant;

    @Option(names = "--platform", paramLabel = "P", defaultValue = "a2a3",
            description = "a2a3 or a5 (default: ${DEFAULT-VALUE}).")
    String platform;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Root seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--timing-only", description = "Skip kernel bodies (and the golden check): timing only.")
    boolean timingOnly;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a platform parameter for this run, e.g. ring.taskWindow=32768 or"
                    + " topology.schedulerThreads=2 (repeatable).")
    List<String> sets = List.of();

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Option(names = "--explain",
            description = "Print where the elapsed time went: the critical path's parts (us, %%), the verdict"
                    + " (orchestrator-, execution-, bandwidth- or scheduler-bound) and the three settings that would"
                    + " help most, each measured by a timing-only what-if run (at most 6 extra runs).")
    boolean explain;

    @Option(names = "--trace", paramLabel = "FILE",
            description = "Record the run as a ptosim trace (docs/trace-format.md; gzip) for 'ptosim replay'.")
    Path trace;

    @Option(names = "--trace-plain", description = "Write the --trace file as plain text instead of gzip.")
    boolean tracePlain;

    @Option(names = "--perfetto", paramLabel = "FILE", description = "Write a Perfetto timeline (trace-event JSON).")
    Path perfetto;

    @Option(names = "--swimlane", paramLabel = "FILE",
            description = "Write simpler's chip_swimlane_records.json (level 4).")
    Path swimlane;

    @Option(names = "--deps", paramLabel = "FILE",
            description = "Write the program's dependency graph as simpler's deps.json (traces.md §1).")
    Path deps;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Write the run as one self-contained HTML page: summary, explain parts, timeline, charts over"
                    + " time (a node workload: chips and SUB workers as lanes with dependency arrows).")
    Path report;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Where the program runs (default: $PTOSIM_BACKEND, else -Dptosim.backend, else sim).")
    String backend;

    @Option(names = "--chips", paramLabel = "N",
            description = "Node workloads: chips (NEXT_LEVEL workers), 1 to 16 (default: the workload's).")
    Integer chips;

    @Option(names = "--policy", paramLabel = "P", defaultValue = "two-pass",
            description = "Node workloads: two-pass (V1 affinity passes) or directed (HEAD per-worker FIFOs);"
                    + " default two-pass.")
    String policy;

    @Option(names = "--mode", paramLabel = "M", defaultValue = "thread",
            description = "Node workloads: thread (in-process calls) or process (forked children, mailbox);"
                    + " default thread.")
    String mode;

    private static final List<String> NODE_ONLY = List.of("--chips", "--policy", "--mode");
    private static final List<String> CHIP_ONLY = List.of("--case", "--variant", "--timing-only", "--trace",
            "--trace-plain", "--swimlane", "--deps", "--explain", "--kernels", "--kernel-ns");

    @Override
    public Integer call() throws Exception {
        OutputPaths.requireWritable(spec.commandLine(), outputs());
        if (Catalog.isNode(workload)) {
            return new NodeRunner(this).call();
        }
        for (String o : NODE_ONLY) {
            if (given(o)) {
                throw new ParameterException(spec.commandLine(), o + " applies to node workloads only ("
                        + String.join(", ", Catalog.nodes().stream().map(NodeWorkload::name).toList()) + "); '"
                        + workload + "' is a chip workload");
            }
        }
        Map<String, String> settings = SetOptions.parse(sets, spec.commandLine());
        // The simulated chip is always there: only another name needs the installed backends looked up.
        String backendName = Backends.chosenName(backend, System.getenv());
        if (!backendName.equals(SimBackend.NAME)) {
            try {
                backendName = Backends.select(backend, System.getenv(), settings).name();
            } catch (BackendException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        if (!backendName.equals(SimBackend.NAME)) {
            throw new ParameterException(spec.commandLine(), "'" + workload + "' is a chip workload, which runs on the"
                    + " simulated chip only; backend '" + backendName + "' runs node workloads whose callables it has"
                    + " compiled (e.g. node-vector-example): use --backend sim or leave it out");
        }
        ProgramTarget target = ProgramTarget.names(workload) ? programTarget() : null;
        WorkloadInstance instance = target != null ? target.instance() : builtIn();
        Platform chipPlatform;
        try {
            chipPlatform = ChipRun.platform(instance, platform, settings);
        } catch (PlatformException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        long total = instance.program().taskCount();
        long wallStart = System.nanoTime();
        ChipRun.Result result;
        try (RunTraceFiles files = new RunTraceFiles()) {
            if (trace != null) {
                files.add("trace", trace, new PtraceWriter(trace, new PtraceHeader(VersionProvider.version(),
                        target == null ? instance.workload() : target.headerWorkload(),
                        target == null ? instance.caseName() : target.headerCase(),
                        target == null ? instance.variant() : target.headerVariant(),
                        PtraceHeader.digestOf(instance.program()), platform, settings, backendName, seed, timingOnly),
                        !tracePlain));
            }
            if (perfetto != null) {
                files.add("perfetto", perfetto, new PerfettoWriter(perfetto, chipPlatform, instance.kernels(),
                        PerfettoBudget.forTasks(total)));
            }
            if (swimlane != null) {
                files.add("swimlane", swimlane,
                        new SwimlaneWriter(swimlane, chipPlatform, SwimlaneWriter.DEFAULT_LEVEL));
            }
            Chip.ProgressListener bar = ProgressBar.forTerminal(spec.commandLine().getErr(), total);
            Explainer explainer = explain ? new Explainer() : null;
            RunReport page = report == null ? null : new RunReport(chipPlatform.clusters(), instance.kernels());
            List<TraceSink> sinks = new ArrayList<>();
            if (files.sink() != null) {
                sinks.add(files.sink());
            }
            if (explainer != null) {
                sinks.add(explainer);
            }
            if (page != null) {
                sinks.add(page);
            }
            TraceSink sink = sinks.isEmpty() ? null : sinks.size() == 1 ? sinks.get(0) : TraceSinks.all(sinks);
            try {
                result = ChipRun.run(instance, chipPlatform, !timingOnly, seed, bar, sink, explainer);
                files.finish(result.summary().digest());
            } finally {
                if (bar instanceof ProgressBar b) {
                    b.finish();
                }
            }
            traceFiles = files;
            if (explainer != null && result.summary().completed()) {
                explained = ExplainReport.of(explainer, result.summary(), chipPlatform,
                        ExplainReport.whatIf(instance, platform, settings, seed));
            }
            if (page != null) {
                page.hazards(ReportHazards.of(new ProgramFile.Ptosim(instance.program(), workload), total,
                        "record it with --trace FILE and run 'ptosim check FILE'"));
                ExplainReport.writeReport(page, report, instance.workload() + " " + instance.caseName() + " "
                        + instance.variant() + " on " + platform + " (seed " + seed
                        + (timingOnly ? ", timing only)" : ", functional)"), result.summary(), result.golden(), explained);
                reportLine = report + " (" + page.blocks() + " kernel blocks)";
            }
        }
        if (deps != null) {
            List<SubmitRecord> submits = DependencyView.submitsOf(instance.program());
            List<DepEdge> edges = DependencyReplay.edgesOf(submits, chipPlatform.runtime().trackReaders());
            DepsJsonWriter.write(submits, edges, deps);
            depsLine = deps + " (" + submits.size() + " tasks, " + edges.size() + " edges)";
        }
        long wallNs = System.nanoTime() - wallStart;
        if (!result.summary().completed()) {
            sizeSearch = SizeSearch.search(result.summary(), chipPlatform,
                    ExplainReport.whatIf(instance, platform, settings, seed));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode node = toJson(instance, result, wallNs);
            if (target != null) {
                target.put(node);
            }
            out.println(JsonOutput.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } else {
            print(out, instance, target, result, wallNs);
        }
        out.flush();
        RunSummary s = result.summary();
        if (!s.completed()) {
            spec.commandLine().getErr().println("ptosim run: the run failed with code " + s.errorCode() + " ("
                    + Failure.nameOf(s.errorCode()) + "); the summary on standard output tells what was blocked");
            spec.commandLine().getErr().flush();
            return 1;
        }
        return result.golden() == null || result.golden().isEmpty() ? 0 : 1;
    }

    /** The built-in workload's instance that --case and --variant name. */
    private WorkloadInstance builtIn() {
        for (String o : List.of("--kernels", "--kernel-ns")) {
            if (given(o)) {
                throw new ParameterException(spec.commandLine(), o + " applies to program files (PROGRAM.json) only; '"
                        + workload + "' is a built-in workload, whose kernels are its own");
            }
        }
        try {
            Workload w = Catalog.byName(workload);
            return Catalog.instance(w, caseName == null ? w.defaultCase() : caseName,
                    variant == null ? w.defaultVariant() : variant);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The program file WORKLOAD names, read with its kernel timings; warns on standard error of defaulted ones. */
    private ProgramTarget programTarget() {
        for (String o : List.of("--case", "--variant")) {
            if (given(o)) {
                throw new ParameterException(spec.commandLine(), o + " applies to built-in workloads; '" + workload
                        + "' is a program file");
            }
        }
        ProgramTarget target;
        try {
            target = ProgramTarget.read(Path.of(workload), kernels, kernelNs);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        timingOnly = true;
        String warning = target.defaultWarning();
        if (warning != null) {
            spec.commandLine().getErr().println("ptosim run: " + warning);
            spec.commandLine().getErr().flush();
        }
        return target;
    }

    /** The output files named on the command line, by option (an insertion-ordered map; absent ones are null). */
    private Map<String, Path> outputs() {
        Map<String, Path> o = new LinkedHashMap<>();
        o.put("--trace", trace);
        o.put("--perfetto", perfetto);
        o.put("--swimlane", swimlane);
        o.put("--deps", deps);
        o.put("--report", report);
        return o;
    }

    /** Whether the command line named option {@code name}. */
    boolean given(String name) {
        return spec.commandLine().getParseResult().hasMatchedOption(name);
    }

    /** The chip-only options, for the node runner's check. */
    static List<String> chipOnly() {
        return CHIP_ONLY;
    }

    private void print(PrintWriter out, WorkloadInstance w, ProgramTarget target, ChipRun.Result r, long wallNs) {
        RunSummary s = r.summary();
        if (target == null) {
            out.printf(Locale.ROOT, "%s %s %s on %s (seed %d, %s)%n", w.workload(), w.caseName(), w.variant(),
                    s.platform(), seed, timingOnly ? "timing only" : "functional");
        } else {
            out.println(target.title(s.platform(), seed));
            target.print(out);
        }
        SummaryReport.print(out, r.summary(), r.golden(), wallNs, sizeSearch);
        traceFiles.print(out);
        if (depsLine != null) {
            out.printf(Locale.ROOT, "  %-12s %s%n", "deps.json", depsLine);
        }
        if (reportLine != null) {
            out.printf(Locale.ROOT, "  %-12s %s%n", "report", reportLine);
        }
        if (explained != null) {
            ExplainReport.print(out, explained);
        } else if (explain) {
            out.printf(Locale.ROOT, "%nexplain      nothing to explain: the run did not complete%n");
        }
    }

    private ObjectNode toJson(WorkloadInstance w, ChipRun.Result r, long wallNs) {
        RunSummary s = r.summary();
        ObjectNode o = JsonOutput.mapper().createObjectNode();
        o.put("workload", w.workload());
        o.put("case", w.caseName());
        o.put("variant", w.variant());
        o.put("platform", s.platform());
        o.put("seed", seed);
        o.put("functional", !timingOnly);
        SummaryReport.put(o, r.summary(), r.golden(), wallNs, sizeSearch);
        o.put("trace", trace == null ? null : trace.toString());
        o.put("perfetto", perfetto == null ? null : perfetto.toString());
        o.put("report", report == null ? null : report.toString());
        o.put("swimlane", swimlane == null ? null : swimlane.toString());
        o.put("deps", deps == null ? null : deps.toString());
        if (explained != null) {
            ExplainReport.put(o, explained);
        } else if (explain) {
            o.putNull("explain");
        }
        return o;
    }
}
