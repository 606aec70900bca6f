package io.ptosim.traces;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One section of a file whose sections fill up in an interleaved order: its lines go to a hidden
 * temporary file beside the target, and are copied into the target in one piece when it is written.
 * Nothing but a buffer stays in memory.
 */
final class Spool implements AutoCloseable {
    private final Path path;
    private final Writer out;
    private long lines;

    /** A spool for section {@code section} of {@code target}. */
    Spool(Path target, String section) throws IOException {
        Path abs = target.toAbsolutePath();
        this.path = TempFiles.register(Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".",
                "." + section + ".part"));
        this.out = new BufferedWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8), 1 << 16);
    }

    /** Appends one line (without its line break). */
    void line(CharSequence text) throws IOException {
        if (lines > 0) {
            out.write(",\n");
        }
        out.append(text);
        lines++;
    }

    /** Lines so far. */
    long lines() {
        return lines;
    }

    /** Copies the lines, joined by ",\n", to {@code target}. */
    void copyTo(Writer target) throws IOException {
        out.flush();
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            in.transferTo(target);
        }
    }

    /** Deletes the temporary file. */
    @Override
    public void close() throws IOException {
        try {
            out.close();
        } finally {
            Files.deleteIfExists(path);
            TempFiles.forget(path);
        }
    }
}
