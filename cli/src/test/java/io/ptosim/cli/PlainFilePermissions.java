package io.ptosim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** Checks that a command's output file got the permissions the user's umask gives any new file. */
final class PlainFilePermissions {
    private PlainFilePermissions() {
    }

    /** Asserts that {@code file} has the permissions of a file created the ordinary way beside it (POSIX only). */
    static void assertLikeAPlainFile(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            return;
        }
        Path plain = Files.createTempDirectory(dir, "plain").resolve("reference");
        try (OutputStream out = Files.newOutputStream(plain)) {
            out.write('x');
        }
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(plain);
        Files.delete(plain);
        Files.delete(plain.getParent());
        assertThat(Files.getPosixFilePermissions(file)).as("permissions of " + file).isEqualTo(expected);
    }
}
