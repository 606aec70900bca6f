package io.ptosim.cli;

import io.ptosim.runtime.DepEdge;
import io.ptosim.runtime.DependencyReplay;
import io.ptosim.runtime.SubmitRecord;
import io.ptosim.traces.DepsJsonWriter;
import io.ptosim.traces.ProgramFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
                    + " (../shared/vectors/README.md)."
        })
final class DepsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROGRAM", description = "The program file (JSON).")
    Path program;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write deps.json here (through a temporary file) instead of to standard output.")
    Path output;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(program)) {
            throw new ParameterException(spec.commandLine(), "PROGRAM " + program + " is not a readable file");
        }
        ProgramFile file = ProgramFile.read(program);
        List<SubmitRecord> submits = switch (file) {
            case ProgramFile.Ptosim p -> p.submits();
            case ProgramFile.Vector v -> v.program().submits();
            case ProgramFile.Deps d -> throw new ParameterException(spec.commandLine(), "PROGRAM " + program
                    + " is a deps.json already; deps takes a ptosim or conformance-vector program");
        };
        List<DepEdge> edges = DependencyReplay.edgesOf(submits);
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
        err.printf("%s: %d tasks, %d edges (%d explicit, %d creator, %d tensormap)%s%n", file.name(), submits.size(),
                edges.size(), explicit, creator, edges.size() - explicit - creator,
                output == null ? "" : " -> " + output);
        err.flush();
        return 0;
    }
}
