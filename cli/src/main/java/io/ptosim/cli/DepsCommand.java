package io.ptosim.cli;

import io.ptosim.runtime.DepEdge;
import io.ptosim.runtime.DependencyReplay;
import io.ptosim.runtime.SubmitRecord;
import io.ptosim.traces.DepsJsonWriter;
import io.ptosim.traces.FormatOverride;
import io.ptosim.traces.ProgramFile;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ptosim deps}: the dependency graph of a program, as the runtime's dependency replay writes it. */
@Command(
        name = "deps",
        mixinStandardHelpOptions = true,
        description = {
            "Writes the dependency graph of a program as deps.json.",
            "%nEvaluates the runtime's dependency rules over the program's submits in order, as the"
                    + " reference's dep-gen replay does (no task retires): explicit, creator and TensorMap"
                    + " edges, in the reference's exact deps.json format. PROGRAM is a ptosim program"
                    + " (docs/program-format.md) or a program in the conformance-vector format"
                    + " (../shared/vectors/README.md).",
            "%nReader tracking (the reference's proposal, not its shipped runtime): a TRACKED_INPUT arg, or"
                    + " every INPUT with --set tensorMap.trackReaders=true, is registered as a reader, and each later"
                    + " overlapping INOUT or OUTPUT_EXISTING writer gets a write-after-read edge from it (a tensormap"
                    + " edge with \"hazard\": \"WAR\", \"access_kind\": \"READER\")."
        })
final class DepsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROGRAM", description = "The program file (JSON).")
    Path program;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write deps.json here (through a temporary file) instead of to standard output.")
    Path output;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "tensorMap.trackReaders=true: derive the edges with every INPUT a tracked reader (the"
                    + " reader-tracking what-if); the only key deps takes.")
    List<String> sets = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        boolean trackReaders = SetOptions.trackReaders(sets, spec.commandLine());
        OutputPaths.requireWritable(spec.commandLine(), "--output", output);
        if (!Files.isRegularFile(FormatOverride.of(program).file())) {
            throw new ParameterException(spec.commandLine(), "PROGRAM " + program + " is not a readable file");
        }
        ProgramFile file = ProgramFile.read(program);
        List<SubmitRecord> submits = switch (file) {
            case ProgramFile.Ptosim p -> p.submits();
            case ProgramFile.Vector v -> v.program().submits();
            case ProgramFile.Deps d -> throw new ParameterException(spec.commandLine(), "PROGRAM " + program
                    + " is a deps.json already; deps takes a ptosim or conformance-vector program");
        };
        List<DepEdge> edges = DependencyReplay.edgesOf(submits, trackReaders);
        PrintWriter err = spec.commandLine().getErr();
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(DepsJsonWriter.toJson(submits, edges));
            out.flush();
        } else {
            DepsJsonWriter.write(submits, edges, output);
        }
        long explicit = edges.stream().filter(e -> e.source() == DepEdge.Source.EXPLICIT).count();
        long creator = edges.stream().filter(e -> e.source() == DepEdge.Source.CREATOR).count();
        long readers = edges.stream().filter(e -> e.source() == DepEdge.Source.TENSORMAP_READER).count();
        err.printf("%s: %d tasks, %d edges (%d explicit, %d creator, %d tensormap%s)%s%n", file.name(), submits.size(),
                edges.size(), explicit, creator, edges.size() - explicit - creator,
                readers == 0 ? "" : ", " + readers + " of them write-after-read from tracked readers",
                output == null ? "" : " -> " + output);
        err.flush();
        return 0;
    }
}
