package io.ptosim.hw;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The shared-memory files and worker folders this process made under {@code /dev/shm}: each is deleted
 * when its owner closes it, and whatever is still there when the JVM exits (Ctrl-C, an uncaught bug) is
 * deleted by a shutdown hook, so an interrupted run leaves nothing behind in memory-backed storage.
 */
final class SharedFiles {
    private static final Set<Path> LIVE = new LinkedHashSet<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SharedFiles::deleteAll, "ptosim-shared-files"));
    }

    private SharedFiles() {
    }

    /** Remembers {@code path} (a file or a folder) until {@link #delete}. */
    static synchronized void track(Path path) {
        LIVE.add(path);
    }

    /** Deletes {@code path} (recursively for a folder) and forgets it. */
    static void delete(Path path) throws IOException {
        synchronized (SharedFiles.class) {
            LIVE.remove(path);
        }
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void deleteAll() {
        List<Path> left;
        synchronized (SharedFiles.class) {
            left = List.copyOf(LIVE);
        }
        for (Path p : left) {
            try {
                delete(p);
            } catch (IOException e) {
                System.err.println("ptosim: could not delete " + p + ": " + e.getMessage());
            }
        }
    }
}
