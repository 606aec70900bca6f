package io.ptosim.traces;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ptosim.trace.TraceEvent;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Streams a ptosim trace back (docs/trace-format.md), gzipped or plain: the header, then one event per
 * {@link #next} call, checking every line. A malformed file fails with one line naming the file, the
 * line number and the field: a truncated gzip stream, a missing closing line, a wrong format version,
 * a missing header key, an unknown event tag, a count that disagrees with the events read.
 */
public final class PtraceReader implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String source;
    private final BufferedReader in;
    private final PtraceHeader header;
    private long lineNo = 1;
    private long events;
    private boolean ended;
    private String endDigest;

    private PtraceReader(Path file, BufferedReader in) {
        this.source = file.toString();
        this.in = in;
        this.header = parseHeader(readLine());
    }

    /**
     * Opens a trace and reads its header.
     *
     * @throws TraceFormatException if the file is not a readable ptosim trace
     */
    public static PtraceReader open(Path file) {
        try {
            InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            InputStream stream = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
            var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            return new PtraceReader(file, new BufferedReader(new InputStreamReader(stream, decoder), 1 << 16));
        } catch (EOFException | ZipException e) {
            throw new TraceFormatException(file + ": not a complete gzip stream: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TraceFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Whether a file starts like a ptosim trace (gzip magic, or the plain header's start). */
    public static boolean looksLike(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(32);
            return head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b
                    || new String(head, StandardCharsets.UTF_8).startsWith("{\"format\":\"" + PtraceHeader.FORMAT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The run the trace records. */
    public PtraceHeader header() {
        return header;
    }

    /** The file name errors use. */
    public String source() {
        return source;
    }

    /**
     * The next event, or null after the last (the closing line, whose count must match).
     *
     * @throws TraceFormatException at a malformed or missing line
     */
    public TraceEvent next() {
        if (ended) {
            return null;
        }
        String line = readLine();
        String where = source + ": line " + (line == null ? lineNo + 1 : lineNo);
        if (line == null) {
            throw new TraceFormatException(where + ": truncated: the trace ends without its closing 'end' line after "
                    + events + " events");
        }
        if (line.startsWith("end ")) {
            String[] parts = line.split(" ");
            if (parts.length != 3) {
                throw new TraceFormatException(where + ": expected 'end <events> <digest>', got '" + line + "'");
            }
            if (!parts[1].equals(Long.toString(events))) {
                throw new TraceFormatException(where + ": events: the closing line counts " + parts[1] + " events, the"
                        + " file holds " + events);
            }
            endDigest = parts[2];
            ended = true;
            return null;
        }
        TraceEvent e = EventCodec.parse(line, where);
        events++;
        return e;
    }

    /** Every remaining event, for a for-each loop (reads lazily; errors as {@link #next}). */
    public Iterable<TraceEvent> events() {
        return () -> new Iterator<>() {
            private TraceEvent pending = PtraceReader.this.next();

            @Override
            public boolean hasNext() {
                return pending != null;
            }

            @Override
            public TraceEvent next() {
                if (pending == null) {
                    throw new java.util.NoSuchElementException();
                }
                TraceEvent e = pending;
                pending = PtraceReader.this.next();
                return e;
            }
        };
    }

    /** The run's digest from the closing line (null until it was read). */
    public String endDigest() {
        return endDigest;
    }

    private String readLine() {
        try {
            String line = in.readLine();
            if (line != null) {
                lineNo++;
            }
            return line;
        } catch (CharacterCodingException e) {
            throw new TraceFormatException(source + ": line " + lineNo + ": not UTF-8 text", e);
        } catch (EOFException | ZipException e) {
            throw new TraceFormatException(source + ": truncated or corrupt gzip stream after line " + (lineNo - 1) + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new TraceFormatException(source + ": cannot read after line " + (lineNo - 1) + ": " + e.getMessage(), e);
        }
    }

    private PtraceHeader parseHeader(String line) {
        lineNo = 1;
        String where = source + ": line 1 (header)";
        if (line == null) {
            throw new TraceFormatException(where + ": empty file; expected a ptosim trace header");
        }
        JsonNode h;
        try {
            h = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new TraceFormatException(where + ": not a JSON object: " + JsonFields.oneLine(e.getOriginalMessage()), e);
        }
        JsonFields f = new JsonFields(where);
        if (h == null || !h.isObject()) {
            throw f.error("(header)", "a JSON object", h);
        }
        if (!PtraceHeader.FORMAT.equals(f.text(h, "format", ""))) {
            throw f.error("format", "\"" + PtraceHeader.FORMAT + "\"", h.get("format"));
        }
        int version = f.integer(h, "version", "");
        if (version != PtraceHeader.VERSION) {
            throw f.invalid("version", "this ptosim reads ptosim-trace version " + PtraceHeader.VERSION + ", the file is"
                    + " version " + version);
        }
        JsonNode program = f.object(h, "program", "");
        JsonNode settingsNode = f.object(h, "settings", "");
        Map<String, String> settings = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> s : settingsNode.properties()) {
            if (!s.getValue().isTextual()) {
                throw f.error("settings." + s.getKey(), "a string", s.getValue());
            }
            settings.put(s.getKey(), s.getValue().asText());
        }
        return new PtraceHeader(f.text(h, "ptosim", ""), f.text(program, "workload", "program"),
                f.text(program, "case", "program"), f.text(program, "variant", "program"),
                f.text(program, "digest", "program"), f.text(h, "platform", ""), settings, f.text(h, "backend", ""),
                f.u64Text(h, "seed", ""), f.bool(h, "timing_only", ""));
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
