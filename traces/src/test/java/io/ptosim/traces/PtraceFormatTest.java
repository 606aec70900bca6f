package io.ptosim.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptosim.trace.TraceEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ptosim trace file: every event kind round-trips, and every malformed file fails on one clear line. */
class PtraceFormatTest {
    @TempDir
    Path tmp;

    static final PtraceHeader HEADER = new PtraceHeader("9.9", "vector-example", "default", "auto",
            "0123456789abcdef", "a5", Map.of("topology.schedulerThreads", "2", "core.coldStartNs", "10"), "sim", -3,
            true);

    /** One event of every kind, with text that needs escaping. */
    static final List<TraceEvent> EVENTS = List.of(
            new TraceEvent.Scope(1000, true, 1),
            new TraceEvent.Allocated(1000, 2000, 1, 4294967296L),
            new TraceEvent.Submitted(2000, 3000, 2, 4294967297L, -1, 3, -1, 2, 5),
            new TraceEvent.EdgeWired(3000, 4294967296L, 4294967297L),
            new TraceEvent.Ready(3500, 4294967297L),
            new TraceEvent.Dispatched(3600, 1, 4294967297L, 1, 27, 4000, 9000),
            new TraceEvent.Blocked(3700, "heap (ring 1)"),
            new TraceEvent.Unblocked(9100, "heap (ring 1)"),
            new TraceEvent.Completed(9600, 1, 4294967297L),
            new TraceEvent.Released(9700, 1, 4294967297L),
            new TraceEvent.WatermarkAdvanced(9700, 1, 2),
            new TraceEvent.Scope(9800, false, 0),
            new TraceEvent.Stopped(9900, 7, "line one\nline two \\ back\rslash"),
            new TraceEvent.HighWater(9900, 2, 13, 16384, "task window"),
            new TraceEvent.HighWater(9900, -1, 40, 65536, "tensormap"));

    private Path write(boolean gzip) {
        Path file = tmp.resolve(gzip ? "t.ptrace" : "t.txt");
        try (PtraceWriter w = new PtraceWriter(file, HEADER, gzip)) {
            EVENTS.forEach(w::accept);
            w.finish("00ff00ff00ff00ff");
        }
        return file;
    }

    @Test
    void everyEventKindAndTheHeaderRoundTripGzippedAndPlain() {
        for (boolean gzip : new boolean[] {true, false}) {
            Path file = write(gzip);
            assertThat(PtraceReader.looksLike(file)).isTrue();
            try (PtraceReader r = PtraceReader.open(file)) {
                assertThat(r.header()).isEqualTo(HEADER);
                List<TraceEvent> read = new ArrayList<>();
                r.events().forEach(read::add);
                assertThat(read).isEqualTo(EVENTS);
                assertThat(r.endDigest()).isEqualTo("00ff00ff00ff00ff");
            }
        }
    }

    @Test
    void theRegistryKnowsATraceByItsFirstBytesAndReadsOnlyItsHeader() {
        for (boolean gzip : new boolean[] {true, false}) {
            Path file = write(gzip);
            assertThat(TraceFormat.read(file)).isEqualTo(new PtraceFile(file, HEADER));
        }
    }

    @Test
    void theTextFormIsOneLinePerEventWithTheSeedUnsigned() throws IOException {
        List<String> lines = Files.readAllLines(write(false));
        assertThat(lines).hasSize(EVENTS.size() + 2);
        assertThat(lines.get(0)).contains("\"seed\":\"18446744073709551613\"", "\"format\":\"ptosim-trace\"",
                "\"version\":3");
        assertThat(lines.get(3)).isEqualTo("submit 2000 3000 2 4294967297 -1 3 -1 2 5");
        assertThat(lines.get(13)).isEqualTo("stop 9900 7 line one\\nline two \\\\ back\\rslash");
        assertThat(lines.get(14)).isEqualTo("high_water 9900 2 13 16384 task window");
        assertThat(lines.get(15)).isEqualTo("high_water 9900 -1 40 65536 tensormap");
        assertThat(lines.get(16)).isEqualTo("end 15 00ff00ff00ff00ff");
    }

    @Test
    void anUnfinishedWriterLeavesNoFile() throws IOException {
        Path file = tmp.resolve("never.ptrace");
        try (PtraceWriter w = new PtraceWriter(file, HEADER, true)) {
            w.accept(EVENTS.get(0));
        }
        assertThat(file).doesNotExist();
        try (var listing = Files.list(tmp)) {
            assertThat(listing).isEmpty();
        }
    }

    private Path plain(String name, String... lines) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    private static String header() {
        return PtraceWriter.headerLine(HEADER);
    }

    private static void readAll(Path file) {
        try (PtraceReader r = PtraceReader.open(file)) {
            r.events().forEach(e -> { });
        }
    }

    @Test
    void malformedTracesFailNamingFileLineAndField() throws IOException {
        assertThatThrownBy(() -> readAll(plain("a", header(), "ready 5 x", "end 1 d")))
                .hasMessage(tmp.resolve("a") + ": line 2: task: expected a 64-bit integer, got 'x'");
        assertThatThrownBy(() -> readAll(plain("b", header(), "ready 5 7")))
                .hasMessage(tmp.resolve("b") + ": line 3: truncated: the trace ends without its closing 'end' line"
                        + " after 1 events");
        assertThatThrownBy(() -> readAll(plain("c", header(), "ready 5 7", "end 2 d")))
                .hasMessage(tmp.resolve("c") + ": line 3: events: the closing line counts 2 events, the file holds 1");
        assertThatThrownBy(() -> readAll(plain("d", header(), "warp 5 7", "end 1 d")))
                .hasMessageStartingWith(tmp.resolve("d") + ": line 2: tag: expected an event tag");
        assertThatThrownBy(() -> readAll(plain("e", header(), "ready 5 7 8", "end 1 d")))
                .hasMessage(tmp.resolve("e") + ": line 2: unexpected field '8' after the event");
        assertThatThrownBy(() -> readAll(plain("f", header().replace("\"version\":3", "\"version\":2"), "end 0 d")))
                .hasMessage(tmp.resolve("f") + ": line 1 (header): version: this ptosim reads ptosim-trace version 3,"
                        + " the file is version 2");
        assertThatThrownBy(() -> readAll(plain("g", header().replace("\"backend\":\"sim\",", ""), "end 0 d")))
                .hasMessage(tmp.resolve("g") + ": line 1 (header): backend: missing");
        assertThatThrownBy(() -> readAll(plain("h", header().replace("\"seed\":\"18446744073709551613\"", "\"seed\":3"),
                "end 0 d"))).hasMessage(tmp.resolve("h") + ": line 1 (header): seed: expected an unsigned 64-bit value"
                        + " as a decimal string, got 3");
        assertThatThrownBy(() -> readAll(plain("i", "{\"format\":\"other\"}")))
                .hasMessage(tmp.resolve("i") + ": line 1 (header): format: expected \"ptosim-trace\", got \"other\"");
    }

    @Test
    void aTruncatedGzipStreamIsNamedAsSuch() throws IOException {
        byte[] whole = Files.readAllBytes(write(true));
        Path cut = tmp.resolve("cut.ptrace");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 12));
        assertThatThrownBy(() -> readAll(cut)).isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(cut + ": truncated or corrupt gzip stream after line");
        Path stub = tmp.resolve("stub.ptrace");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(stub))) {
            out.write(header().getBytes(StandardCharsets.UTF_8));
        }
        Files.write(stub, Arrays.copyOf(Files.readAllBytes(stub), 6));
        assertThatThrownBy(() -> readAll(stub)).isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(stub.toString());
    }
}
