package io.ptosim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ptosim.traces.AtomicFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/**
 * One worker process of {@code ptosim sweep}: reads its plan (the claims folder and a JSON list of
 * points, each with its {@code ptosim run} arguments and target file), runs in this JVM, one after
 * another, each point it claims first (a file created in the claims folder), each a fresh command line, and writes each finished point's JSON (with its grid settings) atomically, so a killed
 * sweep keeps what it finished. A point whose run printed no JSON (a bad value, say) gets an error file
 * instead: its grid, exit status and first error line, which a rerun tries again. Prints one progress
 * line per point; exits 0.
 */
final class SweepWorker {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SweepWorker() {
    }

    /** Runs the plan in {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        JsonNode plan = MAPPER.readTree(Path.of(args[0]).toFile());
        Path claims = Path.of(plan.get("claims").asText());
        for (JsonNode entry : plan.get("points")) {
            if (!claim(claims, entry.get("index").asInt())) {
                continue;
            }
            List<String> runArgs = new ArrayList<>();
            entry.get("args").forEach(a -> runArgs.add(a.asText()));
            long started = System.nanoTime();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = Main.commandLine();
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));
            int status = cli.execute(runArgs.toArray(String[]::new));
            String grid = entry.get("grid").toString();
            if ((status == 0 || status == 1) && !out.toString().isBlank()) {
                ObjectNode node = (ObjectNode) MAPPER.readTree(out.toString());
                node.set("grid", entry.get("grid"));
                write(Path.of(entry.get("file").asText()), node);
                Files.deleteIfExists(Path.of(entry.get("error_file").asText()));
                System.out.printf(Locale.ROOT, "sweep: point %d %s: elapsed %.1f us (ran in %.2f s)%n",
                        entry.get("index").asInt(), grid, node.get("elapsed_us").asDouble(),
                        (System.nanoTime() - started) / 1e9);
            } else {
                String message = err.toString().strip();
                ObjectNode failure = MAPPER.createObjectNode();
                failure.set("grid", entry.get("grid"));
                failure.put("exit", status);
                failure.put("error", message.lines().findFirst().orElse("exit " + status));
                write(Path.of(entry.get("error_file").asText()), failure);
                System.out.printf(Locale.ROOT, "sweep: point %d %s failed (exit %d): %s%n", entry.get("index").asInt(),
                        grid, status, message);
            }
            System.out.flush();
        }
        Files.deleteIfExists(Path.of(args[0]));
    }

    /** Writes {@code node} to {@code target} through a temporary file, so a reader sees all of it or none. */
    private static void write(Path target, ObjectNode node) throws IOException {
        AtomicFile.writeString(target, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    }

    /** Claims point {@code index} for this worker; false when another worker has. */
    private static boolean claim(Path claims, int index) throws IOException {
        try {
            Files.createFile(claims.resolve(Integer.toString(index)));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }
}
