package io.ptosim.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values a platform refuses at load, naming the key, rather than run with: durations long enough to wrap
 * the picosecond clocks round (a block overhead of 1e30 ns once "completed" in 3.2 us), sizes whose
 * arrays cannot exist and a TensorMap without entries (each once an internal error).
 */
class ParameterBoundsTest {
    @ParameterizedTest
    @ValueSource(strings = {"orch.submitNs", "sched.iterationNs", "core.blockOverheadNs", "host.forkNs",
        "node.copyLatencyNs"})
    void aDurationUpToOneSecondIsTakenAndALongerOneRefused(String key) {
        assertThat(Platform.load("a2a3", Map.of(key, "1000000000"))).isNotNull();
        assertThatThrownBy(() -> Platform.load("a2a3", Map.of(key, "1000000001"))).isInstanceOf(PlatformException.class)
                .hasMessage("platform a2a3: " + key + " = 1.000000001E9; expected at most 1000000000 ns (1 s)");
    }

    @Test
    void theCostModelKeepsADurationAtTheBoundExactly() {
        assertThat(Platform.load("a5", Map.of("core.blockOverheadNs", "1e9")).costs().blockOverhead)
                .isEqualTo(1_000_000_000_000L);
    }

    @Test
    void aTimeoutPastTheBoundIsRefused() {
        assertThatThrownBy(() -> Platform.load("a5", Map.of("timeout.schedulerMs", "1e30")))
                .isInstanceOf(PlatformException.class)
                .hasMessage("platform a5: timeout.schedulerMs = 1.0E30; expected at most 1000000000 ms");
        assertThat(Platform.load("a5", Map.of("timeout.schedulerMs", "1e9")).costs().schedulerTimeout)
                .isEqualTo(1_000_000_000_000_000_000L);
    }

    @Test
    void sizesWhoseArraysCouldNotExistAreRefused() {
        assertThat(Platform.load("a2a3", Map.of("ring.taskWindow", "268435456")).runtime().window(0))
                .isEqualTo(268_435_456);
        assertThatThrownBy(() -> Platform.load("a2a3", Map.of("ring.taskWindow", "536870912")))
                .isInstanceOf(PlatformException.class)
                .hasMessage("platform a2a3: ring 0 task window 536870912; expected a power of two from 4 to 268435456");
        assertThat(Platform.load("a2a3", Map.of("topology.clusters", "65536")).clusters()).isEqualTo(65_536);
        assertThatThrownBy(() -> Platform.load("a2a3", Map.of("topology.clusters", "1e9")))
                .isInstanceOf(PlatformException.class)
                .hasMessage("platform a2a3: clusters 1000000000; expected 1 to 65536");
    }

    @Test
    void aTensorMapWithoutEntriesIsRefused() {
        assertThatThrownBy(() -> Platform.load("a2a3", Map.of("tensorMap.pool", "0")))
                .isInstanceOf(PlatformException.class).hasMessage("platform a2a3: tensorMap.pool 0; expected >= 1");
    }
}
