package io.ptosim.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptosim.spi.BackendException;
import io.ptosim.spi.BackendProvider;
import io.ptosim.spi.Backends;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sim backend is found through ServiceLoader and chosen by flag, environment, property or default. */
class BackendsTest {
    @Test
    void theSimProviderIsInstalledAndTheDefault() {
        assertThat(Backends.installed()).extracting(BackendProvider::name).contains("sim");
        assertThat(Backends.select(null, Map.of())).isInstanceOf(SimBackend.class);
    }

    @Test
    void theFlagBeatsTheEnvironmentWhichBeatsThePropertyWhichBeatsTheDefault() {
        assertThat(Backends.chosenName("x", Map.of("PTOSIM_BACKEND", "y"))).isEqualTo("x");
        assertThat(Backends.chosenName(null, Map.of("PTOSIM_BACKEND", "y"))).isEqualTo("y");
        String before = System.getProperty("ptosim.backend");
        try {
            System.setProperty("ptosim.backend", "z");
            assertThat(Backends.chosenName(null, Map.of())).isEqualTo("z");
        } finally {
            if (before == null) {
                System.clearProperty("ptosim.backend");
            } else {
                System.setProperty("ptosim.backend", before);
            }
        }
        assertThat(Backends.chosenName("", Map.of())).isEqualTo(before == null ? "sim" : before);
    }

    @Test
    void anUnknownBackendIsAnErrorListingTheAvailableOnes() {
        assertThatThrownBy(() -> Backends.select(null, Map.of("PTOSIM_BACKEND", "a5")))
                .isInstanceOf(BackendException.class)
                .hasMessage("unknown backend 'a5'; available: sim (a2a3 and a5 come with the hardware plugin, not built yet)");
    }
}
