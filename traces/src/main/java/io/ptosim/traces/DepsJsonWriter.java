package io.ptosim.traces;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ptosim.runtime.DepEdge;
import io.ptosim.runtime.SubmitRecord;
import io.ptosim.runtime.TaskArg;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.runtime.TensorView;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes {@code deps.json} exactly as the reference does (traces.md §1): one compact object with keys
 * {@code tasks}, {@code tensors}, {@code edges} in that order, 64-bit values as unsigned decimal
 * strings, a single trailing newline, {@code NO_DEP} args typed {@code "UNKNOWN"}, OUTPUT args without
 * tensor fields. An edge from a tracked reader (the reader-tracking what-if) is a {@code tensormap} edge
 * that also carries {@code "hazard": "WAR"} and {@code "access_kind": "READER"}, as the reference's
 * proposal (simpler PR #1810) labels it; without reader tracking no edge has them.
 */
public final class DepsJsonWriter {
    private static final JsonFactory FACTORY = new JsonFactory();

    private DepsJsonWriter() {
    }

    /** The document for these submits and the edges derived from them. */
    public static String toJson(List<SubmitRecord> submits, List<DepEdge> edges) {
        StringWriter out = new StringWriter();
        try {
            write(submits, edges, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes the document to {@code file} through a temporary file, so a failure leaves nothing half-written. */
    public static void write(List<SubmitRecord> submits, List<DepEdge> edges, Path file) throws IOException {
        AtomicFile out = new AtomicFile(file);
        try {
            try (Writer w = new BufferedWriter(new OutputStreamWriter(out.open(), StandardCharsets.UTF_8), 1 << 16)) {
                write(submits, edges, w);
            }
            out.commit();
        } finally {
            out.discard();
        }
    }

    private static void write(List<SubmitRecord> submits, List<DepEdge> edges, Writer out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("tasks");
            for (SubmitRecord s : submits) {
                task(g, s);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("tensors");
            Set<Long> seen = new LinkedHashSet<>();
            for (SubmitRecord s : submits) {
                for (TaskArg a : s.args()) {
                    if (a.type() != TensorArgType.OUTPUT
                            && seen.add(TensorId.of(a.view().bufferAddr(), a.view().version()))) {
                        tensor(g, a.view());
                    }
                }
            }
            g.writeEndArray();
            g.writeArrayFieldStart("edges");
            for (DepEdge e : edges) {
                edge(g, e);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    private static void task(JsonGenerator g, SubmitRecord s) throws IOException {
        g.writeStartObject();
        g.writeStringField("task_id", Long.toUnsignedString(s.taskId()));
        g.writeStringField("scope", s.manualScope() ? "manual" : "auto");
        g.writeBooleanField("early_dispatch", s.earlyDispatch());
        g.writeArrayFieldStart("kernel_ids");
        for (int k : s.kernelIds()) {
            g.writeNumber(k);
        }
        g.writeEndArray();
        g.writeNumberField("block_num", s.blockNum());
        g.writeArrayFieldStart("args");
        List<TaskArg> args = s.args();
        for (int i = 0; i < args.size(); i++) {
            TaskArg a = args.get(i);
            g.writeStartObject();
            g.writeNumberField("idx", i);
            g.writeStringField("type", a.type() == TensorArgType.NO_DEP ? "UNKNOWN" : a.type().name());
            if (a.type() != TensorArgType.OUTPUT) {
                TensorView v = a.view();
                g.writeStringField("tensor_id", TensorId.string(v.bufferAddr(), v.version()));
                g.writeStringField("dtype", v.dtype().name());
                shape(g, "shape", v);
                g.writeStringField("start_offset", Long.toUnsignedString(v.startOffset()));
                strides(g, "strides", v);
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void tensor(JsonGenerator g, TensorView v) throws IOException {
        g.writeStartObject();
        g.writeStringField("tensor_id", TensorId.string(v.bufferAddr(), v.version()));
        g.writeStringField("buffer_addr", Long.toUnsignedString(v.bufferAddr()));
        g.writeNumberField("version", v.version());
        g.writeStringField("dtype", v.dtype().name());
        g.writeStringField("buffer_numel", Long.toUnsignedString(v.bufferNumel()));
        g.writeEndObject();
    }

    private static void edge(JsonGenerator g, DepEdge e) throws IOException {
        g.writeStartObject();
        g.writeStringField("pred", Long.toUnsignedString(e.pred()));
        g.writeStringField("succ", Long.toUnsignedString(e.succ()));
        g.writeNumberField("arg", e.arg());
        g.writeStringField("source", e.fromTensorMap() ? "tensormap" : e.source().name().toLowerCase(Locale.ROOT));
        g.writeArrayFieldStart("flags");
        g.writeString("wait");
        if (e.retains()) {
            g.writeString("retain");
        }
        g.writeEndArray();
        if (e.source() != DepEdge.Source.EXPLICIT) {
            if (e.fromTensorMap()) {
                g.writeStringField("overlap", e.overlap().name().toLowerCase(Locale.ROOT));
                if (e.source() == DepEdge.Source.TENSORMAP_READER) {
                    g.writeStringField("hazard", "WAR");
                    g.writeStringField("access_kind", "READER");
                }
                g.writeStringField("tensor_id", TensorId.string(e.producer().bufferAddr(), e.producer().version()));
            } else {
                g.writeStringField("tensor_id", TensorId.string(e.consumer().bufferAddr(), e.consumer().version()));
            }
            TensorView c = e.consumer();
            g.writeStringField("consumer_dtype", c.dtype().name());
            shape(g, "consumer_shape", c);
            g.writeStringField("consumer_start_offset", Long.toUnsignedString(c.startOffset()));
            strides(g, "consumer_strides", c);
            if (e.fromTensorMap()) {
                TensorView p = e.producer();
                shape(g, "producer_shape", p);
                g.writeStringField("producer_start_offset", Long.toUnsignedString(p.startOffset()));
                strides(g, "producer_strides", p);
            }
        }
        g.writeEndObject();
    }

    private static void shape(JsonGenerator g, String name, TensorView v) throws IOException {
        g.writeArrayFieldStart(name);
        for (int i = 0; i < v.ndims(); i++) {
            g.writeNumber(v.shape(i));
        }
        g.writeEndArray();
    }

    private static void strides(JsonGenerator g, String name, TensorView v) throws IOException {
        g.writeArrayFieldStart(name);
        for (int i = 0; i < v.ndims(); i++) {
            g.writeNumber(v.stride(i));
        }
        g.writeEndArray();
    }
}
