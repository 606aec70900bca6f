package io.ptosim.traces;

import com.fasterxml.jackson.databind.JsonNode;
import io.ptosim.program.DependencyView;
import io.ptosim.program.Program;
import io.ptosim.program.ProgramException;
import io.ptosim.runtime.SubmitRecord;
import java.nio.file.Path;
import java.util.List;

/**
 * A file that says what an orchestration submitted, in one of the three forms ptosim reads, recognised
 * by its content: a ptosim program ({@code docs/program-format.md}), a conformance-vector program
 * ({@code ../shared/vectors/README.md}) or simpler's recorded task graph ({@code deps.json}, traces.md
 * §1). Commands that take "a program" read it here, so they agree on what they accept and on the
 * errors: each names the file and the field.
 */
public sealed interface ProgramFile {
    /** The program's name for reports (a deps.json has none: its file name). */
    String name();

    /** The file name errors and reports use. */
    String source();

    /**
     * A ptosim program.
     *
     * @param program the program (validated)
     * @param source the file name
     */
    record Ptosim(Program program, String source) implements ProgramFile {
        @Override
        public String name() {
            return program.name();
        }

        /**
         * The submits the dependency rules see ({@link DependencyView#submitsOf}).
         *
         * @throws TraceFormatException naming the file and op when the program breaks a scope rule
         */
        public List<SubmitRecord> submits() {
            return issued().submits();
        }

        /**
         * The submits and get/set_tensor_data calls ({@link DependencyView#issuedBy}).
         *
         * @throws TraceFormatException naming the file and op when the program breaks a scope rule
         */
        public DependencyView.Issued issued() {
            try {
                return DependencyView.issuedBy(program);
            } catch (ProgramException e) {
                throw new TraceFormatException(source + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * A conformance-vector program.
     *
     * @param program the program, its submits resolved
     * @param source the file name
     */
    record Vector(VectorProgram program, String source) implements ProgramFile {
        @Override
        public String name() {
            return program.name();
        }
    }

    /**
     * A recorded task graph.
     *
     * @param graph the deps.json as read
     */
    record Deps(DepsGraph graph) implements ProgramFile {
        @Override
        public String name() {
            return graph.source();
        }

        @Override
        public String source() {
            return graph.source();
        }
    }

    /**
     * Reads {@code argument} with the reader of whichever form it is: a {@code format} key makes it a
     * ptosim program, {@code tasks} and {@code edges} a deps.json, {@code submits} a vector program; or,
     * for {@code program:PATH}, {@code vector:PATH} or {@code deps:PATH} ({@link FormatOverride}), with
     * that form's reader.
     *
     * @throws TraceFormatException if it is unreadable, of none of the three forms, or malformed for its form
     */
    static ProgramFile read(Path argument) {
        FormatOverride named = FormatOverride.of(argument);
        Path file = named.file();
        if (named.format() != null) {
            JsonNode root = JsonFields.readTree(file);
            String source = file.toString();
            return switch (named.format()) {
                case "program" -> new Ptosim(ProgramJson.parse(root, source), source);
                case "vector" -> new Vector(VectorProgramReader.parse(root, source), source);
                case "deps" -> new Deps(DepsJsonReader.parse(root, source));
                default -> throw named.notFor("a program form", List.of("program", "vector", "deps"));
            };
        }
        JsonNode root = JsonFields.readTree(file);
        String source = file.toString();
        if (ProgramJson.isProgram(root) || root.has("format")) {
            return new Ptosim(ProgramJson.parse(root, source), source);
        }
        if (DepsJsonReader.looksLike(root)) {
            return new Deps(DepsJsonReader.parse(root, source));
        }
        if (root.has("submits")) {
            return new Vector(VectorProgramReader.parse(root, source), source);
        }
        throw new TraceFormatException(source + ": (top level): expected a ptosim program (\"format\": \""
                + ProgramJson.FORMAT + "\"), a conformance-vector program (\"submits\") or a deps.json (\"tasks\","
                + " \"edges\")");
    }
}
