package io.ptosim.traces;

/** Any trace file ptosim reads; {@link TraceFormat} says which reader makes which. */
public sealed interface TraceFile permits PtraceFile, DepsGraph, SwimlaneRecords, PerfettoTrace, NameMap,
        ScopeStats {
    /** The file name reports use. */
    String source();
}
