package io.ptosim.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ptosim.des.RandomStream;
import io.ptosim.des.RandomStreams;
import io.ptosim.program.DependencyView;
import io.ptosim.runtime.DependencyReplay;
import io.ptosim.runtime.SubmitRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every reader, fed 1,000 mutated copies of a valid file (seeded byte flips, truncations, deleted JSON
 * fields or trace tokens), either reads the file or fails with a {@link TraceFormatException} of one line
 * that starts with the file's name: never another exception, never a stack trace. A failure names the
 * seed and the mutation, which is the whole reproduction.
 */
class ReaderFuzzTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** 1,000 per reader by default; {@code -Pdeep} (10,000 property tries) makes it 50,000. */
    private static final int MUTANTS = Math.max(1000, 5 * Integer.getInteger("ptosim.tries", 200));
    private static final long SEED = 20261122;

    @TempDir
    Path tmp;

    /** A reader under test and the valid file its mutants start from. */
    private record Subject(String name, byte[] valid, boolean gzip, Consumer<Path> read) {
    }

    private static final String SWIMLANE = """
            {"chip_swimlane_level": 4,
             "metadata": {"clock_freq_hz": 50000000, "num_cores": 3,
                          "core_types": ["aic", "aiv", "aiv"], "core_to_thread": [0, 0, 0]},
             "aicore_tasks": [[1, 0, 1, 1000075, 1000575, 5], [1, 4294967296, 2, 1000610, 1001110, 2],
                              [2, 4294967297, 1, 1000612, 1001112, 3]],
             "aicpu_tasks": [[1, 1, 1000060, 1000590], [1, 2, 1000600, 1001125], [2, 1, 1000601, 1001126]],
             "aicpu_scheduler_phases": [[
               {"kind": "dispatch", "start_cycles": 1000055, "end_cycles": 1000062, "loop_iter": 3,
                "tasks_processed": 1, "pop_hit": 1, "pop_miss": 2, "shared_at_start": [0,1,0], "shared_at_end": [0,0,0]}]],
             "aicpu_orchestrator_phases": [[
               {"submit_idx": 0, "task_id": 0, "start_cycles": 1000000, "end_cycles": 1000040}]]}
            """;

    private static final String VECTOR_PROGRAM = """
            {"name":"v","submits":[
             {"task_id":"0","scope":"auto","kernel_ids":[0,-1,-1],"block_num":1,"explicit_deps":[],"args":[
              {"type":"OUTPUT_EXISTING","buffer_addr":"4096","buffer_size":"64","dtype":"FLOAT32","shape":[16],
               "strides":[1],"start_offset":"0","version":0,"owner_task_id":null,"manual_dep":false}]},
             {"task_id":"1","scope":"auto","kernel_ids":[-1,1,-1],"block_num":1,"explicit_deps":["0"],"args":[
              {"type":"INPUT","buffer_addr":"4096","buffer_size":"64","dtype":"FLOAT32","shape":[8],
               "strides":[1],"start_offset":"8","version":0,"owner_task_id":null,"manual_dep":false}]}]}
            """;

    private List<Subject> subjects() throws IOException {
        List<SubmitRecord> submits = DependencyView.submitsOf(ProgramJsonTest.everything());
        String deps = DepsJsonWriter.toJson(submits, DependencyReplay.edgesOf(submits));
        Path trace = tmp.resolve("base.ptrace");
        try (PtraceWriter w = new PtraceWriter(trace, PtraceFormatTest.HEADER, true)) {
            PtraceFormatTest.EVENTS.forEach(w::accept);
            w.finish("00ff00ff00ff00ff");
        }
        return List.of(
                new Subject("deps.json", utf8(deps), false, DepsJsonReader::read),
                new Subject("chip_swimlane_records.json", utf8(SWIMLANE), false, SwimlaneReader::read),
                new Subject("ptosim trace", Files.readAllBytes(trace), true, p -> {
                    try (PtraceReader r = PtraceReader.open(p)) {
                        r.events().forEach(e -> { });
                    }
                }),
                new Subject("ptosim program", utf8(ProgramJson.toJson(ProgramJsonTest.everything())), false,
                        ProgramJson::read),
                new Subject("vector program", utf8(VECTOR_PROGRAM), false, VectorProgramReader::read),
                new Subject("any trace (TraceFormat)", utf8(deps), false, TraceFormat::read));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @TestFactory
    Stream<DynamicTest> mutatedFilesReadOrFailCleanly() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Subject s : subjects()) {
            tests.add(DynamicTest.dynamicTest(s.name(), () -> {
                s.read().accept(file(s.name(), s.valid()));
                RandomStream random = new RandomStreams(SEED).stream("reader-fuzz/" + s.name());
                int errors = 0;
                for (int i = 0; i < MUTANTS; i++) {
                    Mutant m = mutate(s, random);
                    Path file = file(s.name() + "-" + i, m.bytes());
                    try {
                        s.read().accept(file);
                    } catch (TraceFormatException e) {
                        errors++;
                        assertThat(e.getMessage()).as("seed %d, %s mutant %d (%s)", SEED, s.name(), i, m.what())
                                .startsWith(file.toString()).doesNotContain("\n");
                    } catch (RuntimeException | StackOverflowError e) {
                        fail("seed " + SEED + ", " + s.name() + " mutant " + i + " (" + m.what() + "): "
                                + e.getClass().getName() + ": " + e.getMessage(), e);
                    }
                }
                assertThat(errors).as("most mutants of a strict format are rejected").isGreaterThan(MUTANTS / 4);
            }));
        }
        return tests.stream();
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path file = tmp.resolve(name.replaceAll("[^A-Za-z0-9.-]", "_"));
        Files.write(file, bytes);
        return file;
    }

    /** A mutated file and how it was made. */
    private record Mutant(byte[] bytes, String what) {
    }

    private static Mutant mutate(Subject s, RandomStream random) throws IOException {
        byte[] text = s.gzip() ? gunzip(s.valid()) : s.valid();
        int kind = random.nextInt(s.gzip() ? 4 : 3);
        return switch (kind) {
            case 0 -> {
                byte[] b = text.clone();
                int at = random.nextInt(b.length);
                b[at] = (byte) random.nextInt(256);
                yield new Mutant(s.gzip() ? gzip(b) : b, "byte " + at + " set to " + (b[at] & 0xff));
            }
            case 1 -> {
                int length = random.nextInt(text.length);
                byte[] b = Arrays.copyOf(s.gzip() ? gzip(text) : text, length);
                yield new Mutant(b, "truncated to " + length + " bytes");
            }
            case 2 -> s.gzip() ? deleteToken(text, random) : deleteField(text, random);
            default -> {
                byte[] b = s.valid().clone();
                int at = random.nextInt(b.length);
                b[at] = (byte) random.nextInt(256);
                yield new Mutant(b, "compressed byte " + at + " set to " + (b[at] & 0xff));
            }
        };
    }

    /** Removes one field from one object of the document, chosen at random. */
    private static Mutant deleteField(byte[] json, RandomStream random) throws IOException {
        JsonNode root = MAPPER.readTree(json);
        List<ObjectNode> objects = new ArrayList<>();
        collect(root, objects);
        ObjectNode target = objects.get(random.nextInt(objects.size()));
        List<String> names = new ArrayList<>();
        target.fieldNames().forEachRemaining(names::add);
        if (names.isEmpty()) {
            return new Mutant(json, "unchanged (an empty object)");
        }
        String name = names.get(random.nextInt(names.size()));
        target.remove(name);
        return new Mutant(utf8(MAPPER.writeValueAsString(root)), "field '" + name + "' deleted");
    }

    private static void collect(JsonNode node, List<ObjectNode> into) {
        if (node instanceof ObjectNode o) {
            into.add(o);
        }
        if (node instanceof ObjectNode || node instanceof ArrayNode) {
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                collect(it.next(), into);
            }
        }
    }

    /** Removes one space-separated token from one line of a trace, then compresses it again. */
    private static Mutant deleteToken(byte[] text, RandomStream random) throws IOException {
        List<String> lines = new ArrayList<>(List.of(new String(text, StandardCharsets.UTF_8).split("\n", -1)));
        int line = random.nextInt(lines.size() - 1);
        List<String> tokens = new ArrayList<>(List.of(lines.get(line).split(" ", -1)));
        int token = random.nextInt(tokens.size());
        tokens.remove(token);
        lines.set(line, String.join(" ", tokens));
        return new Mutant(gzip(utf8(String.join("\n", lines))), "line " + (line + 1) + " token " + token + " deleted");
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] b) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
            return in.readAllBytes();
        }
    }
}
