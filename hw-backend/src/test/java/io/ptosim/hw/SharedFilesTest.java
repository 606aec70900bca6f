package io.ptosim.hw;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedFilesTest {
    @TempDir
    Path dir;

    @Test
    void aProcessThatExitsWithoutClosingLeavesNoSharedFileBehind() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ExitWithoutClosing.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.toList()).isEmpty();
        }
    }

    @Test
    void deleteRemovesAFolderWithItsFiles() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("chip0"));
        Files.writeString(folder.resolve("mailbox"), "x");
        Files.createDirectory(folder.resolve("sub"));
        Files.writeString(folder.resolve("sub/worker.log"), "y");
        SharedFiles.track(folder);
        SharedFiles.delete(folder);
        assertThat(folder).doesNotExist();
        SharedFiles.delete(folder);
        assertThat(List.of(dir.toFile().list())).isEmpty();
    }
}
