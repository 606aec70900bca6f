package io.ptosim.traces;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import io.ptosim.program.Arg;
import io.ptosim.program.BufferRef;
import io.ptosim.program.ExplicitDep;
import io.ptosim.program.ExternalBuffer;
import io.ptosim.program.Op;
import io.ptosim.program.Program;
import io.ptosim.program.ProgramException;
import io.ptosim.program.Tensor;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.DepKind;
import io.ptosim.runtime.ScopeMode;
import io.ptosim.runtime.TensorArgType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The lossless JSON form of a {@link Program} ({@code docs/program-format.md}, format
 * {@value #FORMAT}): reading what {@link #toJson} wrote gives an equal program. 64-bit values are
 * unsigned decimal strings; errors name the file and field path; programs are validated on reading.
 */
public final class ProgramJson {
    /** The value of the {@code format} key. */
    public static final String FORMAT = "ptosim-program/1";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ProgramJson() {
    }

    /**
     * A digest of the program's content (its JSON form without layout): the first 16 hex digits of a
     * SHA-256 over the head and each op's JSON in turn, so a generated program of any length is hashed
     * op by op in constant memory.
     */
    public static String digest(Program p) {
        Hasher h = Hashing.sha256().newHasher();
        h.putString(head(p).toString(), StandardCharsets.UTF_8);
        for (Op op : p.ops()) {
            h.putByte((byte) '\n').putString(opNode(op).toString(), StandardCharsets.UTF_8);
        }
        return h.hash().toString().substring(0, 16);
    }

    /** The format, name and external buffers. */
    private static ObjectNode head(Program p) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("name", p.name());
        ArrayNode externals = root.putArray("externals");
        for (ExternalBuffer b : p.externals()) {
            ObjectNode e = externals.addObject();
            e.put("name", b.name());
            e.put("addr", Long.toUnsignedString(b.addr()));
            e.put("size_bytes", Long.toUnsignedString(b.sizeBytes()));
            e.put("dtype", b.dtype().name());
        }
        return root;
    }

    /** One op's JSON object. */
    private static ObjectNode opNode(Op op) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("op", op.kind());
        switch (op) {
            case Op.ScopeBegin b -> o.put("mode", b.mode().name());
            case Op.ScopeEnd e -> {
                // no fields
            }
            case Op.Submit s -> submit(o, s);
            case Op.AllocTensors a -> {
                ArrayNode outs = o.putArray("outputs");
                for (Arg.OutputArg out : a.outputs()) {
                    output(outs.addObject(), out);
                }
            }
            case Op.AddDependency d -> {
                o.put("producer", d.producerOp());
                o.put("consumer", d.consumerOp());
            }
            case Op.TensorData d -> {
                tensor(o.putObject("tensor"), d.tensor());
                ArrayNode indices = o.putArray("indices");
                for (long i : d.indices()) {
                    indices.add(Long.toUnsignedString(i));
                }
                if (d instanceof Op.SetTensorData w) {
                    o.put("value", Long.toUnsignedString(w.value()));
                }
            }
        }
        return o;
    }

    /** Whether a JSON document is in this format (it has the {@code format} key with our value). */
    public static boolean isProgram(JsonNode root) {
        return FORMAT.equals(root.path("format").asText(null));
    }

    /** The program as pretty-printed JSON, ending with a newline. */
    public static String toJson(Program p) {
        ObjectNode root = head(p);
        ArrayNode ops = root.putArray("ops");
        for (Op op : p.ops()) {
            ops.add(opNode(op));
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void submit(ObjectNode o, Op.Submit s) {
        ArrayNode kernels = o.putArray("kernel_ids");
        for (int k : s.kernelIds()) {
            kernels.add(k);
        }
        o.put("block_num", s.blockNum());
        o.put("require_sync_start", s.requireSyncStart());
        o.put("early_resolve", s.earlyResolve());
        ArrayNode args = o.putArray("args");
        for (Arg arg : s.args()) {
            ObjectNode a = args.addObject();
            switch (arg) {
                case Arg.TensorArg t -> {
                    a.put("type", t.type().name());
                    tensor(a.putObject("tensor"), t.tensor());
                }
                case Arg.OutputArg out -> {
                    a.put("type", "OUTPUT");
                    output(a, out);
                }
                case Arg.ScalarArg sc -> {
                    a.put("type", "SCALAR");
                    a.put("bits", Long.toUnsignedString(sc.bits()));
                }
            }
        }
        ArrayNode deps = o.putArray("deps");
        for (ExplicitDep d : s.deps()) {
            deps.addObject().put("op", d.op()).put("kind", d.kind().name());
        }
    }

    private static void output(ObjectNode o, Arg.OutputArg out) {
        o.put("dtype", out.dtype().name());
        ArrayNode shape = o.putArray("shape");
        for (int n : out.shape()) {
            shape.add(n);
        }
        o.put("manual_dep", out.manualDep());
    }

    private static void tensor(ObjectNode o, Tensor t) {
        ObjectNode buffer = o.putObject("buffer");
        switch (t.buffer()) {
            case BufferRef.External e -> buffer.put("external", e.index());
            case BufferRef.Output out -> buffer.putObject("output").put("op", out.op()).put("index", out.output());
        }
        o.put("dtype", t.dtype().name());
        ArrayNode shape = o.putArray("shape");
        for (int n : t.shape()) {
            shape.add(n);
        }
        ArrayNode strides = o.putArray("strides");
        for (long s : t.strides()) {
            strides.add(s);
        }
        o.put("start_offset", Long.toUnsignedString(t.startOffset()));
        o.put("version", t.version());
        o.put("manual_dep", t.manualDep());
    }

    /** Writes the program to {@code file} through a temporary file. */
    public static void write(Program p, Path file) throws IOException {
        AtomicFile.writeString(file, toJson(p));
    }

    /**
     * Reads and validates a program file.
     *
     * @throws TraceFormatException naming the file and field of a format error or broken rule
     */
    public static Program read(Path file) {
        JsonNode root = JsonFields.readTree(file);
        return parse(root, file.toString());
    }

    /** Parses and validates a program JSON tree; {@code source} names it in errors. */
    public static Program parse(JsonNode root, String source) {
        JsonFields f = new JsonFields(source);
        if (!isProgram(root)) {
            throw f.error("format", "\"" + FORMAT + "\"", root.get("format"));
        }
        String name = f.text(root, "name", "");
        JsonNode ext = f.array(root, "externals", "");
        List<ExternalBuffer> externals = new ArrayList<>();
        for (int i = 0; i < ext.size(); i++) {
            String at = "externals[" + i + "]";
            JsonNode e = ext.get(i);
            String bufferName = f.text(e, "name", at);
            long addr = f.u64(e, "addr", at);
            long size = f.u64(e, "size_bytes", at);
            DataType type = dtype(f, e, at);
            externals.add(checked(f, at, () -> new ExternalBuffer(bufferName, addr, size, type)));
        }
        JsonNode opsNode = f.array(root, "ops", "");
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < opsNode.size(); i++) {
            JsonNode o = opsNode.get(i);
            String at = "ops[" + i + "]";
            ops.add(checked(f, at, () -> op(f, o, at)));
        }
        try {
            return new Program(name, externals, ops).validate();
        } catch (ProgramException e) {
            throw new TraceFormatException(source + ": " + e.getMessage(), e);
        }
    }

    private static Op op(JsonFields f, JsonNode o, String at) {
        String kind = f.text(o, "op", at);
        return switch (kind) {
            case "scope_begin" -> new Op.ScopeBegin(enumValue(f, ScopeMode.class, o, "mode", at));
            case "scope_end" -> new Op.ScopeEnd();
            case "alloc_tensors" -> {
                JsonNode outs = f.array(o, "outputs", at);
                List<Arg.OutputArg> outputs = new ArrayList<>();
                for (int i = 0; i < outs.size(); i++) {
                    outputs.add(output(f, outs.get(i), at + ".outputs[" + i + "]"));
                }
                yield new Op.AllocTensors(outputs);
            }
            case "add_dependency" -> new Op.AddDependency(f.integer(o, "producer", at), f.integer(o, "consumer", at));
            case "submit" -> submit(f, o, at);
            case "get_tensor_data" -> new Op.GetTensorData(tensor(f, o.get("tensor"), at + ".tensor"), u64s(f, o, "indices", at));
            case "set_tensor_data" -> new Op.SetTensorData(tensor(f, o.get("tensor"), at + ".tensor"),
                    u64s(f, o, "indices", at), f.u64(o, "value", at));
            default -> throw f.error(at + ".op", "scope_begin, scope_end, submit, alloc_tensors, add_dependency,"
                    + " get_tensor_data or set_tensor_data", o.get("op"));
        };
    }

    private static Op.Submit submit(JsonFields f, JsonNode o, String at) {
        JsonNode kernels = f.array(o, "kernel_ids", at);
        int[] kernelIds = new int[kernels.size()];
        for (int i = 0; i < kernelIds.length; i++) {
            kernelIds[i] = f.intValue(kernels.get(i), at + ".kernel_ids[" + i + "]");
        }
        JsonNode argsNode = f.array(o, "args", at);
        List<Arg> args = new ArrayList<>();
        for (int i = 0; i < argsNode.size(); i++) {
            String where = at + ".args[" + i + "]";
            JsonNode a = argsNode.get(i);
            String type = f.text(a, "type", where);
            switch (type) {
                case "OUTPUT" -> args.add(output(f, a, where));
                case "SCALAR" -> args.add(new Arg.ScalarArg(f.u64(a, "bits", where)));
                default -> {
                    TensorArgType t = enumValue(f, TensorArgType.class, a, "type", where);
                    args.add(new Arg.TensorArg(t, tensor(f, a.get("tensor"), where + ".tensor")));
                }
            }
        }
        JsonNode depsNode = f.array(o, "deps", at);
        List<ExplicitDep> deps = new ArrayList<>();
        for (int i = 0; i < depsNode.size(); i++) {
            String where = at + ".deps[" + i + "]";
            JsonNode d = depsNode.get(i);
            deps.add(new ExplicitDep(f.integer(d, "op", where), enumValue(f, DepKind.class, d, "kind", where)));
        }
        return new Op.Submit(kernelIds, args, deps, f.integer(o, "block_num", at), f.bool(o, "require_sync_start", at),
                f.bool(o, "early_resolve", at));
    }

    private static Arg.OutputArg output(JsonFields f, JsonNode o, String at) {
        DataType type = dtype(f, o, at);
        int[] shape = ints(f, o, "shape", at);
        boolean manualDep = f.bool(o, "manual_dep", at);
        return checked(f, at, () -> new Arg.OutputArg(type, shape, manualDep));
    }

    /**
     * What {@code make} builds from fields already read, its constructor's refusal (a negative size, a
     * shape of no dims) reported as a format error at {@code at} of the file, like a field's own.
     */
    private static <T> T checked(JsonFields f, String at, Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new TraceFormatException(f.source() + ": " + at + ": " + e.getMessage(), e);
        }
    }

    private static Tensor tensor(JsonFields f, JsonNode t, String at) {
        if (t == null || !t.isObject()) {
            throw f.error(at, "a tensor object", t);
        }
        JsonNode b = t.get("buffer");
        BufferRef buffer;
        if (b != null && b.has("external")) {
            buffer = new BufferRef.External(f.integer(b, "external", at + ".buffer"));
        } else if (b != null && b.has("output")) {
            JsonNode out = b.get("output");
            buffer = new BufferRef.Output(f.integer(out, "op", at + ".buffer.output"),
                    f.integer(out, "index", at + ".buffer.output"));
        } else {
            throw f.error(at + ".buffer", "{\"external\": N} or {\"output\": {\"op\": N, \"index\": K}}", b);
        }
        JsonNode stridesNode = f.array(t, "strides", at);
        long[] strides = new long[stridesNode.size()];
        for (int i = 0; i < strides.length; i++) {
            strides[i] = f.u64Value(stridesNode.get(i), at + ".strides[" + i + "]");
        }
        return new Tensor(buffer, dtype(f, t, at), ints(f, t, "shape", at), strides, f.u64(t, "start_offset", at),
                f.integer(t, "version", at), f.bool(t, "manual_dep", at));
    }

    private static long[] u64s(JsonFields f, JsonNode o, String name, String at) {
        JsonNode arr = f.array(o, name, at);
        long[] out = new long[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.u64Value(arr.get(i), at + "." + name + "[" + i + "]");
        }
        return out;
    }

    private static int[] ints(JsonFields f, JsonNode o, String name, String at) {
        JsonNode arr = f.array(o, name, at);
        int[] out = new int[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.intValue(arr.get(i), at + "." + name + "[" + i + "]");
        }
        return out;
    }

    private static DataType dtype(JsonFields f, JsonNode o, String at) {
        try {
            return DataType.fromName(f.text(o, "dtype", at));
        } catch (IllegalArgumentException e) {
            throw new TraceFormatException(f.source() + ": " + at + ".dtype: " + e.getMessage(), e);
        }
    }

    private static <E extends Enum<E>> E enumValue(JsonFields f, Class<E> type, JsonNode o, String name, String at) {
        String value = f.text(o, name, at);
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            StringBuilder names = new StringBuilder();
            for (E c : type.getEnumConstants()) {
                names.append(names.isEmpty() ? "" : ", ").append(c.name());
            }
            throw f.error(at + "." + name, "one of " + names, o.get(name));
        }
    }
}
