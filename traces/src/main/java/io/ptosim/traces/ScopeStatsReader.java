package io.ptosim.traces;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads simpler's scope statistics, JSON lines whose first line is the header. */
final class ScopeStatsReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ScopeStatsReader() {
    }

    /** Whether the file's first line is a scope-stats header. */
    static boolean looksLike(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            if (first == null || !first.startsWith("{")) {
                return false;
            }
            JsonNode h = MAPPER.readTree(first);
            return h.has("version") && h.has("task_window_max");
        } catch (JsonProcessingException | MalformedInputException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads it, each line a JSON object; errors name the file and line. */
    static ScopeStats read(Path file) {
        int line = 0;
        int version = -1;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String s = r.readLine(); s != null; s = r.readLine()) {
                line++;
                if (s.isBlank()) {
                    continue;
                }
                JsonNode n = MAPPER.readTree(s);
                if (!n.isObject()) {
                    throw new TraceFormatException(file + ": line " + line + ": expected a JSON object");
                }
                if (line == 1) {
                    version = n.path("version").asInt(-1);
                }
            }
        } catch (JsonProcessingException e) {
            throw new TraceFormatException(file + ": line " + line + ": not valid JSON: " + JsonFields.oneLine(
                    e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new TraceFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
        return new ScopeStats(file.toString(), version, Math.max(0, line - 1));
    }
}
