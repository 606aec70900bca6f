package io.ptosim.traces;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Chrome trace-event JSON (what Perfetto and chrome://tracing load), written one event at a time with
 * Jackson's streaming generator: {@code {"traceEvents":[...],"metadata":{...}}}, one event per line.
 * Times are virtual nanoseconds, written as exact decimal microseconds, so every reader gets the same
 * integral nanoseconds back and adjacent slices never overlap by a rounding error.
 */
final class TraceEventJson implements Closeable {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** Writes a slice's or an event's {@code args} fields. */
    @FunctionalInterface
    interface Args {
        void write(JsonGenerator g) throws IOException;
    }

    private final JsonGenerator g;
    private long events;

    /** Starts the document on {@code out}, in UTF-8. */
    TraceEventJson(OutputStream out) throws IOException {
        this.g = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        g.setPrettyPrinter(new EventPerLine());
        g.writeStartObject();
        g.writeArrayFieldStart("traceEvents");
    }

    /** Events written, not counting the process and thread names. */
    long events() {
        return events;
    }

    /** Names process {@code pid} and sets its place among the processes. */
    void process(int pid, String name, int sortIndex) throws IOException {
        metadata(pid, -1, "process_name", g -> g.writeStringField("name", name));
        metadata(pid, -1, "process_sort_index", g -> g.writeNumberField("sort_index", sortIndex));
    }

    /** Names thread (track) {@code tid} of {@code pid} and sets its place in the process. */
    void thread(int pid, int tid, String name, int sortIndex) throws IOException {
        metadata(pid, tid, "thread_name", g -> g.writeStringField("name", name));
        metadata(pid, tid, "thread_sort_index", g -> g.writeNumberField("sort_index", sortIndex));
    }

    /** A metadata event ({@code ph:"M"}) of a process, or of a thread when {@code tid >= 0}. */
    private void metadata(int pid, int tid, String kind, Args args) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", kind);
        g.writeStringField("ph", "M");
        g.writeNumberField("pid", pid);
        if (tid >= 0) {
            g.writeNumberField("tid", tid);
        }
        args(args);
        g.writeEndObject();
    }

    /** A complete slice ({@code ph:"X"}) from {@code startNs} to {@code endNs}. */
    void slice(int pid, int tid, String cat, String name, long startNs, long endNs, Args args) throws IOException {
        begin(pid, tid, "X", cat, name, startNs);
        g.writeFieldName("dur");
        g.writeNumber(micros(endNs - startNs));
        args(args);
        g.writeEndObject();
    }

    /** An instant ({@code ph:"i"}) of scope {@code scope}: {@code t} thread, {@code p} process, {@code g} global. */
    void instant(int pid, int tid, String cat, String name, String scope, long atNs, Args args) throws IOException {
        begin(pid, tid, "i", cat, name, atNs);
        g.writeStringField("s", scope);
        args(args);
        g.writeEndObject();
    }

    /**
     * A flow arrow {@code id}: its start binds to the slice open at {@code fromNs} on the first track,
     * its end ({@code bp:"e"}) to the slice enclosing {@code toNs} on the second.
     */
    void flow(long id, String name, int fromPid, int fromTid, long fromNs, int toPid, int toTid, long toNs)
            throws IOException {
        begin(fromPid, fromTid, "s", "flow", name, fromNs);
        g.writeNumberField("id", id);
        g.writeEndObject();
        begin(toPid, toTid, "f", "flow", name, toNs);
        g.writeNumberField("id", id);
        g.writeStringField("bp", "e");
        g.writeEndObject();
    }

    /** A sample of counter {@code name}'s series {@code series} in process {@code pid}. */
    void counter(int pid, String name, String series, long value, long atNs) throws IOException {
        begin(pid, 0, "C", "counter", name, atNs);
        g.writeObjectFieldStart("args");
        g.writeNumberField(series, value);
        g.writeEndObject();
        g.writeEndObject();
    }

    private void begin(int pid, int tid, String ph, String cat, String name, long atNs) throws IOException {
        events++;
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("cat", cat);
        g.writeStringField("ph", ph);
        g.writeNumberField("pid", pid);
        g.writeNumberField("tid", tid);
        g.writeFieldName("ts");
        g.writeNumber(micros(atNs));
    }

    private void args(Args args) throws IOException {
        if (args != null) {
            g.writeObjectFieldStart("args");
            args.write(g);
            g.writeEndObject();
        }
    }

    /** Ends the event list, writes the top-level {@code metadata} object and closes the generator (and its stream). */
    void finish(Args metadata) throws IOException {
        g.writeEndArray();
        g.writeObjectFieldStart("metadata");
        metadata.write(g);
        g.writeEndObject();
        g.writeEndObject();
        g.writeRaw('\n');
        g.close();
    }

    /** Closes the generator and its stream without completing the document. */
    @Override
    public void close() throws IOException {
        g.close();
    }

    /** {@code ns} (>= 0) as decimal microseconds, without trailing zeros: 1234500 -> "1234.5". */
    static String micros(long ns) {
        long whole = ns / 1000;
        int frac = (int) (ns % 1000);
        if (frac == 0) {
            return Long.toString(whole);
        }
        StringBuilder b = new StringBuilder(24).append(whole).append('.').append((char) ('0' + frac / 100));
        if (frac % 100 != 0) {
            b.append((char) ('0' + frac / 10 % 10));
            if (frac % 10 != 0) {
                b.append((char) ('0' + frac % 10));
            }
        }
        return b.toString();
    }

    /** Compact JSON with a line break before each element of the top-level event list. */
    private static final class EventPerLine extends MinimalPrettyPrinter {
        private static final long serialVersionUID = 1L;

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            if (topLevel(g)) {
                g.writeRaw('\n');
            }
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(topLevel(g) ? ",\n" : ",");
        }

        @Override
        public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
            if (topLevel(g) && nrOfValues > 0) {
                g.writeRaw('\n');
            }
            g.writeRaw(']');
        }

        /** In the event list: the array at depth 2, inside the document's object. */
        private static boolean topLevel(JsonGenerator g) {
            return g.getOutputContext().inArray() && g.getOutputContext().getNestingDepth() == 2;
        }
    }
}
