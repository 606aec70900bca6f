package io.ptosim.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The platform file reader: the shipped platforms read as Jackson reads them, and malformed text is named. */
class PlatformFileTest {
    @Test
    void theShippedPlatformsReadAsJacksonReadsThem() throws IOException {
        for (String name : Platform.NAMES) {
            String text;
            try (InputStream in = Platform.class.getResourceAsStream("/io/ptosim/platform/" + name + ".json")) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            SortedMap<String, Double> expected = new TreeMap<>();
            SortedSet<String> expectedFlags = new TreeSet<>();
            JsonNode root = new ObjectMapper().readTree(text);
            flatten("", root, expected, expectedFlags);
            SortedMap<String, Double> got = new TreeMap<>();
            SortedSet<String> flags = new TreeSet<>();
            String description = PlatformFile.read(name, text, got, flags, name);
            assertThat(got).as(name).hasSizeGreaterThan(50).isEqualTo(expected);
            assertThat(flags).as(name).isEqualTo(expectedFlags).contains("tensorMap.trackReaders");
            assertThat(description).isEqualTo(root.get("description").asText());
            assertThat(Platform.load(name, Map.of()).parameters()).isEqualTo(expected);
        }
    }

    @Test
    void aPlatformFileIsReadOnceAndOverridesStayWithTheirPlatform() {
        Platform changed = Platform.load("a2a3", Map.of("ring.taskWindow", "1024"));
        Platform plain = Platform.load("a2a3", Map.of());
        assertThat(changed.value("ring.taskWindow")).isEqualTo(1024);
        assertThat(plain.value("ring.taskWindow")).as("the override did not reach the file read once").isEqualTo(16384);
        assertThat(Platform.load("a2a3", Map.of("ring.taskWindow", "2048")).value("ring.taskWindow")).isEqualTo(2048);
        assertThat(changed.value("ring.taskWindow")).isEqualTo(1024);
    }

    @Test
    void stringsNullsAndEscapesAreReadAndSkipped() {
        SortedMap<String, Double> out = new TreeMap<>();
        SortedSet<String> flags = new TreeSet<>();
        String d = PlatformFile.read("t", " {\"description\": \"a \\\"b\\\" \\u0041\\n\", \"x\": {\"y\": -1.5e3, \"n\": null,"
                + " \"s\": \"ignored\", \"on\": false}, \"k\": 7} ", out, flags, "fallback");
        assertThat(d).isEqualTo("a \"b\" A\n");
        assertThat(out).containsExactly(Map.entry("k", 7.0), Map.entry("x.on", 0.0), Map.entry("x.y", -1500.0));
        assertThat(flags).containsExactly("x.on");
        assertThat(PlatformFile.read("t", "{}", out, flags, "fallback")).isEqualTo("fallback");
    }

    @Test
    void malformedTextIsNamedWithItsOffset() {
        SortedMap<String, Double> out = new TreeMap<>();
        SortedSet<String> flags = new TreeSet<>();
        assertThatThrownBy(() -> PlatformFile.read("platform resource p.json", "{\"a\": 1,}", out, flags, ""))
                .isInstanceOf(PlatformException.class).hasMessage("platform resource p.json: expected '\"' at offset 8");
        assertThatThrownBy(() -> PlatformFile.read("p", "{\"a\": [1]}", out, flags, ""))
                .hasMessage("p: expected a number, an object, a string, true, false or null at offset 6");
        assertThatThrownBy(() -> PlatformFile.read("p", "{\"a\": 1} x", out, flags, ""))
                .hasMessage("p: unexpected text after the object at offset 9");
        assertThatThrownBy(() -> PlatformFile.read("p", "[]", out, flags, "")).hasMessage("p: expected a JSON object at offset 0");
        assertThatThrownBy(() -> PlatformFile.read("p", "{\"a", out, flags, "")).hasMessage("p: unterminated string at offset 3");
    }

    private static void flatten(String prefix, JsonNode node, SortedMap<String, Double> out, SortedSet<String> flags) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
            if (f.getValue().isObject()) {
                flatten(key, f.getValue(), out, flags);
            } else if (f.getValue().isNumber()) {
                out.put(key, f.getValue().doubleValue());
            } else if (f.getValue().isBoolean()) {
                out.put(key, f.getValue().booleanValue() ? 1.0 : 0.0);
                flags.add(key);
            }
        }
    }
}
