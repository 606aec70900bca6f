package io.ptosim.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The node layer stays on its seams: it schedules through {@link io.ptosim.des.EventLoop} only (so a
 * real-time loop drives it unchanged) and reaches chips through {@link io.ptosim.spi.ChipEndpoint} only.
 */
class NodeSeamTest {
    @Test
    void theNodePackageUsesNoSimulationSpecificTypeAndNoClock() throws IOException {
        Path dir = Path.of("src/main/java/io/ptosim/node");
        List<Path> sources;
        try (Stream<Path> s = Files.list(dir)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertThat(sources).hasSizeGreaterThan(20);
        for (Path p : sources) {
            String text = Files.readString(p);
            assertThat(text).as(p.toString()).doesNotContain("import io.ptosim.des.Simulation")
                    .doesNotContain("System.nanoTime").doesNotContain("System.currentTimeMillis")
                    .doesNotContain("new Thread").doesNotContain("io.ptosim.chip").doesNotContain("io.ptosim.endpoint");
        }
    }
}
