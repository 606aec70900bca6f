package io.ptosim.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptosim.des.Simulation;
import io.ptosim.memory.GlobalMemory;
import io.ptosim.spi.BackendException;
import io.ptosim.spi.BackendProvider;
import io.ptosim.spi.Backends;
import io.ptosim.spi.ChipEndpoint;
import io.ptosim.spi.EndpointContext;
import io.ptosim.spi.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Backends are found through ServiceLoader (main resources list sim, test resources add fake; the loader
 * merges every {@code META-INF/services} file on the classpath) and chosen by flag, environment, property
 * or default.
 */
class BackendsTest {
    @Test
    void theSimProviderIsInstalledAndTheDefault() {
        assertThat(Backends.installed()).extracting(BackendProvider::name).containsExactly("fake", "sim");
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
                .hasMessage("unknown backend 'a5'; available: fake, sim (a2a3, a5, a2a3sim and a5sim come with the hw-backend"
                        + " plugin, which is not on the class path)");
    }

    @Test
    void aSecondProviderFromTheTestResourcesIsFoundBesideSimAndOpensAWorkingEndpoint() {
        BackendProvider fake = Backends.select("fake", Map.of());
        assertThat(fake).isInstanceOf(FakeBackend.class);
        Simulation loop = new Simulation(0);
        ChipEndpoint chip = fake.openChip(3, new EndpointContext(loop, new GlobalMemory(), "a2a3", Map.of(), 0));
        List<String> replies = new ArrayList<>();
        chip.malloc(64, new Reply<>() {
            @Override
            public void ok(Long value) {
                replies.add(loop.now() + ": 0x" + Long.toHexString(value));
            }

            @Override
            public void failed(int code, String message) {
                replies.add(loop.now() + ": failed " + code);
            }
        });
        loop.run();
        assertThat(chip.deviceId()).isEqualTo(3);
        assertThat(replies).containsExactly("1: 0x1000");
        assertThatThrownBy(() -> Backends.select("nope", Map.of())).isInstanceOf(BackendException.class)
                .hasMessageStartingWith("unknown backend 'nope'; available: fake, sim");
    }

    @Test
    void theSimProviderOpensASimChipEndpointOrSaysWhyNot() {
        Simulation loop = new Simulation(0);
        ChipEndpoint chip = new SimBackend().openChip(1, new EndpointContext(loop, new GlobalMemory(), "a5", Map.of(), 0));
        assertThat(chip).isInstanceOf(SimChipEndpoint.class);
        assertThat(chip.deviceId()).isEqualTo(1);
        assertThatThrownBy(() -> new SimBackend().openChip(0, new EndpointContext(loop, new GlobalMemory(), "a2a3",
                Map.of("node.copyBytesPerNs", "0"), 0))).isInstanceOf(BackendException.class)
                .hasMessage("platform a2a3: node.copyBytesPerNs = 0.0; expected > 0");
        assertThatThrownBy(() -> new SimBackend().openChip(0, new EndpointContext(loop, new GlobalMemory(), "a2a3",
                Map.of("node.hostDeviceShareMem", "yes"), 0))).isInstanceOf(BackendException.class)
                .hasMessage("--set node.hostDeviceShareMem=yes: expected true or false");
    }

    @Test
    void anUnavailableBackendIsAnErrorNamingItsReasonOnceAndListingItAsNotAvailable() {
        Map<String, String> settings = Map.of("fake.missing", "fake device");
        assertThat(Backends.select("fake", Map.of(), Map.of())).isInstanceOf(FakeBackend.class);
        assertThatThrownBy(() -> Backends.select("fake", Map.of(), settings))
                .isInstanceOf(BackendException.class)
                .hasMessage("backend 'fake' is not available: no fake device here; available: sim; not available"
                        + " here: fake ('ptosim backends' says why)")
                .satisfies(e -> assertThat(e.getMessage().split("no fake device", -1)).as("reason given once")
                        .hasSize(2));
        assertThatThrownBy(() -> Backends.select(null, Map.of("PTOSIM_BACKEND", "fake"), settings))
                .hasMessageStartingWith("backend 'fake' is not available: no fake device here;");
        assertThat(Backends.select("sim", Map.of(), settings)).as("the others still run").isInstanceOf(SimBackend.class);
        assertThatThrownBy(() -> Backends.select("a5", Map.of(), settings))
                .hasMessage("unknown backend 'a5'; available: sim; not available here: fake ('ptosim backends' says"
                        + " why) (a2a3, a5, a2a3sim and a5sim come with the hw-backend plugin, which is not on the class"
                        + " path)");
    }
}
