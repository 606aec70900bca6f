package io.ptosim.traces;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares two {@code deps.json} documents the way the conformance vectors prescribe: edges as
 * multisets (their order follows hash chains and carries no meaning), first projected to
 * (pred, succ, source, flags, overlap, arg), then whole, with tensor ids and geometry; {@code tasks}
 * and {@code tensors} in order.
 */
public final class DepsJsonComparison {
    private DepsJsonComparison() {
    }

    /** Human-readable differences between {@code expected} and {@code actual}; empty when they agree. */
    public static List<String> differences(JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        for (String key : List.of("tasks", "tensors")) {
            JsonNode e = expected.path(key);
            JsonNode a = actual.path(key);
            if (!e.equals(a)) {
                out.add(key + " differ: expected " + abbreviate(e) + " but got " + abbreviate(a));
            }
        }
        JsonNode expectedEdges = expected.path("edges");
        JsonNode actualEdges = actual.path("edges");
        diff("edge", count(expectedEdges, true), count(actualEdges, true), out);
        if (out.isEmpty()) {
            diff("edge detail", count(expectedEdges, false), count(actualEdges, false), out);
        }
        return out;
    }

    private static Map<String, Integer> count(JsonNode edges, boolean project) {
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonNode e : edges) {
            String key = project
                    ? "(pred " + e.path("pred").asText() + ", succ " + e.path("succ").asText() + ", "
                            + e.path("source").asText() + ", flags " + e.path("flags") + ", overlap "
                            + e.path("overlap").asText("") + ", arg " + e.path("arg").asInt() + ")"
                    : e.toString();
            counts.merge(key, 1, Integer::sum);
        }
        return counts;
    }

    private static void diff(String what, Map<String, Integer> expected, Map<String, Integer> actual, List<String> out) {
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            int got = actual.getOrDefault(e.getKey(), 0);
            if (got != e.getValue()) {
                out.add(what + " " + e.getKey() + ": expected " + e.getValue() + "×, got " + got + "×");
            }
        }
        for (Map.Entry<String, Integer> a : actual.entrySet()) {
            if (!expected.containsKey(a.getKey())) {
                out.add(what + " " + a.getKey() + ": not expected, got " + a.getValue() + "×");
            }
        }
    }

    private static String abbreviate(JsonNode node) {
        String s = node.toString();
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
