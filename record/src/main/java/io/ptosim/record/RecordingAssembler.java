package io.ptosim.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorArgType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the recorder's lines (one JSON object per runtime call) into a {@link Recording}. Every tensor
 * the orchestration passed is mapped back by its buffer: a task's OUTPUT (exactly its buffer: the view
 * of {@code {op, output}}), an entry input (an external; a buffer the orchestration made over part of an
 * input with {@code make_tensor_external} is an external of its own, as it is a separate buffer to the
 * runtime), or memory the recorder does not know (an external named {@code foreign@ADDR}, with a
 * warning). The entry inputs are the first externals, in entry order, at canonical addresses (from
 * {@code 2^32}, 1 MiB-aligned; parts of an input at their offset in it), so a recording is reproducible.
 *
 * <p>Each {@code get_tensor_data} gets a {@code value_source}: {@code external_input} (exact: an entry
 * input no recorded task writes), {@code alloc_initial_value} (an alloc_tensors buffer no task wrote:
 * zeros or its initial value, exact), or, flagged as data-dependent, {@code runtime_output_not_executed}
 * (a kernel's output; no kernel ran), {@code external_written_by_unexecuted_task} and
 * {@code output_written_by_unexecuted_task} (an earlier task writes it: INOUT, OUTPUT_EXISTING, or NO_DEP,
 * whose use is unknown), {@code input_not_materialized} (a large computed input left zero) and
 * {@code unmapped_address}.
 */
final class RecordingAssembler {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long CANONICAL_BASE = 1L << 32;
    private static final long CANONICAL_ALIGN = 1L << 20;

    private final String name;
    private final EntryInputs inputs;
    private final List<Boolean> materialized;
    private final List<InputBuffer> inputBuffers = new ArrayList<>();
    private final Map<String, Integer> externalIndex = new HashMap<>();
    private final List<ExternalBuffer> externals = new ArrayList<>();
    private final TreeMap<Long, OutputBuffer> outputs = new TreeMap<>();
    private final Map<Long, Integer> opOfTask = new HashMap<>();
    private final List<Op> ops = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final ObjectNode sidecar = MAPPER.createObjectNode();
    private final ArrayNode externalsInfo = MAPPER.createArrayNode();
    private final ArrayNode scopes = MAPPER.createArrayNode();
    private final ArrayNode tensorData = MAPPER.createArrayNode();
    private final ArrayNode predicates = MAPPER.createArrayNode();
    private final ArrayNode initialValues = MAPPER.createArrayNode();
    private final ArrayNode taskAttributes = MAPPER.createArrayNode();
    private final ArrayNode logs = MAPPER.createArrayNode();
    private final ArrayNode queries = MAPPER.createArrayNode();
    private final ArrayNode fatals = MAPPER.createArrayNode();
    private final ArrayNode deviceTensors = MAPPER.createArrayNode();
    private int tasks;
    private int dummies;
    private int allocs;
    private int scopeCount;
    private int maxDepth;
    private int manualScopes;
    private int explicitDeps;
    private int reads;
    private int dataDependent;
    private int writes;
    private long otherThreads;
    private String status = "incomplete";
    private String detail = "";
    private boolean done;
    private int lines;
    private String error;
    private String lastLog;
    private int depth;
    /** Entry inputs some recorded task writes (INOUT, OUTPUT_EXISTING or NO_DEP), by input index. */
    private final Map<Integer, Boolean> inputWritten = new HashMap<>();

    private RecordingAssembler(String name, EntryInputs inputs, List<Boolean> materialized) {
        this.name = name;
        this.inputs = inputs;
        this.materialized = materialized;
    }

    /** A buffer the recorder allocated for an entry input, at its real and its canonical address. */
    private record InputBuffer(int index, String name, long addr, long size, DataType dtype, long canonical,
            boolean materialized) {
        boolean contains(long a, long bytes) {
            return Long.compareUnsigned(a, addr) >= 0 && Long.compareUnsigned(a - addr, size) <= 0
                    && Long.compareUnsigned(bytes, size - (a - addr)) <= 0;
        }
    }

    /** One OUTPUT's buffer on the fake heap. */
    private static final class OutputBuffer {
        final int op;
        final int index;
        final long addr;
        final long size;
        final boolean fromAlloc;
        boolean written;

        OutputBuffer(int op, int index, long addr, long size, boolean fromAlloc) {
            this.op = op;
            this.index = index;
            this.addr = addr;
            this.size = size;
            this.fromAlloc = fromAlloc;
        }
    }

    /** Where a tensor's buffer lies. */
    private record Resolved(Tensor tensor, InputBuffer input, OutputBuffer output) {
    }

    /**
     * Assembles the lines of {@code jsonl}.
     *
     * @param name the program's name
     * @param lines the recorder's output, one JSON object per line (a cut-off last line is ignored)
     * @throws RecordException if the recorder reported an error, or the recording breaks a program rule
     */
    static Partial assemble(String name, List<String> lines, EntryInputs inputs, List<Boolean> materialized) {
        RecordingAssembler a = new RecordingAssembler(name, inputs, materialized);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            JsonNode ev;
            try {
                ev = MAPPER.readTree(line);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                if (i == lines.size() - 1) {
                    break;
                }
                throw new RecordException(RecordException.Kind.FAILED, "recorder output line " + (i + 1)
                        + " is not JSON: " + e.getOriginalMessage());
            }
            a.lines++;
            a.accept(ev);
        }
        return new Partial(a);
    }

    /** What the lines held so far; {@link #recording()} makes the program of a finished run. */
    static final class Partial {
        private final RecordingAssembler a;

        private Partial(RecordingAssembler a) {
            this.a = a;
        }

        /** Whether the recorder wrote its final line. */
        boolean done() {
            return a.done;
        }

        /** The recorder's own error line, or null. */
        String error() {
            return a.error;
        }

        /** A short account of what was recorded, for a run that did not finish. */
        String progress() {
            return a.tasks + " tasks, " + a.allocs + " allocs, " + a.reads + " tensor reads recorded ("
                    + a.lines + " calls)" + (a.lastLog == null ? "" : "; last log: " + a.lastLog);
        }

        /**
         * The recording.
         *
         * @throws RecordException if the recorded calls break a rule of the program format
         */
        Recording recording() {
            return a.finish();
        }
    }

    private void accept(JsonNode ev) {
        switch (ev.path("ev").asText()) {
            case "start" -> {
                sidecar.put("clusters", ev.path("clusters").asInt());
                sidecar.put("aivs", ev.path("aivs").asInt());
            }
            case "input" -> input(ev);
            case "config" -> sidecar.put("expected_arg_count", ev.path("expected_arg_count").asInt());
            case "scope_begin" -> scopeBegin(ev);
            case "scope_end" -> {
                if (ev.path("depth").asInt() > 0) {
                    ops.add(new Op.ScopeEnd());
                    depth--;
                }
            }
            case "submit" -> submit(ev);
            case "alloc" -> alloc(ev);
            case "get" -> tensorData(ev, false);
            case "set" -> tensorData(ev, true);
            case "log" -> {
                ObjectNode l = logs.addObject();
                l.put("level", ev.path("level").asText());
                l.put("func", ev.path("func").asText());
                l.put("message", ev.path("msg").asText());
                l.put("before_op", ops.size());
                lastLog = ev.path("level").asText() + " " + ev.path("msg").asText();
            }
            case "fatal" -> {
                ObjectNode f = fatals.addObject();
                f.put("code", ev.path("code").asInt());
                f.put("func", ev.path("func").asText());
                f.put("message", ev.path("msg").asText());
                f.put("before_op", ops.size());
                if (detail.isEmpty()) {
                    detail = "fatal " + ev.path("code").asInt() + " in " + ev.path("func").asText() + ": "
                            + ev.path("msg").asText();
                }
            }
            case "query" -> {
                ObjectNode q = queries.addObject();
                q.put("what", ev.path("what").asText());
                q.put("value", ev.path("value").asInt());
                q.put("before_op", ops.size());
            }
            case "orchestration_done" -> {
            }
            case "done" -> {
                done = true;
                status = ev.path("status").asText();
                otherThreads = Long.parseUnsignedLong(ev.path("calls_from_other_threads").asText("0"));
                if (ev.has("exception")) {
                    detail = ev.path("exception_type").asText() + ": " + ev.path("exception").asText();
                }
                int closed = ev.path("closed_by_recorder").asInt();
                if (closed > 0) {
                    warnings.add(closed + " scope(s) left open by the orchestration were closed by the recorder");
                }
                sidecar.put("scopes_closed_by_recorder", closed);
            }
            case "error" -> error = ev.path("msg").asText();
            default -> {
            }
        }
    }

    private void input(JsonNode ev) {
        int index = ev.path("index").asInt();
        JsonNode t = ev.path("t");
        long addr = u64(t.path("addr"));
        long size = u64(t.path("size"));
        long canonical = CANONICAL_BASE;
        if (!inputBuffers.isEmpty()) {
            InputBuffer last = inputBuffers.get(inputBuffers.size() - 1);
            canonical = (last.canonical() + Math.max(last.size(), 1) + CANONICAL_ALIGN - 1) / CANONICAL_ALIGN
                    * CANONICAL_ALIGN;
        }
        boolean full = index < materialized.size() && materialized.get(index);
        InputBuffer in = new InputBuffer(index, ev.path("name").asText(), addr, size,
                DataType.fromCode(t.path("dt").asInt()), canonical, full);
        inputBuffers.add(in);
        external(addr, size, in.dtype(), in, 0, null);
    }

    private void scopeBegin(JsonNode ev) {
        int d = ev.path("depth").asInt();
        if (d == 0) {
            return;
        }
        ScopeMode mode = ev.path("mode").asInt() == 1 ? ScopeMode.MANUAL : ScopeMode.AUTO;
        ObjectNode s = scopes.addObject();
        s.put("op", ops.size());
        s.put("depth", d);
        s.put("mode", mode.name());
        if (ev.has("file")) {
            s.put("site", ev.path("file").asText() + ":" + ev.path("line").asInt());
        }
        ops.add(new Op.ScopeBegin(mode));
        depth = d;
        scopeCount++;
        maxDepth = Math.max(maxDepth, d);
        if (mode == ScopeMode.MANUAL) {
            manualScopes++;
        }
    }

    private void submit(JsonNode ev) {
        int op = ops.size();
        long id = u64(ev.path("id"));
        List<Arg> args = new ArrayList<>();
        int outputIndex = 0;
        for (JsonNode a : ev.path("args")) {
            TensorArgType type = TensorArgType.values()[a.path("tag").asInt()];
            if (type == TensorArgType.OUTPUT) {
                args.add(outputArg(a, op, outputIndex++, false));
            } else {
                Resolved r = resolve(a.path("t"), op);
                args.add(new Arg.TensorArg(type, r.tensor()));
                if (type != TensorArgType.INPUT) {
                    markWritten(r);
                }
            }
        }
        for (JsonNode s : ev.path("sc")) {
            args.add(new Arg.ScalarArg(u64(s)));
        }
        List<ExplicitDep> deps = new ArrayList<>();
        for (JsonNode d : ev.path("deps")) {
            long dep = u64(d.path("id"));
            Integer producer = opOfTask.get(dep);
            if (producer == null) {
                warnings.add("op " + op + ": explicit dependency on task " + TaskId.display(dep)
                        + ", which no earlier call created; dropped");
                continue;
            }
            int kind = d.path("kind").asInt();
            if (kind != 1 && kind != 3) {
                warnings.add("op " + op + ": explicit dependency with flags " + kind + " recorded as WAIT_RETAIN");
            }
            deps.add(new ExplicitDep(producer, kind == 1 ? DepKind.WAIT : DepKind.WAIT_RETAIN));
            explicitDeps++;
        }
        int[] kernels = new int[3];
        for (int k = 0; k < 3; k++) {
            kernels[k] = ev.path("k").path(k).asInt(-1);
        }
        boolean dummy = ev.path("dummy").asBoolean();
        if (dummy) {
            dummies++;
        }
        int blockNum = Math.max(1, ev.path("bn").asInt(1));
        if (ev.path("bn").asInt(1) < 1) {
            warnings.add("op " + op + ": block_num " + ev.path("bn").asInt() + " recorded as 1");
        }
        attributes(ev, op);
        ops.add(new Op.Submit(kernels, args, deps, blockNum, ev.path("sync").asBoolean(), ev.path("early").asBoolean()));
        opOfTask.put(id, op);
        tasks++;
    }

    private void attributes(JsonNode ev, int op) {
        int slot = ev.path("slot").asInt(-1);
        long dump = u64(ev.path("dump"));
        if (slot >= 0 || dump != 0) {
            ObjectNode t = taskAttributes.addObject();
            t.put("op", op);
            if (slot >= 0) {
                t.put("timing_slot", slot);
            }
            if (dump != 0) {
                t.put("dump_arg_mask", Long.toUnsignedString(dump));
            }
        }
        if (ev.has("pred")) {
            JsonNode p = ev.path("pred");
            ObjectNode o = predicates.addObject();
            o.put("op", op);
            o.put("compare", new String[] {"NONE", "EQ", "NE", "GT", "LT", "GE", "LE"}[Math.min(6,
                    Math.max(0, p.path("op").asInt()))]);
            o.put("target", p.path("target").asLong());
            o.set("indices", p.path("idx"));
            if (p.has("t")) {
                o.set("buffer", bufferInfo(resolve(p.path("t"), op)));
            }
        }
    }

    private Arg.OutputArg outputArg(JsonNode a, int op, int index, boolean fromAlloc) {
        JsonNode ci = a.path("ci");
        JsonNode t = a.path("t");
        Arg.OutputArg out = new Arg.OutputArg(DataType.fromCode(ci.path("dt").asInt()), ints(ci.path("shape")),
                ci.path("md").asBoolean());
        long addr = u64(t.path("addr"));
        long size = u64(t.path("size"));
        if (size > 0) {
            outputs.put(addr, new OutputBuffer(op, index, addr, size, fromAlloc));
        }
        if (ci.has("init")) {
            ObjectNode iv = initialValues.addObject();
            iv.put("op", op);
            iv.put("output", index);
            iv.put("value", ci.path("init").asText());
        }
        return out;
    }

    private void alloc(JsonNode ev) {
        int op = ops.size();
        List<Arg.OutputArg> outs = new ArrayList<>();
        int index = 0;
        for (JsonNode a : ev.path("outs")) {
            outs.add(outputArg(a, op, index++, true));
        }
        ops.add(new Op.AllocTensors(outs));
        opOfTask.put(u64(ev.path("id")), op);
        allocs++;
    }

    private void tensorData(JsonNode ev, boolean write) {
        int op = ops.size();
        Resolved r = resolve(ev.path("t"), op);
        long[] idx = longs(ev.path("idx"));
        String value = ev.path("value").asText();
        ObjectNode d = tensorData.addObject();
        d.put("op", op);
        d.put("kind", write ? "set" : "get");
        d.set("buffer", bufferInfo(r));
        d.set("indices", ev.path("idx"));
        d.put("value", value);
        if (write) {
            writes++;
            ops.add(new Op.SetTensorData(r.tensor(), idx, Long.parseUnsignedLong(value)));
            return;
        }
        reads++;
        String source;
        if (r.input() != null) {
            source = !r.input().materialized() ? "input_not_materialized"
                    : inputWritten.getOrDefault(r.input().index(), false) ? "external_written_by_unexecuted_task"
                    : "external_input";
        } else if (r.output() != null) {
            source = !r.output().fromAlloc ? "runtime_output_not_executed"
                    : r.output().written ? "output_written_by_unexecuted_task" : "alloc_initial_value";
        } else {
            source = "unmapped_address";
        }
        boolean dependent = !source.equals("external_input") && !source.equals("alloc_initial_value");
        if (!ev.path("mem").asText().equals("input") && !ev.path("mem").asText().equals("heap")) {
            source = "unmapped_address";
            dependent = true;
        }
        d.put("value_source", source);
        d.put("data_dependent", dependent);
        if (dependent) {
            dataDependent++;
        }
        ops.add(new Op.GetTensorData(r.tensor(), idx));
    }

    private void markWritten(Resolved r) {
        if (r.input() != null) {
            inputWritten.put(r.input().index(), true);
        } else if (r.output() != null) {
            r.output().written = true;
        }
    }

    private ObjectNode bufferInfo(Resolved r) {
        ObjectNode b = MAPPER.createObjectNode();
        switch (r.tensor().buffer()) {
            case BufferRef.External e -> b.put("external", externals.get(e.index()).name());
            case BufferRef.Output o -> {
                b.put("op", o.op());
                b.put("output", o.output());
            }
        }
        return b;
    }

    /** The program tensor of a recorded ChipTensor, registering its buffer as an external when new. */
    private Resolved resolve(JsonNode t, int op) {
        long addr = u64(t.path("addr"));
        long size = u64(t.path("size"));
        DataType dtype = DataType.fromCode(t.path("dt").asInt());
        if (t.path("as").asInt() != 0) {
            ObjectNode dev = deviceTensors.addObject();
            dev.put("op", op);
            dev.put("address_space", t.path("as").asInt());
        }
        Map.Entry<Long, OutputBuffer> out = outputs.floorEntry(addr);
        BufferRef ref;
        InputBuffer input = null;
        OutputBuffer output = null;
        if (out != null && out.getKey() == addr && out.getValue().size == size) {
            output = out.getValue();
            ref = new BufferRef.Output(output.op, output.index);
        } else {
            for (InputBuffer in : inputBuffers) {
                if (in.contains(addr, size)) {
                    input = in;
                    break;
                }
            }
            ref = new BufferRef.External(external(addr, size, dtype, input, op, out));
        }
        Tensor tensor = new Tensor(ref, dtype, ints(t.path("shape")), longs(t.path("strides")), u64(t.path("off")),
                t.path("ver").asInt(), t.path("md").asBoolean());
        return new Resolved(tensor, input, output);
    }

    private int external(long addr, long size, DataType dtype, InputBuffer input, int op,
            Map.Entry<Long, OutputBuffer> near) {
        String key = Long.toUnsignedString(addr) + ":" + Long.toUnsignedString(size);
        Integer known = externalIndex.get(key);
        if (known != null) {
            return known;
        }
        String extName;
        long canonical;
        ObjectNode info = externalsInfo.addObject();
        if (input != null) {
            long offset = addr - input.addr();
            extName = offset == 0 && size == input.size() ? input.name()
                    : input.name() + "+" + offset + (size == input.size() - offset ? "" : ":" + size);
            canonical = input.canonical() + offset;
            info.put("input", input.index());
            info.put("input_name", input.name());
            info.put("offset_bytes", offset);
        } else {
            extName = "foreign@0x" + Long.toHexString(addr);
            canonical = addr;
            boolean inOutput = near != null && Long.compareUnsigned(addr - near.getKey(), near.getValue().size) < 0;
            warnings.add("op " + op + ": a tensor at 0x" + Long.toHexString(addr) + " (" + Long.toUnsignedString(size)
                    + " bytes) is " + (inOutput ? "inside an output of op " + near.getValue().op
                            + " but not that output's buffer (made with make_tensor_external over runtime memory?)"
                            : "in no entry input and no output")
                    + "; recorded as external " + extName);
            info.put("foreign", true);
        }
        info.put("name", extName);
        int index = externals.size();
        externals.add(new ExternalBuffer(extName, canonical, size, input != null && extName.equals(input.name())
                ? input.dtype() : dtype));
        externalIndex.put(key, index);
        return index;
    }

    private Recording finish() {
        while (depth > 0) {
            ops.add(new Op.ScopeEnd());
            depth--;
        }
        Program program = new Program(name, externals, ops);
        try {
            program.validate();
        } catch (ProgramException e) {
            throw new RecordException(RecordException.Kind.FAILED, "the recorded calls do not make a valid ptosim"
                    + " program: " + e.getMessage(), e);
        }
        RecordSummary summary = new RecordSummary(tasks, dummies, allocs, scopeCount, maxDepth, manualScopes,
                explicitDeps, reads, dataDependent, writes, logs.size(), otherThreads);
        ObjectNode doc = MAPPER.createObjectNode();
        doc.put("format", "ptosim-record/1");
        doc.put("status", status);
        if (!detail.isEmpty()) {
            doc.put("detail", detail);
        }
        ObjectNode s = doc.putObject("summary");
        s.put("tasks", tasks);
        s.put("dummy_tasks", dummies);
        s.put("allocs", allocs);
        s.put("scopes", scopeCount);
        s.put("max_depth", maxDepth);
        s.put("manual_scopes", manualScopes);
        s.put("explicit_deps", explicitDeps);
        s.put("tensor_reads", reads);
        s.put("data_dependent_reads", dataDependent);
        s.put("tensor_writes", writes);
        s.put("logs", logs.size());
        s.put("calls_from_other_threads", otherThreads);
        doc.setAll(sidecar);
        ArrayNode in = doc.putArray("inputs");
        for (int i = 0; i < inputs.tensors().size(); i++) {
            EntryInputs.Tensor t = inputs.tensors().get(i);
            ObjectNode o = in.addObject();
            o.put("name", t.name());
            o.put("dtype", t.dtype().name());
            ArrayNode shape = o.putArray("shape");
            for (int d : t.shape()) {
                shape.add(d);
            }
            o.put("data", t.data().describe());
            o.put("materialized", i < materialized.size() && materialized.get(i));
        }
        ArrayNode sc = doc.putArray("scalars");
        inputs.scalars().forEach(v -> sc.add(Long.toUnsignedString(v)));
        doc.set("externals", externalsInfo);
        doc.set("scopes", scopes);
        doc.set("tensor_data", tensorData);
        doc.set("predicates", predicates);
        doc.set("initial_values", initialValues);
        doc.set("task_attributes", taskAttributes);
        doc.set("device_tensors", deviceTensors);
        doc.set("queries", queries);
        doc.set("fatal", fatals);
        doc.set("logs", logs);
        ArrayNode w = doc.putArray("warnings");
        warnings.forEach(w::add);
        return new Recording(program, doc, summary, status, detail, warnings);
    }

    private static long u64(JsonNode n) {
        String s = n.asText("0");
        return s.isEmpty() ? 0 : Long.parseUnsignedLong(s);
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    private static long[] longs(JsonNode a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asLong();
        }
        return out;
    }
}
