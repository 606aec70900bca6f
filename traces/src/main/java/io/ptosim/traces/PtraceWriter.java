package io.ptosim.traces;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ptosim.trace.TraceEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Streams a run's events to a ptosim trace file (docs/trace-format.md): the header line, one line per
 * event, and a closing line with the event count and the run's digest; gzip (fastest level) unless
 * turned off. Nothing is kept in memory beyond a buffer. The file appears only when {@link #finish}
 * succeeds: until then it is a temporary file beside it, which {@link #close} without finish deletes.
 */
public final class PtraceWriter implements TraceWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path target;
    private final AtomicFile file;
    private final Writer out;
    private final StringBuilder line = new StringBuilder(128);
    private long events;
    private boolean finished;

    /**
     * Starts a trace at {@code target}.
     *
     * @throws UncheckedIOException if the temporary file cannot be created
     */
    public PtraceWriter(Path target, PtraceHeader header, boolean gzip) {
        this.target = target;
        this.file = new AtomicFile(target);
        try {
            OutputStream raw = file.open();
            OutputStream stream = gzip ? new FastGzip(raw) : raw;
            this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
            out.write(headerLine(header));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** The header as its JSON line. */
    static String headerLine(PtraceHeader h) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("format", PtraceHeader.FORMAT);
        o.put("version", PtraceHeader.VERSION);
        o.put("ptosim", h.ptosimVersion());
        ObjectNode program = o.putObject("program");
        program.put("workload", h.workload());
        program.put("case", h.caseName());
        program.put("variant", h.variant());
        program.put("digest", h.programDigest());
        o.put("platform", h.platform());
        ObjectNode settings = o.putObject("settings");
        h.settings().forEach(settings::put);
        o.put("backend", h.backend());
        o.put("seed", Long.toUnsignedString(h.seed()));
        o.put("timing_only", h.timingOnly());
        return o.toString();
    }

    @Override
    public void accept(TraceEvent event) {
        line.setLength(0);
        EventCodec.format(event, line);
        line.append('\n');
        try {
            out.append(line);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
        events++;
    }

    /** Events written so far. */
    public long events() {
        return events;
    }

    @Override
    public String contents() {
        return events + " events";
    }

    /** Writes the closing line with the run's digest and moves the file into place. */
    @Override
    public void finish(String digest) {
        try {
            out.write("end " + events + " " + digest + "\n");
            out.close();
            file.commit();
            finished = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Discards the temporary file unless {@link #finish} ran. */
    @Override
    public void close() {
        if (!finished) {
            file.abandon(out);
        }
    }

    /** Gzip at the fastest level: a trace is written once per run and read rarely. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
