package io.ptosim.traces;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The registry of trace formats ptosim reads: each has one reader class and a test that recognises its
 * documents, so a new format is one reader and one line here. The ptosim trace is told apart by its
 * first bytes (it is streamed, never parsed whole); the JSON formats by the keys of the document. An
 * argument {@code FORMAT:PATH} ({@link FormatOverride}) skips the recognising and uses that reader.
 */
public enum TraceFormat {
    /** ptosim's own event trace (docs/trace-format.md). */
    PTOSIM_TRACE("ptosim trace (.ptrace)", root -> false, null),
    /** simpler's dep_gen task graph (traces.md §1). */
    DEPS_JSON("deps.json", DepsJsonReader::looksLike, DepsJsonReader::parse),
    /** simpler's raw chip swimlane timing records (traces.md §2). */
    SWIMLANE_RECORDS("chip_swimlane_records.json", SwimlaneReader::looksLike, SwimlaneReader::parse),
    /** A trace-event document: simpler's merged_swimlane.json, ptosim's --perfetto output (read to recognise it). */
    PERFETTO("Perfetto trace-event JSON (merged_swimlane.json, --perfetto)", PerfettoReader::looksLike,
            PerfettoReader::parse),
    /** simpler's callable-id-to-name map for its swimlane tools. */
    NAME_MAP("name_map_*.json", NameMapReader::looksLike, NameMapReader::parse),
    /** simpler's scope statistics, JSON lines (told apart by its first line). */
    SCOPE_STATS("scope_stats.jsonl", root -> false, null);

    private final String label;
    private final Predicate<JsonNode> recognises;
    private final BiFunction<JsonNode, String, ? extends TraceFile> reader;

    TraceFormat(String label, Predicate<JsonNode> recognises, BiFunction<JsonNode, String, ? extends TraceFile> reader) {
        this.label = label;
        this.recognises = recognises;
        this.reader = reader;
    }

    /** The format's usual file name. */
    public String label() {
        return label;
    }

    /**
     * Reads {@code file} with the reader of whichever format it is.
     *
     * @throws TraceFormatException if it is unreadable, of no known format, or malformed for its format
     */
    public static TraceFile read(Path file) {
        FormatOverride named = FormatOverride.of(file);
        if (named.format() != null) {
            return read(named);
        }
        if (PtraceReader.looksLike(file)) {
            return PtraceFile.read(file);
        }
        if (ScopeStatsReader.looksLike(file)) {
            return ScopeStatsReader.read(file);
        }
        JsonNode root = JsonFields.readTree(file);
        return detect(root, file.toString()).reader.apply(root, file.toString());
    }

    /** Reads a {@code FORMAT:PATH} argument with the named format's reader, recognising nothing. */
    private static TraceFile read(FormatOverride named) {
        Path file = named.file();
        return switch (named.format()) {
            case "ptrace" -> PtraceFile.read(file);
            case "scope-stats" -> ScopeStatsReader.read(file);
            case "deps" -> DEPS_JSON.reader.apply(JsonFields.readTree(file), file.toString());
            case "swimlane" -> SWIMLANE_RECORDS.reader.apply(JsonFields.readTree(file), file.toString());
            case "perfetto" -> PERFETTO.reader.apply(JsonFields.readTree(file), file.toString());
            case "name-map" -> NAME_MAP.reader.apply(JsonFields.readTree(file), file.toString());
            default -> throw named.notFor("a trace format", FormatOverride.NAMES.subList(0, 6));
        };
    }

    /** The format {@code file} was read as. */
    public static TraceFormat of(TraceFile file) {
        return switch (file) {
            case PtraceFile p -> PTOSIM_TRACE;
            case DepsGraph d -> DEPS_JSON;
            case SwimlaneRecords s -> SWIMLANE_RECORDS;
            case PerfettoTrace p -> PERFETTO;
            case NameMap n -> NAME_MAP;
            case ScopeStats s -> SCOPE_STATS;
        };
    }

    /** The format of a document; {@code source} names it in the error when none fits. */
    public static TraceFormat detect(JsonNode root, String source) {
        for (TraceFormat f : values()) {
            if (f.recognises.test(root)) {
                return f;
            }
        }
        throw new TraceFormatException(source + ": not a trace ptosim reads; expected one of "
                + Arrays.stream(values()).map(TraceFormat::label).collect(Collectors.joining(", ")));
    }
}
