package io.ptosim.traces;

import io.ptosim.trace.TraceEvent;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A child process for {@link TempFilesTest}: starts writing a trace into the folder it is given, says
 * {@code writing} on standard output, then waits on standard input until it is interrupted.
 */
public final class InterruptedWriter {
    private InterruptedWriter() {
    }

    /** {@code args[0]}: the folder. */
    public static void main(String[] args) throws IOException {
        PtraceWriter w = new PtraceWriter(Path.of(args[0]).resolve("run.ptrace"), PtraceFormatTest.HEADER, true);
        PtraceFormatTest.EVENTS.forEach(w::accept);
        System.out.println("writing");
        System.out.flush();
        System.in.read();
    }
}
