package io.ptosim.hw.abi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The stub's call log (env PTOSIM_STUB_LOG) read back as calls with their key=value fields. */
final class StubLog {

    /** One logged call. */
    record Call(String name, Map<String, String> fields) {
        String get(String key) {
            String v = fields.get(key);
            if (v == null) {
                throw new AssertionError(name + " has no field " + key + ": " + fields);
            }
            return v;
        }

        String tid() {
            return get("tid");
        }
    }

    private final Path file;

    private StubLog(Path file) {
        this.file = file;
    }

    /** Points the stubs at a new log file in {@code dir}. */
    static StubLog startIn(Path dir) {
        Path file = dir.resolve("stub-calls.log");
        StubHome.setNativeEnv("PTOSIM_STUB_LOG", file.toString());
        return new StubLog(file);
    }

    List<Call> calls() {
        List<Call> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : lines) {
            String[] parts = line.split(" ");
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                fields.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
            out.add(new Call(parts[0], fields));
        }
        return out;
    }

    List<Call> calls(String name) {
        return calls().stream().filter(c -> c.name().equals(name)).toList();
    }

    Call last(String name) {
        List<Call> c = calls(name);
        if (c.isEmpty()) {
            throw new AssertionError("no " + name + " call in " + file);
        }
        return c.get(c.size() - 1);
    }
}
