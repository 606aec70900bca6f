package io.ptosim.traces;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
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
            JsonNode root = MAPPER.readTree(file.toFile());
            if (root == null || root.isMissingNode()) {
                throw new TraceFormatException(file + ": empty file; expected a JSON document");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new TraceFormatException(file + ": not valid JSON" + where + ": " + oneLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new TraceFormatException(file + ": cannot read: " + oneLine(String.valueOf(e.getMessage())), e);
        }
    }

    /** A message on one line (parser messages quote input that may hold line breaks). */
    static String oneLine(String message) {
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
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

    /** A field holding an unsigned 64-bit value as a decimal string, which is all a strict format allows. */
    long u64Text(JsonNode node, String name, String at) {
        return u64TextValue(field(node, name, at), path(at, name));
    }

    /** An unsigned 64-bit decimal string; a JSON number is rejected (it loses precision past 2^53 in many readers). */
    long u64TextValue(JsonNode v, String path) {
        if (!v.isTextual()) {
            throw error(path, "an unsigned 64-bit value as a decimal string", v);
        }
        return u64Value(v, path);
    }

    /** A non-negative 64-bit integer given as a JSON number. */
    long nonNegativeLong(JsonNode v, String path) {
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
            throw error(path, "a non-negative 64-bit integer", v);
        }
        return v.asLong();
    }

    /** A JSON object field. */
    JsonNode object(JsonNode node, String name, String at) {
        JsonNode v = field(node, name, at);
        if (!v.isObject()) {
            throw error(path(at, name), "an object", v);
        }
        return v;
    }

    /** An error at {@code path} with a free-form explanation. */
    TraceFormatException invalid(String path, String why) {
        return new TraceFormatException(source + ": " + path + ": " + why);
    }
}
