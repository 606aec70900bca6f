package io.ptosim.hw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptosim.spi.BackendException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code hw.*} settings and the environment they fall back on. */
class HwSettingsTest {
    @Test
    void hwHomeBeatsTheEnvironmentWhichIsUsedWhenItIsAbsent() {
        Map<String, String> env = Map.of("PTOSIM_HW_HOME", "/from/env");
        assertThat(HwSettings.of(Map.of("hw.home", "/from/set"), env).home()).contains(Path.of("/from/set"));
        assertThat(HwSettings.of(Map.of(), env).home()).contains(Path.of("/from/env"));
        assertThat(HwSettings.of(Map.of("hw.home", " /padded "), Map.of()).home()).contains(Path.of("/padded"));
        assertThat(HwSettings.of(Map.of(), Map.of()).home()).isEmpty();
        assertThat(HwSettings.of(Map.of("hw.home", ""), Map.of()).home()).as("blank is not set").isEmpty();
    }

    @Test
    void callableFoldersSplitOnColonsSkippingBlanks() {
        HwSettings s = HwSettings.of(Map.of("hw.callables", "/a/one: /b/two ::/c"), Map.of());
        assertThat(s.callableFolders()).containsExactly(Path.of("/a/one"), Path.of("/b/two"), Path.of("/c"));
        assertThat(HwSettings.of(Map.of(), Map.of()).callableFolders()).isEmpty();
    }

    @Test
    void hwEnvKeysBecomeTheWorkersEnvironmentInOrder() {
        Map<String, String> set = new LinkedHashMap<>();
        set.put("hw.env.LD_LIBRARY_PATH", "/opt/cann/lib");
        set.put("ring.taskWindow", "64");
        set.put("hw.env.", "ignored");
        set.put("hw.env.ASCEND_LOG", "1");
        assertThat(HwSettings.of(set, Map.of("LD_LIBRARY_PATH", "/env")).workerEnv())
                .containsExactly(Map.entry("LD_LIBRARY_PATH", "/opt/cann/lib"), Map.entry("ASCEND_LOG", "1"));
    }

    @Test
    void numbersHaveDefaultsAndABadOneNamesItsKey() {
        HwSettings d = HwSettings.of(Map.of(), Map.of());
        assertThat(d.logThreshold()).isEqualTo(30);
        assertThat(d.startTimeoutMs()).isEqualTo(60_000);
        HwSettings s = HwSettings.of(Map.of("hw.logLevel", " 10 ", "hw.startTimeoutMs", "2500"), Map.of());
        assertThat(s.logThreshold()).isEqualTo(10);
        assertThat(s.startTimeoutMs()).isEqualTo(2500);
        assertThatThrownBy(() -> HwSettings.of(Map.of("hw.logLevel", "debug"), Map.of()))
                .isInstanceOf(BackendException.class).hasMessage("--set hw.logLevel=debug: expected a whole number");
        assertThatThrownBy(() -> HwSettings.of(Map.of("hw.startTimeoutMs", "1.5"), Map.of()))
                .isInstanceOf(BackendException.class).hasMessage("--set hw.startTimeoutMs=1.5: expected a whole number");
    }

    @Test
    void theRecordCopiesItsLists() {
        List<Path> folders = new ArrayList<>(List.of(Path.of("/x")));
        HwSettings s = new HwSettings(Optional.empty(), folders, 30, 1, Map.of());
        folders.add(Path.of("/y"));
        assertThat(s.callableFolders()).containsExactly(Path.of("/x"));
    }
}
