package io.ptosim.traces;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ptosim.program.DependencyView;
import io.ptosim.program.Program;
import io.ptosim.runtime.DepEdge;
import io.ptosim.runtime.DependencyReplay;
import io.ptosim.runtime.SubmitRecord;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dual-pass check of a trace-driven run, as simpler's own dep-gen replay does it: the rebuilt
 * program's deps.json (our dependency rules over its submits) must equal the recorded one. The rebuilt
 * program lives at its own addresses, so its tensors are first renamed to the file's: tensors match by
 * the arg that names them (task {@code i}, slot {@code j}), which pairs each rebuilt buffer version with
 * one recorded (buffer_addr, version), and a buffer standing for two recorded ones is itself a
 * difference. Then {@link DepsJsonComparison} compares tasks, tensors and the edge multisets.
 */
public final class DepsEdgeCheck {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * The outcome.
     *
     * @param recordedEdges edges in the file
     * @param rebuiltEdges edges of the rebuilt program
     * @param pairs distinct (pred, succ) pairs in the file
     * @param differences what differs; empty when the graphs agree
     */
    public record Result(int recordedEdges, int rebuiltEdges, int pairs, List<String> differences) {
        /** Copies the list. */
        public Result {
            differences = List.copyOf(differences);
        }

        /** Whether the rebuilt graph equals the recorded one. */
        public boolean equal() {
            return differences.isEmpty();
        }
    }

    private DepsEdgeCheck() {
    }

    /** Compares {@code rebuilt}'s dependency graph with the recorded {@code file}. */
    public static Result compare(DepsGraph file, Program rebuilt) {
        List<SubmitRecord> submits = DependencyView.submitsOf(rebuilt);
        List<DepEdge> edges = DependencyReplay.edgesOf(submits);
        ObjectNode ours;
        try {
            ours = (ObjectNode) MAPPER.readTree(DepsJsonWriter.toJson(submits, edges));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode recorded = file.document();
        List<String> differences = new ArrayList<>();
        Map<String, String> tensorIds = new HashMap<>();
        Map<String, String> taskIds = new HashMap<>();
        JsonNode ourTasks = ours.path("tasks");
        JsonNode fileTasks = recorded.path("tasks");
        if (ourTasks.size() != fileTasks.size()) {
            differences.add("the rebuilt program has " + ourTasks.size() + " submits, the file " + fileTasks.size());
        }
        for (int i = 0; i < Math.min(ourTasks.size(), fileTasks.size()); i++) {
            taskIds.put(ourTasks.get(i).path("task_id").asText(), fileTasks.get(i).path("task_id").asText());
            JsonNode ourArgs = ourTasks.get(i).path("args");
            JsonNode fileArgs = fileTasks.get(i).path("args");
            for (int j = 0; j < Math.min(ourArgs.size(), fileArgs.size()); j++) {
                JsonNode o = ourArgs.get(j).get("tensor_id");
                JsonNode f = fileArgs.get(j).get("tensor_id");
                if (o == null || f == null) {
                    continue;
                }
                String before = tensorIds.putIfAbsent(o.asText(), f.asText());
                if (before != null && !before.equals(f.asText())) {
                    differences.add("tasks[" + i + "].args[" + j + "]: one rebuilt buffer stands for recorded tensors "
                            + before + " and " + f.asText());
                }
            }
        }
        Map<String, String> addrOf = new HashMap<>();
        for (JsonNode t : recorded.path("tensors")) {
            addrOf.put(t.path("tensor_id").asText(), t.path("buffer_addr").asText());
        }
        for (JsonNode t : ourTasks) {
            rename((ObjectNode) t, "task_id", taskIds);
            for (JsonNode a : t.path("args")) {
                rename((ObjectNode) a, "tensor_id", tensorIds);
            }
        }
        for (JsonNode t : ours.path("tensors")) {
            rename((ObjectNode) t, "tensor_id", tensorIds);
            String addr = addrOf.get(t.path("tensor_id").asText());
            if (addr != null) {
                ((ObjectNode) t).put("buffer_addr", addr);
            }
        }
        boolean flags = false;
        for (JsonNode e : recorded.path("edges")) {
            flags |= e.has("flags");
        }
        for (JsonNode e : ours.path("edges")) {
            ObjectNode edge = (ObjectNode) e;
            rename(edge, "pred", taskIds);
            rename(edge, "succ", taskIds);
            rename(edge, "tensor_id", tensorIds);
            if (!flags && recorded.path("edges").size() > 0) {
                edge.remove("flags");
            }
        }
        differences.addAll(DepsJsonComparison.differences(recorded, ours));
        Set<String> pairs = new TreeSet<>();
        for (JsonNode e : recorded.path("edges")) {
            pairs.add(e.path("pred").asText() + ">" + e.path("succ").asText());
        }
        ArrayNode ourEdges = (ArrayNode) ours.path("edges");
        return new Result(recorded.path("edges").size(), ourEdges.size(), pairs.size(), differences);
    }

    private static void rename(ObjectNode node, String field, Map<String, String> names) {
        JsonNode v = node.get(field);
        if (v != null && names.containsKey(v.asText())) {
            node.put(field, names.get(v.asText()));
        }
    }
}
