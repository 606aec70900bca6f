package io.ptosim.traces;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/** Reads a trace-event document ({@code {"traceEvents":[...]}}): each event must be an object with a phase. */
final class PerfettoReader {
    private PerfettoReader() {
    }

    /** Whether a JSON document is a trace-event document. */
    static boolean looksLike(JsonNode root) {
        return root.isObject() && root.path("traceEvents").isArray();
    }

    /** Counts its events by phase; {@code source} names it in errors. */
    static PerfettoTrace parse(JsonNode root, String source) {
        JsonNode events = root.path("traceEvents");
        Map<String, Integer> phases = new TreeMap<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            if (!e.isObject() || !e.path("ph").isTextual()) {
                throw new TraceFormatException(source + ": traceEvents[" + i + "]: expected an object with a text"
                        + " \"ph\" (phase), got " + JsonFields.oneLine(e.toString()));
            }
            phases.merge(e.get("ph").asText(), 1, Integer::sum);
        }
        return new PerfettoTrace(source, events.size(), phases);
    }
}
