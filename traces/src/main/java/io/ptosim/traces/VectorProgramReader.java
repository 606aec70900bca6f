package io.ptosim.traces;

import com.fasterxml.jackson.databind.JsonNode;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.Strides;
import io.ptosim.runtime.SubmitRecord;
import io.ptosim.runtime.TaskArg;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.runtime.TensorView;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the conformance-vector program format ({@code ../shared/vectors/README.md}): 64-bit values as
 * unsigned decimal strings, an OUTPUT arg as an allocation request whose informational address and
 * size become a contiguous view owned by the submitting task. Every error names the file and the
 * field path (e.g. {@code submits[3].args[1].dtype}) and says what was expected.
 */
public final class VectorProgramReader {
    private VectorProgramReader() {
    }

    /**
     * Reads a program file.
     *
     * @throws TraceFormatException if the file cannot be read or does not follow the format
     */
    public static VectorProgram read(Path file) {
        JsonNode root = JsonFields.readTree(file);
        return parse(root, file.toString());
    }

    /** Parses a program already read as a JSON tree; {@code source} names it in errors. */
    public static VectorProgram parse(JsonNode root, String source) {
        JsonFields f = new JsonFields(source);
        String name = f.text(root, "name", "");
        String description = root.has("description") ? f.text(root, "description", "") : "";
        JsonNode submits = f.array(root, "submits", "");
        List<SubmitRecord> records = new ArrayList<>(submits.size());
        for (int i = 0; i < submits.size(); i++) {
            records.add(submit(f, submits.get(i), "submits[" + i + "]"));
        }
        return new VectorProgram(name, description, records);
    }

    private static SubmitRecord submit(JsonFields f, JsonNode s, String at) {
        long taskId = f.u64(s, "task_id", at);
        String scope = f.text(s, "scope", at);
        if (!scope.equals("auto") && !scope.equals("manual")) {
            throw f.error(at + ".scope", "\"auto\" or \"manual\"", s.get("scope"));
        }
        JsonNode depsNode = f.array(s, "explicit_deps", at);
        List<Long> deps = new ArrayList<>(depsNode.size());
        for (int i = 0; i < depsNode.size(); i++) {
            deps.add(f.u64Value(depsNode.get(i), at + ".explicit_deps[" + i + "]"));
        }
        JsonNode kernels = f.array(s, "kernel_ids", at);
        if (kernels.size() != 3) {
            throw f.error(at + ".kernel_ids", "[aic, aiv0, aiv1]", kernels);
        }
        int[] kernelIds = new int[3];
        for (int i = 0; i < 3; i++) {
            kernelIds[i] = f.intValue(kernels.get(i), at + ".kernel_ids[" + i + "]");
        }
        int blockNum = f.integer(s, "block_num", at);
        boolean early = s.has("early_dispatch") && f.bool(s, "early_dispatch", at);
        JsonNode argsNode = f.array(s, "args", at);
        List<TaskArg> args = new ArrayList<>(argsNode.size());
        for (int i = 0; i < argsNode.size(); i++) {
            args.add(arg(f, argsNode.get(i), at + ".args[" + i + "]", taskId));
        }
        try {
            return new SubmitRecord(taskId, scope.equals("manual"), deps, args, kernelIds, blockNum, early);
        } catch (IllegalArgumentException e) {
            throw new TraceFormatException(f.source() + ": " + at + ": " + e.getMessage(), e);
        }
    }

    private static TaskArg arg(JsonFields f, JsonNode a, String at, long taskId) {
        String typeName = f.text(a, "type", at);
        TensorArgType type;
        try {
            type = TensorArgType.valueOf(typeName);
        } catch (IllegalArgumentException e) {
            throw f.error(at + ".type", "INPUT, OUTPUT, INOUT, OUTPUT_EXISTING or NO_DEP", a.get("type"));
        }
        DataType dtype;
        try {
            dtype = DataType.fromName(f.text(a, "dtype", at));
        } catch (IllegalArgumentException e) {
            throw new TraceFormatException(f.source() + ": " + at + ".dtype: " + e.getMessage(), e);
        }
        JsonNode shapeNode = f.array(a, "shape", at);
        int[] shape = new int[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = f.intValue(shapeNode.get(i), at + ".shape[" + i + "]");
        }
        long addr = f.u64(a, "buffer_addr", at);
        long size = f.u64(a, "buffer_size", at);
        boolean manualDep = f.bool(a, "manual_dep", at);
        try {
            if (type == TensorArgType.OUTPUT) {
                return new TaskArg(type, new TensorView(addr, size, dtype, shape, Strides.rowMajor(shape), 0, 0, taskId,
                        manualDep));
            }
            JsonNode stridesNode = f.array(a, "strides", at);
            long[] strides = new long[stridesNode.size()];
            for (int i = 0; i < strides.length; i++) {
                strides[i] = f.u64Value(stridesNode.get(i), at + ".strides[" + i + "]");
            }
            JsonNode ownerNode = a.get("owner_task_id");
            long owner = ownerNode == null || ownerNode.isNull() ? TaskId.INVALID : f.u64Value(ownerNode, at + ".owner_task_id");
            return new TaskArg(type, new TensorView(addr, size, dtype, shape, strides, f.u64(a, "start_offset", at),
                    f.integer(a, "version", at), owner, manualDep));
        } catch (IllegalArgumentException e) {
            throw new TraceFormatException(f.source() + ": " + at + ": " + e.getMessage(), e);
        }
    }
}
