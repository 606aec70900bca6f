package io.ptosim.cli;

import io.ptosim.check.AccessGraph;
import io.ptosim.check.Finding;
import io.ptosim.check.HazardChecker;
import io.ptosim.check.HazardReport;
import io.ptosim.program.Program;
import io.ptosim.record.EntryInputs;
import io.ptosim.record.InputData;
import io.ptosim.record.OrchestrationRecorder;
import io.ptosim.record.RecordException;
import io.ptosim.record.RecorderBuild;
import io.ptosim.record.Recording;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.DepEdge;
import io.ptosim.runtime.DependencyReplay;
import io.ptosim.runtime.SubmitRecord;
import io.ptosim.traces.AtomicFile;
import io.ptosim.traces.DepsEdgeCheck;
import io.ptosim.traces.DepsJsonReader;
import io.ptosim.traces.DepsJsonWriter;
import io.ptosim.traces.ProgramFile;
import io.ptosim.traces.ProgramJson;
import io.ptosim.workloads.Catalog;
import io.ptosim.workloads.EntryArgs;
import io.ptosim.workloads.Workload;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ptosim record}: a user's compiled simpler orchestration .so, recorded into a ptosim program. */
@Command(
        name = "record",
        mixinStandardHelpOptions = true,
        description = {
            "Records a compiled simpler orchestration (.so) into a ptosim program.",
            "%nLoads ORCH.so out of process into a recorder that stands in for simpler's runtime (its function"
                    + " table), calls the entry once with the given inputs and writes every submit, scope,"
                    + " alloc_tensors, explicit dependency and tensor access as a ptosim-program/1 file that"
                    + " deps, check and run take like any other. What the format cannot hold (predicates,"
                    + " initial values, get_tensor_data values and where they came from, logs, scope sites)"
                    + " goes to a sidecar beside it (PROGRAM.record.json). No NPU, runtime library or kernel is"
                    + " involved.",
            "%nThe recorder is a C++ program ptosim compiles on first use against the headers of --simpler DIR"
                    + " (the checkout the .so was built from) with the system C++ compiler, cached by a hash of"
                    + " those headers. The .so must come from the same headers: the layouts of the boundary"
                    + " types in its debug info are compared with the recorder's first, and a mismatch is"
                    + " refused naming both builds.",
            "%nget_tensor_data of an entry input is answered from the real input; a read of a value a kernel"
                    + " would have produced (or an earlier task overwrites) is answered from memory no kernel"
                    + " wrote and counted as a data-dependent read: the recording froze control flow on it.",
            "%nExit status: 0 recorded, 1 the orchestration raised an exception, reported a fatal error or"
                    + " crashed (the program is written when it returned), or --check found hazards or"
                    + " --compare-deps differences, 2 bad usage, a mismatched build or inputs the entry refuses,"
                    + " 4 timed out."
        })
final class RecordCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ORCH.so", description = "The orchestration shared object (simpler's"
            + " KernelCompiler output for a2a3 tensormap_and_ringbuffer).")
    Path so;

    @Option(names = "--simpler", required = true, paramLabel = "DIR",
            description = "The simpler checkout ORCH.so was built from (its headers build the recorder).")
    Path simpler;

    @Option(names = "--tensor", paramLabel = "NAME:DTYPE:SHAPE[:FILL|FILE]",
            description = "An entry tensor, in the entry's order: e.g. a:FLOAT32:16384:2 (every element 2),"
                    + " bt:INT32:2,16:1,5,0 (the first elements, the rest 0), q:BFLOAT16:1,16,16:q.bin (the raw"
                    + " little-endian bytes of a file); zeros when FILL is left out. With --inputs it replaces"
                    + " the workload's tensor of that name.")
    List<String> tensors = new ArrayList<>();

    @Option(names = "--scalar", paramLabel = "V",
            description = "An entry scalar, in order: an integer (decimal or 0x hex), a float32 as 1.5f or a"
                    + " float64 as 1.5d (its bits). With --inputs they replace the workload's scalars.")
    List<String> scalars = new ArrayList<>();

    @Option(names = "--inputs", paramLabel = "WORKLOAD",
            description = "Take the entry's inputs from a built-in workload's definition (paged-attention,"
                    + " vector-example): the tensors and scalars simpler's own test passes, with its data.")
    String workload;

    @Option(names = "--case", paramLabel = "CASE", description = "The workload's case (default: its default case).")
    String caseName;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the program here (default: NAME.program.json, NAME being ORCH.so's file name);"
                    + " the sidecar goes beside it with .record.json for .json.")
    Path output;

    @Option(names = "--check", description = "Also check the recorded program for hazards, as 'ptosim check' does.")
    boolean check;

    @Option(names = "--deps", paramLabel = "FILE",
            description = "Also write the recorded program's deps.json, as 'ptosim deps -o FILE' does.")
    Path deps;

    @Option(names = "--compare-deps", paramLabel = "FILE",
            description = "Also compare the recorded program's graph with a deps.json simpler wrote (tasks, tensors"
                    + " matched by buffer and version, edge multiset), as 'ptosim replay' checks its rebuild.")
    Path compareDeps;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Stop an orchestration that has not returned after this long (default: ${DEFAULT-VALUE}).")
    int timeout;

    @Option(names = "--clusters", paramLabel = "N", defaultValue = "24",
            description = "What available_cluster_count answers (default: ${DEFAULT-VALUE}, a2a3).")
    int clusters;

    @Option(names = "--aivs", paramLabel = "N", defaultValue = "48",
            description = "What available_aiv_count answers (default: ${DEFAULT-VALUE}, a2a3).")
    int aivs;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Where compiled recorders are kept (default: $PTOSIM_CACHE, else $XDG_CACHE_HOME/ptosim,"
                    + " else ~/.cache/ptosim).")
    Path cache;

    @Option(names = "--no-layout-check",
            description = "Record even when ORCH.so's boundary types cannot be compared (no debug info) or differ.")
    boolean noLayoutCheck;

    @Override
    public Integer call() throws IOException {
        if (timeout < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout " + timeout + ": expected >= 1");
        }
        if (caseName != null && workload == null) {
            throw new ParameterException(spec.commandLine(), "--case needs --inputs WORKLOAD");
        }
        EntryInputs inputs = inputs();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Recording recording;
        try {
            OrchestrationRecorder recorder = OrchestrationRecorder.forSimpler(simpler,
                    cache != null ? cache : RecorderBuild.defaultCache());
            if (recorder.build().built()) {
                err.println("ptosim record: built the recorder against " + recorder.build().headers().root() + " ("
                        + recorder.build().executable().getParent() + ")");
                err.flush();
            }
            recording = recorder.record(so, inputs, new OrchestrationRecorder.Options(clusters, aivs,
                    Duration.ofSeconds(timeout), !noLayoutCheck));
        } catch (RecordException e) {
            err.println("ptosim record: " + e.getMessage());
            err.flush();
            return e.exitCode();
        }
        Program program = recording.program();
        Path programFile = output != null ? output : Path.of(program.name() + ".program.json");
        Path sidecar = sidecarOf(programFile);
        ProgramJson.write(program, programFile);
        AtomicFile.writeString(sidecar,
                JsonOutput.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(recording.sidecar()) + "\n");
        out.println("recorded " + so.getFileName() + ": " + recording.summary().line() + " -> " + programFile
                + " (sidecar " + sidecar + ")");
        int dependent = recording.summary().dataDependentReads();
        if (dependent > 0) {
            out.println("warning: " + dependent + " data-dependent read" + (dependent == 1 ? "" : "s")
                    + ": control flow was frozen on values no kernel computed (tensor_data in the sidecar)");
        }
        for (String w : recording.warnings().subList(0, Math.min(5, recording.warnings().size()))) {
            out.println("warning: " + w);
        }
        if (recording.warnings().size() > 5) {
            out.println("warning: " + (recording.warnings().size() - 5) + " more in the sidecar");
        }
        int status = 0;
        if (!recording.completed()) {
            out.println("the orchestration did not complete (" + recording.status() + "): " + recording.detail());
            status = 1;
        }
        if (deps != null || compareDeps != null) {
            status = Math.max(status, deps(program, programFile, out));
        }
        if (check) {
            AccessGraph graph = AccessGraph.of(new ProgramFile.Ptosim(program, programFile.toString()));
            HazardReport report = HazardChecker.check(graph, 10);
            for (Finding f : report.shown()) {
                out.println(f.describe(graph.listing()));
            }
            out.println(CheckCommand.summary(graph, report));
            if (!report.clean()) {
                status = Math.max(status, 1);
            }
        }
        out.flush();
        return status;
    }

    private int deps(Program program, Path programFile, PrintWriter out) throws IOException {
        List<SubmitRecord> submits = new ProgramFile.Ptosim(program, programFile.toString()).submits();
        List<DepEdge> edges = DependencyReplay.edgesOf(submits);
        if (deps != null) {
            DepsJsonWriter.write(submits, edges, deps);
            out.println("deps: " + submits.size() + " tasks, " + edges.size() + " edges -> " + deps);
        }
        if (compareDeps == null) {
            return 0;
        }
        if (!Files.isRegularFile(compareDeps)) {
            throw new ParameterException(spec.commandLine(), "--compare-deps " + compareDeps + " is not a readable file");
        }
        DepsEdgeCheck.Result r = DepsEdgeCheck.compare(DepsJsonReader.read(compareDeps), program);
        if (r.equal()) {
            out.println("deps: equal to " + compareDeps + " (" + r.recordedEdges() + " edges, " + r.pairs()
                    + " task pairs)");
            return 0;
        }
        out.println("deps: " + r.differences().size() + " differences from " + compareDeps + " (recorded "
                + r.recordedEdges() + " edges, ours " + r.rebuiltEdges() + "):");
        r.differences().stream().limit(20).forEach(d -> out.println("  " + d));
        return 1;
    }

    /** {@code program.json} → {@code program.record.json}; any other name gets {@code .record.json} appended. */
    static Path sidecarOf(Path programFile) {
        String f = programFile.getFileName().toString();
        String base = f.endsWith(".json") ? f.substring(0, f.length() - 5) : f;
        return programFile.resolveSibling(base + ".record.json");
    }

    private EntryInputs inputs() {
        List<EntryInputs.Tensor> list = new ArrayList<>();
        List<Long> scalarBits = new ArrayList<>();
        if (workload != null) {
            Workload w;
            EntryArgs args;
            try {
                w = Catalog.byName(workload);
                String c = caseName != null ? caseName : w.defaultCase();
                args = w.entryArgs(c).orElseThrow(() -> new IllegalArgumentException("workload " + workload
                        + " has no simpler orchestration to record; give the inputs with --tensor and --scalar"));
                for (EntryArgs.EntryTensor t : args.tensors()) {
                    InputData data = t.values() == null ? new InputData.Zeros()
                            : new InputData.Elements(t.values()::value, "workload " + workload + " " + c + " input "
                                    + t.name());
                    list.add(new EntryInputs.Tensor(t.name(), t.dtype(), t.shape(), data));
                }
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--inputs " + workload + ": " + e.getMessage());
            }
            scalarBits.addAll(args.scalars());
            for (String s : tensors) {
                EntryInputs.Tensor t = parseTensor(s);
                int at = indexOf(list, t.name());
                if (at < 0) {
                    throw new ParameterException(spec.commandLine(), "--tensor " + s + ": the entry of " + workload
                            + " has no tensor " + t.name() + "; it has " + String.join(", ",
                                    list.stream().map(EntryInputs.Tensor::name).toList()));
                }
                list.set(at, t);
            }
            if (!scalars.isEmpty()) {
                scalarBits.clear();
            }
        } else {
            for (String s : tensors) {
                list.add(parseTensor(s));
            }
        }
        for (String s : scalars) {
            scalarBits.add(parseScalar(s));
        }
        try {
            return new EntryInputs(list, scalarBits);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static int indexOf(List<EntryInputs.Tensor> list, String name) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private EntryInputs.Tensor parseTensor(String s) {
        String[] parts = s.split(":", 4);
        if (parts.length < 3) {
            throw new ParameterException(spec.commandLine(), "--tensor " + s + ": expected NAME:DTYPE:SHAPE[:FILL|FILE]");
        }
        DataType dtype;
        int[] shape;
        try {
            dtype = DataType.fromName(parts[1]);
            String[] dims = parts[2].split("[,x]");
            shape = new int[dims.length];
            for (int i = 0; i < dims.length; i++) {
                shape[i] = Integer.parseInt(dims[i].trim());
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--tensor " + s + ": " + (e instanceof NumberFormatException
                    ? "SHAPE '" + parts[2] + "': expected sizes like 16 or 2,16" : e.getMessage()));
        }
        InputData data = new InputData.Zeros();
        if (parts.length == 4 && !parts[3].isEmpty()) {
            data = parseData(s, parts[3]);
        }
        try {
            return new EntryInputs.Tensor(parts[0], dtype, shape, data);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--tensor " + s + ": " + e.getMessage());
        }
    }

    private InputData parseData(String option, String text) {
        String[] items = text.split(",");
        double[] values = new double[items.length];
        try {
            for (int i = 0; i < items.length; i++) {
                values[i] = number(items[i].trim());
            }
            return values.length == 1 ? new InputData.Fill(values[0]) : new InputData.Values(values);
        } catch (NumberFormatException e) {
            Path file = Path.of(text);
            if (!Files.isRegularFile(file)) {
                throw new ParameterException(spec.commandLine(), "--tensor " + option + ": '" + text + "' is neither"
                        + " numbers (FILL) nor a readable file (FILE)");
            }
            return new InputData.RawFile(file);
        }
    }

    private static double number(String s) {
        if (s.startsWith("0x") || s.startsWith("0X")) {
            return Long.parseLong(s.substring(2), 16);
        }
        return Double.parseDouble(s);
    }

    private long parseScalar(String s) {
        try {
            String t = s.trim();
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return Long.parseUnsignedLong(t.substring(2), 16);
            }
            if (t.endsWith("f") || t.endsWith("F")) {
                return Float.floatToRawIntBits(Float.parseFloat(t.substring(0, t.length() - 1))) & 0xFFFF_FFFFL;
            }
            if (t.endsWith("d") || t.endsWith("D")) {
                return Double.doubleToRawLongBits(Double.parseDouble(t.substring(0, t.length() - 1)));
            }
            return t.startsWith("-") ? Long.parseLong(t) : Long.parseUnsignedLong(t);
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "--scalar " + s + ": expected an integer (decimal or 0x"
                    + " hex), a float32 like 1.5f or a float64 like 1.5d");
        }
    }
}
