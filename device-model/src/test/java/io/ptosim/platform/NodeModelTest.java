package io.ptosim.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The node.* keys: in both platform files, overridable with --set, yes/no keys as true/false. */
class NodeModelTest {
    @Test
    void bothPlatformsDescribeTheirHostDeviceLink() {
        assertThat(Platform.load("a2a3", Map.of()).node())
                .isEqualTo(new NodeModel(10_000, 25.0, 5_000, 3_000, 20_000, 64L << 30, true, true));
        assertThat(Platform.load("a5", Map.of()).node())
                .isEqualTo(new NodeModel(10_000, 50.0, 5_000, 3_000, 20_000, 128L << 30, true, true));
        assertThat(Platform.load("a2a3", Map.of()).node().copyNs(1001)).isEqualTo(10_041);
    }

    @Test
    void setOverridesThemAndYesNoKeysTakeTrueFalseOrOneZero() {
        NodeModel n = Platform.load("a5", Map.of("node.functional", "false", "node.hostDeviceShareMem", "0",
                "node.copyLatencyNs", "7")).node();
        assertThat(n.functional()).isFalse();
        assertThat(n.hostDeviceShareMem()).isFalse();
        assertThat(n.copyNs(100)).isEqualTo(9);
        assertThat(Platform.load("a5", Map.of("node.functional", "true")).node().functional()).isTrue();
        assertThatThrownBy(() -> Platform.load("a5", Map.of("node.functional", "2")))
                .hasMessage("platform a5: node.functional = 2.0; expected true or false");
        assertThatThrownBy(() -> Platform.load("a5", Map.of("ring.taskWindow", "true")))
                .hasMessage("--set ring.taskWindow=true: expected a number");
        assertThatThrownBy(() -> Platform.load("a5", Map.of("node.copyLatency", "1")))
                .hasMessageStartingWith("unknown platform key 'node.copyLatency'; valid keys: ");
    }
}
