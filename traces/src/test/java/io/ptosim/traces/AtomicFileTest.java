package io.ptosim.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file written whole through a temporary sibling, with the permissions a plain new file gets. */
class AtomicFileTest {
    @TempDir
    Path dir;

    /** The permissions the user's umask gives a file created the ordinary way in {@code folder}. */
    static Set<PosixFilePermission> plainFilePermissions(Path folder) throws IOException {
        Path plain = folder.resolve("plain-reference");
        try (OutputStream out = Files.newOutputStream(plain)) {
            out.write('x');
        }
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(plain);
        Files.delete(plain);
        return p;
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesTheWholeTextWithAPlainFilesPermissionsAndLeavesNothingElse() throws IOException {
        Assumptions.assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"), "needs POSIX permissions");
        Set<PosixFilePermission> plain = plainFilePermissions(dir);
        Path target = dir.resolve("page.html");

        AtomicFile.writeString(target, "é <b>x</b>\n");

        assertThat(Files.readString(target)).isEqualTo("é <b>x</b>\n");
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(plain)
                .contains(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(names()).containsExactly("page.html");
    }

    @Test
    void replacesAnExistingFile() throws IOException {
        Path target = dir.resolve("results.csv");
        Files.writeString(target, "old contents, longer than the new\n");

        AtomicFile.writeString(target, "new\n");

        assertThat(Files.readString(target)).isEqualTo("new\n");
        assertThat(names()).containsExactly("results.csv");
    }

    @Test
    void aFolderThatIsNotThereFailsAndWritesNothing() throws IOException {
        Path target = dir.resolve("missing").resolve("out.json");

        assertThatThrownBy(() -> AtomicFile.writeString(target, "{}")).isInstanceOf(NoSuchFileException.class);

        assertThat(names()).isEmpty();
        assertThat(TempFiles.registered()).noneMatch(p -> p.startsWith(dir));
    }
}
