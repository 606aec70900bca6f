package io.ptosim.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptosim.node.NodeTiming;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The host.* keys: the node runtime's cost model in both platform files, overridable with --set. */
class HostTimingTest {
    @Test
    void bothPlatformsCarryTheDefaultNodeTiming() {
        assertThat(Platform.load("a2a3", Map.of()).hostTiming()).isEqualTo(NodeTiming.DEFAULT);
        assertThat(Platform.load("a5", Map.of()).hostTiming()).isEqualTo(NodeTiming.DEFAULT);
        assertThat(NodeTiming.DEFAULT.childPollNs()).isEqualTo(50_000);
    }

    @Test
    void setOverridesAFigureAndBadValuesAreErrorsNamingTheKey() {
        NodeTiming t = Platform.load("a2a3", Map.of("host.forkNs", "1000", "host.submitNs", "7")).hostTiming();
        assertThat(t.forkNs()).isEqualTo(1000);
        assertThat(t.submitNs()).isEqualTo(7);
        assertThat(t.childPollNs()).isEqualTo(50_000);
        assertThatThrownBy(() -> Platform.load("a5", Map.of("host.tickNs", "0")))
                .hasMessage("platform a5: host.tickNs, host.childPollNs and host.parentPollNs must be > 0");
        assertThatThrownBy(() -> Platform.load("a5", Map.of("host.forkNs", "1.5")))
                .hasMessage("platform a5: host.forkNs = 1.5; expected a whole number");
        assertThatThrownBy(() -> Platform.load("a5", Map.of("host.fork", "1")))
                .hasMessageStartingWith("unknown platform key 'host.fork'; valid keys: ");
    }
}
