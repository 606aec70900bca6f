package io.ptosim.traces;

import java.util.Map;

/**
 * A Chrome/Perfetto trace-event document: simpler's {@code merged_swimlane.json} and what
 * {@code ptosim run --perfetto} writes. ptosim reads it to recognise and summarise it, not to replay it.
 *
 * @param source the file
 * @param events trace events in it
 * @param phases how many events of each phase ({@code X} slices, {@code M} metadata, {@code s}/{@code f} arrows, ...)
 */
public record PerfettoTrace(String source, int events, Map<String, Integer> phases) implements TraceFile {
    /** Copies the counts. */
    public PerfettoTrace {
        phases = Map.copyOf(phases);
    }
}
