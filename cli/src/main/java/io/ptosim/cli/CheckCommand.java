package io.ptosim.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ptosim.check.Access;
import io.ptosim.check.AccessGraph;
import io.ptosim.check.Finding;
import io.ptosim.check.FixGroup;
import io.ptosim.check.HazardChecker;
import io.ptosim.check.HazardKind;
import io.ptosim.check.HazardReport;
import io.ptosim.check.OverlapRange;
import io.ptosim.runtime.TaskId;
import io.ptosim.traces.FormatOverride;
import io.ptosim.traces.ProgramFile;
import io.ptosim.traces.PtraceReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ptosim check}: the pairs of tasks that may touch the same elements in either order. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the pairs of tasks that may touch the same elements in either order.",
            "%nComputes happens-before from the program's edges (those the runtime's dependency rules derive"
                    + " for a ptosim or conformance-vector program or the program a ptosim trace recorded, the"
                    + " recorded ones for a deps.json) and reports"
                    + " every pair of tasks whose accesses to overlapping elements of a buffer conflict (at least"
                    + " one writes) with no path of edges between them: write-after-read (never tracked by the"
                    + " shipped runtime; --set tensorMap.trackReaders=true or a TRACKED_INPUT tag derives it as the"
                    + " reference's reader-tracking proposal would), OUTPUT_EXISTING write-after-write, manual-scope accesses without explicit deps,"
                    + " manual_dep views. Each finding names both tasks with their op indices (the op index in a"
                    + " ptosim program, the submits[] or tasks[] index otherwise), the buffer, the overlapping"
                    + " element range (a strided overlap as a range per dimension) and the fix the spec suggests,"
                    + " with what it costs. NO_DEP args are not checked: the tag says nothing of whether the kernel"
                    + " reads or writes.",
            "%nA ptosim program's get_tensor_data and set_tensor_data calls are accesses by the orchestrator at"
                    + " their place in the program, ordered with the tasks only by what the runtime waits for: the"
                    + " tensor's creator and its TensorMap writers, and for a set the consumers that retain them."
                    + " A task that writes in a manual scope or through a manual_dep view, or reads holding no"
                    + " retained pin, races with the call. Findings one fix resolves are listed under it.",
            "%nExit status: 0 no hazard, 1 hazards found, 2 bad usage, a malformed file or one too large for the"
                    + " Java heap."
        })
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROGRAM",
            description = "A ptosim program, a conformance-vector program or a deps.json (JSON), or a ptosim trace (.ptrace).")
    Path program;

    @Option(names = "--max", paramLabel = "N", defaultValue = "100",
            description = "Print at most N findings; all are counted (default: ${DEFAULT-VALUE}).")
    int max;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "tensorMap.trackReaders=true: check the program as if every INPUT were a tracked reader"
                    + " (the reader-tracking what-if); the only key check takes, and not for a deps.json.")
    List<String> sets = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(FormatOverride.of(program).file())) {
            throw new ParameterException(spec.commandLine(), "PROGRAM " + program + " is not a readable file");
        }
        if (max < 0) {
            throw new ParameterException(spec.commandLine(), "--max " + max + ": expected >= 0");
        }
        boolean trackReaders = SetOptions.trackReaders(sets, spec.commandLine());
        AccessGraph graph;
        HazardReport report;
        try {
            ProgramFile file = programFile();
            if (trackReaders && file instanceof ProgramFile.Deps) {
                throw new ParameterException(spec.commandLine(), "--set " + SetOptions.TRACK_READERS + "=true: "
                        + program + " is a deps.json, whose edges are recorded; reader tracking derives edges for a"
                        + " ptosim or conformance-vector program");
            }
            graph = AccessGraph.of(file, trackReaders);
            report = HazardChecker.check(graph, max);
        } catch (OutOfMemoryError e) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf("ptosim check: %s does not fit in the Java heap (%d MiB); give it more, e.g."
                    + " PTOSIM_JAVA_OPTS='-Xmx16g -XX:+UseParallelGC'%n", program,
                    Runtime.getRuntime().maxMemory() >> 20);
            err.flush();
            return 2;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonOutput.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(toJson(graph, report)));
        } else {
            for (FixGroup g : report.fixGroups()) {
                if (g.findings().size() == 1) {
                    out.println(g.findings().get(0).describe(graph.listing()));
                    continue;
                }
                out.println("Fix: " + g.fix() + ". It resolves " + g.findings().size() + " findings:");
                for (Finding f : g.findings()) {
                    out.println("  " + f.summary(graph.listing()));
                }
            }
            out.println(summary(graph, report));
        }
        out.flush();
        return report.clean() ? 0 : 1;
    }

    /** The program to check: a ptosim trace's workload program, or whatever program form the file holds. */
    private ProgramFile programFile() {
        FormatOverride named = FormatOverride.of(program);
        Path file = named.file();
        if ("ptrace".equals(named.format()) || named.format() == null && PtraceReader.looksLike(file)) {
            try (PtraceReader trace = PtraceReader.open(file)) {
                return new ProgramFile.Ptosim(TraceRerun.workload(file, trace.header()).program(), file.toString());
            }
        }
        return ProgramFile.read(program);
    }

    /** The one-line summary ({@code check NAME: N tasks, M edges: ...}). */
    static String summary(AccessGraph graph, HazardReport report) {
        StringBuilder s = new StringBuilder("check " + graph.name() + ": " + count(graph.tasks(), "task") + ", "
                + (graph.hostCalls() > 0 ? count(graph.hostCalls(), "get/set_tensor_data call") + ", " : "")
                + count(graph.edges(), "edge") + ": ");
        if (report.clean()) {
            s.append("no hazards");
        } else {
            s.append(count(report.hazards(), "hazard")).append(" between ")
                    .append(count(report.taskPairs(), "task pair")).append(" (");
            String sep = "";
            for (HazardKind k : HazardKind.values()) {
                s.append(sep).append(report.byKind().get(k)).append(' ').append(k.label());
                sep = ", ";
            }
            s.append(')');
            if (report.shown().size() < report.hazards()) {
                s.append("; the first ").append(report.shown().size()).append(" shown (--max)");
            }
        }
        if (graph.noDepArgs() > 0) {
            s.append("; ").append(count(graph.noDepArgs(), "NO_DEP arg")).append(" not checked");
        }
        return s.toString();
    }

    /** E.g. {@code 1 edge}, {@code 6 edges}. */
    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private ObjectNode toJson(AccessGraph graph, HazardReport report) {
        ObjectNode o = JsonOutput.mapper().createObjectNode();
        o.put("program", graph.name());
        o.put("file", program.toString());
        o.put("op_index", graph.listing().key());
        o.put("tasks", graph.tasks());
        o.put("edges", graph.edges());
        o.put("host_calls", graph.hostCalls());
        o.put("no_dep_args", graph.noDepArgs());
        o.put("hazards", report.hazards());
        o.put("task_pairs", report.taskPairs());
        ObjectNode kinds = o.putObject("by_kind");
        report.byKind().forEach((k, n) -> kinds.put(k.label(), n));
        ArrayNode findings = o.putArray("findings");
        for (Finding f : report.shown()) {
            ObjectNode j = findings.addObject();
            j.put("kind", f.kind().label());
            j.put("cause", f.cause().label());
            ObjectNode buffer = j.putObject("buffer");
            buffer.put("addr", "0x" + Long.toHexString(f.buffer().addr()));
            buffer.put("name", f.buffer().name());
            buffer.put("creator", f.buffer().owner() == TaskId.INVALID ? null : TaskId.display(f.buffer().owner()));
            ObjectNode range = j.putObject("range");
            range.put("unit", f.range().bytes() ? "bytes" : "elements");
            range.put("lo", f.range().lo());
            range.put("hi", f.range().hi());
            range.put("exact", f.range().exact());
            if (f.range().strided()) {
                OverlapRange.Box box = f.range().box();
                range.put("residue", box.residue());
                ArrayNode dims = range.putArray("box");
                for (int d = 0; d < box.strides().length; d++) {
                    ObjectNode dim = dims.addObject();
                    dim.put("stride", box.strides()[d]);
                    dim.put("from", box.from()[d]);
                    dim.put("to", box.to()[d]);
                }
            }
            side(j.putObject("earlier"), f.earlier());
            side(j.putObject("later"), f.later());
            j.put("reason", f.reason());
            j.put("fix", f.fix());
            j.put("text", f.describe(graph.listing()));
        }
        ArrayNode groups = o.putArray("fix_groups");
        for (FixGroup g : report.fixGroups()) {
            ObjectNode j = groups.addObject();
            j.put("fix", g.fix());
            ArrayNode members = j.putArray("findings");
            for (Finding f : g.findings()) {
                members.add(report.shown().indexOf(f));
            }
        }
        return o;
    }

    private static void side(ObjectNode o, Access a) {
        if (a.isHost()) {
            o.putNull("task");
            o.put("op", a.op());
            o.put("call", a.hostApi());
            ArrayNode indices = o.putArray("indices");
            for (long i : a.hostIndices()) {
                indices.add(i);
            }
            return;
        }
        o.put("task", TaskId.display(a.taskId()));
        o.put("task_id", Long.toUnsignedString(a.taskId()));
        o.put("op", a.op());
        o.put("arg", a.arg());
        o.put("type", a.type().name());
    }
}
