package io.ptosim.traces;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A file written through a temporary sibling and moved into place when complete, so a reader never
 * sees half a file. The temporary file gets the same permissions a plain new file would, and is deleted if the
 * process shuts down before it is moved ({@link TempFiles}). Every output file a command writes goes
 * through it, so all of them get the permissions the user's umask gives and none is left half-written.
 */
public final class AtomicFile {
    private final Path target;
    private final Path temp;

    /**
     * Writes {@code text} (UTF-8) to {@code target} through a temporary sibling: the target is either
     * the whole text or as it was before.
     */
    public static void writeString(Path target, CharSequence text) throws IOException {
        AtomicFile file = new AtomicFile(target);
        try {
            try (Writer out = new BufferedWriter(new OutputStreamWriter(file.open(), StandardCharsets.UTF_8),
                    1 << 16)) {
                out.append(text);
            }
            file.commit();
        } finally {
            file.discard();
        }
    }

    /** Prepares to write {@code target}. */
    AtomicFile(Path target) {
        this.target = target.toAbsolutePath();
        this.temp = this.target.resolveSibling("." + this.target.getFileName() + "." + ProcessHandle.current().pid()
                + "." + System.identityHashCode(this) + ".tmp");
    }

    /** Opens the temporary file (created new), which a shutdown before {@link #commit} deletes ({@link TempFiles}). */
    OutputStream open() throws IOException {
        OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        TempFiles.register(temp);
        return out;
    }

    /** Moves the written temporary file into place. */
    void commit() throws IOException {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        TempFiles.forget(temp);
    }

    /** Deletes the temporary file if it is still there. */
    void discard() throws IOException {
        Files.deleteIfExists(temp);
        TempFiles.forget(temp);
    }

    /**
     * Gives the file up: closes {@code stream} (null: none), whose failure no longer matters, and
     * deletes the temporary file.
     *
     * @throws UncheckedIOException if the temporary file cannot be deleted
     */
    void abandon(Closeable stream) {
        try {
            if (stream != null) {
                stream.close();
            }
        } catch (IOException e) {
            // the temporary file is deleted below either way
        }
        try {
            discard();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the temporary file of " + target + ": " + e.getMessage(), e);
        }
    }
}
