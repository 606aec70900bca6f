package io.ptosim.traces;

/**
 * simpler's {@code scope_stats.jsonl}: a header line (version, ring limits) and one record per scope
 * event.
 *
 * @param source the file
 * @param version the format version its header states
 * @param records the records after the header
 */
public record ScopeStats(String source, int version, int records) implements TraceFile {
}
