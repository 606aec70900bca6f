package io.ptosim.cli;

import io.ptosim.properties.NodeProperty;
import io.ptosim.properties.Property;
import io.ptosim.properties.PropertyRunner;
import io.ptosim.traces.ProgramJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ptosim fuzz}: checks a property of the runtime on random programs; shrinks a failure. */
@Command(
        name = "fuzz",
        mixinStandardHelpOptions = true,
        description = {
            "Checks a property of the runtime's rules on random programs.",
            "%nDraws the program of each seed, checks the property, and on the first failure shrinks the"
                    + " program (delta debugging) and prints the seed, the violation, the shrunk program as JSON"
                    + " and the command that reproduces it; exit status 1. The same seed always draws the same"
                    + " program. --list names the properties."
        })
final class FuzzCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--property", paramLabel = "NAME", description = "The property to check (see --list).")
    String property;

    @Option(names = "--seed", paramLabel = "S", description = "First seed (default 0).")
    long seed;

    @Option(names = "--tries", paramLabel = "N",
            description = "Seeds to check (default 1000; 1 when --seed is given).")
    Long tries;

    @Option(names = "--list", description = "List the properties and exit.")
    boolean list;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Also write a shrunk counterexample here, as a ptosim program (replayable with 'ptosim deps').")
    Path output;

    @Override
    public Integer call() throws IOException {
        OutputPaths.requireWritable(spec.commandLine(), "--output", output);
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            for (Property p : Property.values()) {
                out.printf("%-22s %s%n", p.cliName(), p.description());
            }
            for (NodeProperty p : NodeProperty.values()) {
                out.printf("%-22s %s%n", p.cliName(), p.description());
            }
            out.flush();
            return 0;
        }
        if (property == null) {
            throw new ParameterException(spec.commandLine(), "--property NAME is required (or --list)");
        }
        Optional<NodeProperty> node = NodeProperty.byCliName(property);
        if (node.isPresent()) {
            return node(node.get(), out);
        }
        Property p;
        try {
            p = Property.fromCliName(property);
        } catch (IllegalArgumentException e) {
            StringBuilder nodeNames = new StringBuilder();
            for (NodeProperty n : NodeProperty.values()) {
                nodeNames.append(", ").append(n.cliName());
            }
            throw new ParameterException(spec.commandLine(), "--property: " + e.getMessage() + nodeNames);
        }
        long count = tries != null ? tries : spec.commandLine().getParseResult().hasMatchedOption("--seed") ? 1 : 1000;
        if (count < 1) {
            throw new ParameterException(spec.commandLine(), "--tries must be >= 1, got " + count);
        }
        Optional<PropertyRunner.Failure> failure = PropertyRunner.find(p, seed, count);
        if (failure.isEmpty()) {
            out.printf("%s: holds for %d programs (seeds %d to %d)%n", p.cliName(), count, seed, seed + count - 1);
            out.flush();
            return 0;
        }
        out.println(failure.get().report());
        if (output != null) {
            ProgramJson.write(failure.get().shrunk(), output);
            out.println("shrunk program written to " + output);
        }
        out.flush();
        return 1;
    }

    /** Runs a node property: its cases are node programs, printed as a listing ({@code -o} does not apply). */
    private Integer node(NodeProperty p, PrintWriter out) {
        if (output != null) {
            throw new ParameterException(spec.commandLine(), "-o/--output: " + p.cliName()
                    + " draws node programs, which have no program file; the report lists the shrunk one");
        }
        long count = tries != null ? tries : spec.commandLine().getParseResult().hasMatchedOption("--seed") ? 1 : 1000;
        if (count < 1) {
            throw new ParameterException(spec.commandLine(), "--tries must be >= 1, got " + count);
        }
        Optional<NodeProperty.Failure> failure = p.find(seed, count);
        if (failure.isEmpty()) {
            out.printf("%s: holds for %d programs (seeds %d to %d)%n", p.cliName(), count, seed, seed + count - 1);
            out.flush();
            return 0;
        }
        out.println(failure.get().report());
        out.flush();
        return 1;
    }
}
