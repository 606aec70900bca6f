package io.ptosim.traces;

import java.nio.file.Path;

/**
 * A ptosim trace found by {@link TraceFormat}: its file and header. The events are streamed, never
 * loaded: {@link #open} reads them.
 *
 * @param file the trace file
 * @param header what it records about its run
 */
public record PtraceFile(Path file, PtraceHeader header) implements TraceFile {
    /** Reads the header of {@code file}; errors as {@link PtraceReader#open}. */
    static PtraceFile read(Path file) {
        try (PtraceReader r = PtraceReader.open(file)) {
            return new PtraceFile(file, r.header());
        }
    }

    /** A reader positioned after the header. */
    public PtraceReader open() {
        return PtraceReader.open(file);
    }

    @Override
    public String source() {
        return file.toString();
    }
}
