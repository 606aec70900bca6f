package io.ptosim.traces;

import com.fasterxml.jackson.databind.JsonNode;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.runtime.TensorView;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code deps.json} (traces.md §1) as simpler writes it, device- or host-orchestrated: 64-bit
 * values as decimal strings (a JSON number there is an error), {@code "UNKNOWN"} args as NO_DEP, OUTPUT
 * args without tensor fields, edges with or without {@code flags}. It checks what a replay relies on:
 * unique task and tensor ids, every arg's tensor listed in {@code tensors[]}, every edge's consumer in
 * {@code tasks[]} and its arg slot in range, every non-explicit edge's tensor listed. Each error names
 * the file and the field path (e.g. {@code edges[4].succ}) and what was expected.
 */
public final class DepsJsonReader {
    private DepsJsonReader() {
    }

    /**
     * Reads a file.
     *
     * @throws TraceFormatException if it cannot be read or breaks the format
     */
    public static DepsGraph read(Path file) {
        return parse(JsonFields.readTree(file), file.toString());
    }

    /** Whether a JSON document looks like a deps.json (an object with {@code tasks} and {@code edges}). */
    public static boolean looksLike(JsonNode root) {
        return root.isObject() && root.has("tasks") && root.has("edges") && !root.has("ops");
    }

    /** Parses a document already read; {@code source} names it in errors. */
    public static DepsGraph parse(JsonNode root, String source) {
        JsonFields f = new JsonFields(source);
        if (!root.isObject()) {
            throw f.error("(top level)", "an object with tasks, tensors and edges", root);
        }
        JsonNode tensorsNode = f.array(root, "tensors", "");
        List<DepsGraph.TensorInfo> tensors = new ArrayList<>(tensorsNode.size());
        Map<Long, Integer> tensorIndex = new HashMap<>();
        for (int i = 0; i < tensorsNode.size(); i++) {
            String at = "tensors[" + i + "]";
            JsonNode t = tensorsNode.get(i);
            DepsGraph.TensorInfo info = new DepsGraph.TensorInfo(f.u64Text(t, "tensor_id", at),
                    f.u64Text(t, "buffer_addr", at), f.integer(t, "version", at), dtype(f, t, at),
                    f.u64Text(t, "buffer_numel", at));
            if (tensorIndex.putIfAbsent(info.tensorId(), i) != null) {
                throw f.invalid(at + ".tensor_id", Long.toUnsignedString(info.tensorId()) + " repeats tensors["
                        + tensorIndex.get(info.tensorId()) + "]");
            }
            tensors.add(info);
        }
        JsonNode tasksNode = f.array(root, "tasks", "");
        List<DepsGraph.Task> tasks = new ArrayList<>(tasksNode.size());
        Map<Long, Integer> taskIndex = new HashMap<>();
        for (int i = 0; i < tasksNode.size(); i++) {
            String at = "tasks[" + i + "]";
            DepsGraph.Task task = task(f, tasksNode.get(i), at, tensorIndex);
            if (taskIndex.putIfAbsent(task.taskId(), i) != null) {
                throw f.invalid(at + ".task_id", TaskId.display(task.taskId()) + " repeats tasks["
                        + taskIndex.get(task.taskId()) + "]");
            }
            tasks.add(task);
        }
        JsonNode edgesNode = f.array(root, "edges", "");
        List<DepsGraph.Edge> edges = new ArrayList<>(edgesNode.size());
        for (int i = 0; i < edgesNode.size(); i++) {
            edges.add(edge(f, edgesNode.get(i), "edges[" + i + "]", tasks, taskIndex, tensorIndex));
        }
        return new DepsGraph(source, tasks, tensors, edges, root);
    }

    private static DepsGraph.Task task(JsonFields f, JsonNode t, String at, Map<Long, Integer> tensorIndex) {
        long id = f.u64Text(t, "task_id", at);
        if (id == TaskId.INVALID || TaskId.ring(id) > 3) {
            throw f.invalid(at + ".task_id", Long.toUnsignedString(id) + " is not a task id (ring << 32 | local, ring"
                    + " 0..3)");
        }
        String scope = f.text(t, "scope", at);
        if (!scope.equals("auto") && !scope.equals("manual")) {
            throw f.error(at + ".scope", "\"auto\" or \"manual\"", t.get("scope"));
        }
        boolean early = f.bool(t, "early_dispatch", at);
        JsonNode kernels = f.array(t, "kernel_ids", at);
        if (kernels.size() != 3) {
            throw f.error(at + ".kernel_ids", "[aic, aiv0, aiv1]", kernels);
        }
        int[] kernelIds = new int[3];
        for (int k = 0; k < 3; k++) {
            kernelIds[k] = f.intValue(kernels.get(k), at + ".kernel_ids[" + k + "]");
            if (kernelIds[k] < -1) {
                throw f.error(at + ".kernel_ids[" + k + "]", "a func id >= 0, or -1 for an unused slot", kernels.get(k));
            }
        }
        int blockNum = f.integer(t, "block_num", at);
        if (blockNum < 1) {
            throw f.error(at + ".block_num", "an integer >= 1", t.get("block_num"));
        }
        JsonNode argsNode = f.array(t, "args", at);
        List<DepsGraph.ArgInfo> args = new ArrayList<>(argsNode.size());
        for (int i = 0; i < argsNode.size(); i++) {
            args.add(arg(f, argsNode.get(i), at + ".args[" + i + "]", i, tensorIndex));
        }
        return new DepsGraph.Task(id, scope.equals("manual"), early, kernelIds, blockNum, args);
    }

    private static DepsGraph.ArgInfo arg(JsonFields f, JsonNode a, String at, int slot,
            Map<Long, Integer> tensorIndex) {
        int idx = f.integer(a, "idx", at);
        if (idx != slot) {
            throw f.error(at + ".idx", String.valueOf(slot) + " (args are listed in slot order)", a.get("idx"));
        }
        String typeName = f.text(a, "type", at);
        TensorArgType type = switch (typeName) {
            case "INPUT" -> TensorArgType.INPUT;
            case "OUTPUT" -> TensorArgType.OUTPUT;
            case "INOUT" -> TensorArgType.INOUT;
            case "OUTPUT_EXISTING" -> TensorArgType.OUTPUT_EXISTING;
            case "UNKNOWN", "NO_DEP" -> TensorArgType.NO_DEP;
            case "TRACKED_INPUT" -> TensorArgType.TRACKED_INPUT;
            default -> throw f.error(at + ".type", "INPUT, OUTPUT, INOUT, OUTPUT_EXISTING, UNKNOWN or TRACKED_INPUT",
                    a.get("type"));
        };
        if (type == TensorArgType.OUTPUT) {
            return new DepsGraph.ArgInfo(idx, type, 0, null, new int[0], 0, new long[0]);
        }
        long tensorId = f.u64Text(a, "tensor_id", at);
        if (!tensorIndex.containsKey(tensorId)) {
            throw f.invalid(at + ".tensor_id", Long.toUnsignedString(tensorId) + " is not in tensors[]");
        }
        DataType dtype = dtype(f, a, at);
        JsonNode shapeNode = f.array(a, "shape", at);
        JsonNode stridesNode = f.array(a, "strides", at);
        if (shapeNode.isEmpty() || shapeNode.size() > TensorView.MAX_DIMS) {
            throw f.error(at + ".shape", "1 to " + TensorView.MAX_DIMS + " dimensions", shapeNode);
        }
        if (stridesNode.size() != shapeNode.size()) {
            throw f.error(at + ".strides", shapeNode.size() + " strides (one per dimension of shape)", stridesNode);
        }
        int[] shape = new int[shapeNode.size()];
        long[] strides = new long[shape.length];
        for (int d = 0; d < shape.length; d++) {
            shape[d] = f.intValue(shapeNode.get(d), at + ".shape[" + d + "]");
            if (shape[d] < 0) {
                throw f.error(at + ".shape[" + d + "]", "a size >= 0", shapeNode.get(d));
            }
            strides[d] = f.nonNegativeLong(stridesNode.get(d), at + ".strides[" + d + "]");
        }
        return new DepsGraph.ArgInfo(idx, type, tensorId, dtype, shape, f.u64Text(a, "start_offset", at), strides);
    }

    private static DepsGraph.Edge edge(JsonFields f, JsonNode e, String at, List<DepsGraph.Task> tasks,
            Map<Long, Integer> taskIndex, Map<Long, Integer> tensorIndex) {
        long pred = f.u64Text(e, "pred", at);
        long succ = f.u64Text(e, "succ", at);
        Integer consumer = taskIndex.get(succ);
        if (consumer == null) {
            throw f.invalid(at + ".succ", TaskId.display(succ) + " (" + Long.toUnsignedString(succ)
                    + ") is not a task of tasks[]");
        }
        if (pred == TaskId.INVALID || TaskId.ring(pred) > 3) {
            throw f.invalid(at + ".pred", Long.toUnsignedString(pred) + " is not a task id (ring << 32 | local, ring"
                    + " 0..3)");
        }
        String sourceName = f.text(e, "source", at);
        DepsGraph.Source source = switch (sourceName) {
            case "explicit" -> DepsGraph.Source.EXPLICIT;
            case "creator" -> DepsGraph.Source.CREATOR;
            case "tensormap" -> DepsGraph.Source.TENSORMAP;
            default -> throw f.error(at + ".source", "\"explicit\", \"creator\" or \"tensormap\"", e.get("source"));
        };
        int arg = f.integer(e, "arg", at);
        int args = tasks.get(consumer).args().size();
        if (source == DepsGraph.Source.EXPLICIT ? arg != -1 : arg < 0 || arg >= args) {
            throw f.invalid(at + ".arg", arg + " is out of range: expected "
                    + (source == DepsGraph.Source.EXPLICIT ? "-1 for an explicit edge"
                    : "a slot 0.." + (args - 1) + " of " + TaskId.display(succ)));
        }
        if (source == DepsGraph.Source.TENSORMAP && !taskIndex.containsKey(pred)) {
            throw f.invalid(at + ".pred", TaskId.display(pred) + " is not a task of tasks[], but only a submit"
                    + " registers TensorMap entries");
        }
        if (e.has("flags")) {
            JsonNode flags = f.array(e, "flags", at);
            for (int i = 0; i < flags.size(); i++) {
                String flag = flags.get(i).asText("");
                if (!flags.get(i).isTextual() || !flag.equals("wait") && !flag.equals("retain")) {
                    throw f.error(at + ".flags[" + i + "]", "\"wait\" or \"retain\"", flags.get(i));
                }
            }
        }
        long tensorId = 0;
        if (source != DepsGraph.Source.EXPLICIT) {
            tensorId = f.u64Text(e, "tensor_id", at);
            if (!tensorIndex.containsKey(tensorId)) {
                throw f.invalid(at + ".tensor_id", Long.toUnsignedString(tensorId) + " is not in tensors[]");
            }
        }
        if (source == DepsGraph.Source.TENSORMAP) {
            String overlap = f.text(e, "overlap", at);
            if (!overlap.equals("covered") && !overlap.equals("other")) {
                throw f.error(at + ".overlap", "\"covered\" or \"other\"", e.get("overlap"));
            }
        }
        return new DepsGraph.Edge(pred, succ, arg, source, tensorId);
    }

    private static DataType dtype(JsonFields f, JsonNode node, String at) {
        String name = f.text(node, "dtype", at);
        try {
            return DataType.fromName(name);
        } catch (IllegalArgumentException e) {
            throw f.invalid(at + ".dtype", e.getMessage());
        }
    }
}
