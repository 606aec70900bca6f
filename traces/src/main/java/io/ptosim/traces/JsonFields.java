package io.ptosim.traces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/** Field access on a JSON tree that names the file and field path of whatever is missing or malformed. */
final class JsonFields {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String source;

    /** Reads a JSON file, or fails naming it. */
    static JsonNode readTree(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new TraceFormatException(file + ": not readable JSON: " + e.getMessage(), e);
        }
    }

    JsonFields(String source) {
        this.source = source;
    }

    /** The file or source name errors start with. */
    String source() {
        return source;
    }

    TraceFormatException error(String path, String expected, JsonNode got) {
        return new TraceFormatException(source + ": " + path + ": expected " + expected + ", got "
                + (got == null ? "nothing" : got.toString()));
    }

    private JsonNode field(JsonNode node, String name, String at) {
        JsonNode v = node == null ? null : node.get(name);
        if (v == null) {
            throw new TraceFormatException(source + ": " + path(at, name) + ": missing");
        }
        return v;
    }

    private static String path(String at, String name) {
        return at.isEmpty() ? name : at + "." + name;
    }

    String text(JsonNode node, String name, String at) {
        JsonNode v = field(node, name, at);
        if (!v.isTextual()) {
            throw error(path(at, name), "a string", v);
        }
        return v.asText();
    }

    JsonNode array(JsonNode node, String name, String at) {
        JsonNode v = field(node, name, at);
        if (!v.isArray()) {
            throw error(path(at, name), "an array", v);
        }
        return v;
    }

    boolean bool(JsonNode node, String name, String at) {
        JsonNode v = field(node, name, at);
        if (!v.isBoolean()) {
            throw error(path(at, name), "true or false", v);
        }
        return v.asBoolean();
    }

    int integer(JsonNode node, String name, String at) {
        return intValue(field(node, name, at), path(at, name));
    }

    int intValue(JsonNode v, String path) {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw error(path, "a 32-bit integer", v);
        }
        return v.asInt();
    }

    long u64(JsonNode node, String name, String at) {
        return u64Value(field(node, name, at), path(at, name));
    }

    /** An unsigned 64-bit value: a decimal string (the format's rule) or a plain non-negative number. */
    long u64Value(JsonNode v, String path) {
        if (v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= 0) {
            return v.asLong();
        }
        if (v.isTextual()) {
            try {
                return Long.parseUnsignedLong(v.asText());
            } catch (NumberFormatException e) {
                throw error(path, "an unsigned 64-bit decimal string", v);
            }
        }
        throw error(path, "an unsigned 64-bit decimal string", v);
    }
}
