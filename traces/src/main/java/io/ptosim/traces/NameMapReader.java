package io.ptosim.traces;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** Reads simpler's name maps ({@code {"level":..,"callable_id_to_name":{"0":"QK",...}}}). */
final class NameMapReader {
    private NameMapReader() {
    }

    /** Whether a JSON document is a name map. */
    static boolean looksLike(JsonNode root) {
        return root.isObject() && root.path("callable_id_to_name").isObject();
    }

    /** Its names; {@code source} names it in errors. */
    static NameMap parse(JsonNode root, String source) {
        Map<Integer, String> names = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("callable_id_to_name").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                names.put(Integer.parseInt(e.getKey()), e.getValue().asText());
            } catch (NumberFormatException x) {
                throw new TraceFormatException(source + ": callable_id_to_name: key \"" + e.getKey()
                        + "\" is not a callable id (a whole number)");
            }
        }
        return new NameMap(source, root.path("level").asInt(-1), names);
    }
}
