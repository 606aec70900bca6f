package io.ptosim.traces;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trace-event JSON file as a test reads it: its events, its metadata, and the checks a viewer makes.
 * Times are read as exact decimals and compared in integral nanoseconds, as Perfetto imports them.
 */
public final class PerfettoFile {
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** A complete slice on track {@code (pid, tid)}, in nanoseconds. */
    public record Slice(int pid, int tid, String cat, String name, long startNs, long endNs) {
    }

    private final JsonNode root;

    private PerfettoFile(JsonNode root) {
        this.root = root;
    }

    /** Reads and parses a file; it must be one JSON object with a {@code traceEvents} array. */
    public static PerfettoFile read(Path file) throws IOException {
        JsonNode root = MAPPER.readTree(file.toFile());
        if (root == null || !root.isObject() || !root.path("traceEvents").isArray()) {
            throw new AssertionError(file + ": not a trace-event JSON object with a traceEvents array");
        }
        return new PerfettoFile(root);
    }

    /** Every event, in file order. */
    public List<JsonNode> events() {
        List<JsonNode> out = new ArrayList<>();
        root.get("traceEvents").forEach(out::add);
        return out;
    }

    /** The events of phase {@code ph}. */
    public List<JsonNode> events(String ph) {
        return events().stream().filter(e -> e.path("ph").asText().equals(ph)).toList();
    }

    /** The top-level {@code metadata} object (missing node if absent). */
    public JsonNode metadata() {
        return root.path("metadata");
    }

    /** Microseconds as written, in nanoseconds (exact for up to three decimals). */
    public static long nanos(JsonNode micros) {
        return micros.decimalValue().multiply(BigDecimal.valueOf(1000)).longValueExact();
    }

    /** Every {@code ph:"X"} slice, in file order. */
    public List<Slice> slices() {
        return events("X").stream().map(e -> new Slice(e.get("pid").asInt(), e.get("tid").asInt(),
                e.path("cat").asText(), e.get("name").asText(), nanos(e.get("ts")),
                nanos(e.get("ts")) + nanos(e.get("dur")))).toList();
    }

    /**
     * Where slices on one track do not nest, as Perfetto's importer reads them: per (pid, tid), slices
     * in start order (longer first at one instant); a slice ends every open slice that ended by its
     * start, and must then lie inside the innermost open one. Empty when every track nests.
     */
    public List<String> misnested() {
        Map<String, List<Slice>> tracks = new TreeMap<>();
        for (Slice s : slices()) {
            tracks.computeIfAbsent(s.pid() + "/" + s.tid(), k -> new ArrayList<>()).add(s);
        }
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, List<Slice>> track : tracks.entrySet()) {
            List<Slice> sorted = new ArrayList<>(track.getValue());
            sorted.sort(Comparator.comparingLong(Slice::startNs).thenComparing(Comparator.comparingLong(Slice::endNs)
                    .reversed()));
            Deque<Slice> open = new ArrayDeque<>();
            for (Slice s : sorted) {
                while (!open.isEmpty() && open.peek().endNs() <= s.startNs()) {
                    open.pop();
                }
                if (!open.isEmpty() && s.endNs() > open.peek().endNs()) {
                    bad.add("track " + track.getKey() + ": " + s + " overlaps the end of " + open.peek());
                }
                open.push(s);
            }
        }
        return bad;
    }

    /**
     * Flow arrows named {@code name}, each as its start and end event; fails unless every id has exactly
     * one {@code s} and one {@code f} (with {@code bp:"e"}).
     */
    public List<JsonNode[]> flows(String name) {
        Map<Long, JsonNode[]> byId = new TreeMap<>();
        for (JsonNode e : events()) {
            String ph = e.path("ph").asText();
            if ((ph.equals("s") || ph.equals("f")) && e.path("name").asText().equals(name)) {
                JsonNode[] pair = byId.computeIfAbsent(e.get("id").asLong(), k -> new JsonNode[2]);
                int half = ph.equals("s") ? 0 : 1;
                if (pair[half] != null) {
                    throw new AssertionError("flow " + e.get("id") + " has two '" + ph + "' events");
                }
                if (half == 1 && !e.path("bp").asText().equals("e")) {
                    throw new AssertionError("flow end without bp:\"e\": " + e);
                }
                pair[half] = e;
            }
        }
        for (Map.Entry<Long, JsonNode[]> f : byId.entrySet()) {
            if (f.getValue()[0] == null || f.getValue()[1] == null) {
                throw new AssertionError("flow " + f.getKey() + " lacks a half");
            }
        }
        return List.copyOf(byId.values());
    }

    /** Whether a slice on the flow event's track covers its time (the slice it binds to). */
    public boolean bindsToSlice(JsonNode flowEvent) {
        long at = nanos(flowEvent.get("ts"));
        int pid = flowEvent.get("pid").asInt();
        int tid = flowEvent.get("tid").asInt();
        return slices().stream().anyMatch(s -> s.pid() == pid && s.tid() == tid && s.startNs() <= at
                && at < Math.max(s.endNs(), s.startNs() + 1));
    }

    /** The name of thread {@code tid} of {@code pid}, or null. */
    public String threadName(int pid, int tid) {
        for (JsonNode e : events("M")) {
            if (e.path("name").asText().equals("thread_name") && e.path("pid").asInt() == pid
                    && e.path("tid").asInt() == tid) {
                return e.path("args").path("name").asText();
            }
        }
        return null;
    }
}
