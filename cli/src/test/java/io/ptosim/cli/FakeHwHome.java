package io.ptosim.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A folder laid out like simpler's build for a2a3sim (the sim context and the tensormap_and_ringbuffer
 * runtime's three libraries), every file empty: enough for availability checks, nothing a worker could load.
 */
final class FakeHwHome {
    private FakeHwHome() {
    }

    /** Lays out the a2a3sim files under {@code home} and returns it. */
    static Path a2a3sim(Path home) {
        Path lib = home.resolve("build/lib");
        Path runtime = lib.resolve("a2a3/sim/tensormap_and_ringbuffer");
        try {
            Files.createDirectories(runtime);
            Files.createFile(lib.resolve("libcpu_sim_context.so"));
            for (String f : new String[] {"libhost_runtime.so", "libaicpu_kernel.so", "libaicore_kernel.so"}) {
                Files.createFile(runtime.resolve(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return home;
    }
}
