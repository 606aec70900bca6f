package io.ptosim.hw.abi;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The opt-in real hardware home: the work directory build-a2a3sim.sh filled, named by env PTOSIM_HW_HOME. */
public final class HwHome {
    /**
     * The JUnit tag of tests that need simpler's own build: left out of the default run (so CI never
     * skips them silently), run by {@code ./mvnw -Phw-real -pl hw-backend verify} with PTOSIM_HW_HOME set.
     */
    public static final String TAG = "hw-real";

    private HwHome() {}

    /** The directory, or skips the calling test saying how to enable it. */
    public static Path require() {
        String v = System.getenv("PTOSIM_HW_HOME");
        assumeTrue(v != null && !v.isBlank(),
                "PTOSIM_HW_HOME is not set; set it to the work directory build-a2a3sim.sh filled (e.g. /work/a2a3sim)");
        Path home = Path.of(v);
        assumeTrue(Files.isDirectory(home), "PTOSIM_HW_HOME=" + v + " is not a directory");
        return home;
    }
}
