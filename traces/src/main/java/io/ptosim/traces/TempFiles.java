package io.ptosim.traces;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The hidden temporary files this process is writing output through: each is forgotten when its writer
 * moves it into place or deletes it, and whatever is still registered when the JVM shuts down (Ctrl-C,
 * SIGTERM, {@code System.exit} mid-write) is deleted by a shutdown hook, so an interrupted command leaves
 * no {@code .NAME.PID.N.tmp} behind. The hook is installed with the first registration.
 */
public final class TempFiles {
    private static final Set<Path> LIVE = new LinkedHashSet<>();
    private static boolean hooked;

    private TempFiles() {
    }

    /** Registers {@code path} for deletion at shutdown until {@link #forget}; returns it. */
    public static synchronized Path register(Path path) {
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::deleteAll, "ptosim-temp-files"));
            hooked = true;
        }
        LIVE.add(path.toAbsolutePath());
        return path;
    }

    /** {@code path} was moved into place or deleted: nothing to clean up. */
    public static synchronized void forget(Path path) {
        LIVE.remove(path.toAbsolutePath());
    }

    /** The files registered now. */
    static synchronized List<Path> registered() {
        return List.copyOf(LIVE);
    }

    /** Deletes every registered file and forgets it (what the shutdown hook runs); returns how many it deleted. */
    static int deleteAll() {
        int deleted = 0;
        for (Path p : registered()) {
            try {
                deleted += Files.deleteIfExists(p) ? 1 : 0;
            } catch (IOException e) {
                System.err.println("ptosim: could not delete the temporary file " + p + ": " + e.getMessage());
            }
            forget(p);
        }
        return deleted;
    }
}
