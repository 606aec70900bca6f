package io.ptosim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.spi.Backends;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ptosim backends} with the hw-backend plugin on the (test) class path: five providers, each with its clock and why it cannot run. */
class BackendsCommandTest {
    private static final String REASON_INDENT = "         ";
    private final CliHarness cli = new CliHarness();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    /** The provider lines (not the indented reasons), in printed order. */
    private List<String> providerLines() {
        return out.toString().lines().filter(l -> !l.startsWith(" ")).toList();
    }

    private String lineOf(String name) {
        return providerLines().stream().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow(
                () -> new AssertionError("no line for " + name + " in:\n" + out));
    }

    /** The reason printed under {@code name}'s line. */
    private String reasonOf(String name) {
        List<String> lines = out.toString().lines().toList();
        int i = lines.indexOf(lineOf(name));
        assertThat(i + 1).as("a reason line after " + name).isLessThan(lines.size());
        assertThat(lines.get(i + 1)).as("the line after " + name).startsWith(REASON_INDENT);
        return lines.get(i + 1).substring(REASON_INDENT.length());
    }

    @Test
    void listsAllFiveProvidersInNameOrderWithTheirClocksAndMarksTheDefault() {
        // Names are padded to 8 (all fit), availability to 11, the clock to 9.
        assertThat(cli.run("backends", "--set", "hw.home=")).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(providerLines()).extracting(l -> l.substring(0, l.indexOf(' '))).containsExactly(
                "a2a3", "a2a3sim", "a5", "a5sim", "sim");
        assertThat(lineOf("a2a3")).startsWith("a2a3     unavailable real      simpler's runtime on an Ascend a2a3 NPU");
        assertThat(lineOf("a2a3sim")).startsWith("a2a3sim  unavailable real      simpler's own CPU simulation of a2a3");
        assertThat(lineOf("a5")).startsWith("a5       unavailable real      ");
        assertThat(lineOf("a5sim")).startsWith("a5sim    unavailable real      ");
        assertThat(lineOf("sim")).startsWith("sim      available   virtual   ");
        // PTOSIM_BACKEND (or -Dptosim.backend) may name another default; exactly that one is marked.
        String chosen = Backends.chosenName(null, System.getenv());
        for (String name : List.of("a2a3", "a2a3sim", "a5", "a5sim", "sim")) {
            assertThat(lineOf(name).endsWith(" (default)")).as(name + " marked default").isEqualTo(name.equals(chosen));
        }
        if (System.getenv(Backends.ENV) == null && System.getProperty(Backends.PROPERTY) == null) {
            assertThat(lineOf("sim")).endsWith(" (default)");
        }
        assertThat(out.toString()).as("sim has no reason line")
                .doesNotContainPattern("(?m)^sim .*\\R" + REASON_INDENT);
        for (String name : List.of("a2a3", "a2a3sim", "a5", "a5sim")) {
            assertThat(reasonOf(name)).startsWith("hw.home is not set: --set hw.home=DIR (or PTOSIM_HW_HOME=DIR)");
        }
    }

    @Test
    void withoutHwHomeEveryNativeBackendSaysItIsNotSet() {
        assertThat(cli.run("backends")).isZero();
        assertThat(providerLines()).hasSize(5);
        if (System.getenv("PTOSIM_HW_HOME") == null) {
            for (String name : List.of("a2a3", "a2a3sim", "a5", "a5sim")) {
                assertThat(lineOf(name)).contains(" unavailable ");
                assertThat(reasonOf(name)).contains("hw.home is not set");
            }
        }
    }

    @Test
    void aHomeLaidOutForA2a3simMakesItAvailableAndTheOthersNameTheFileTheyMiss(@TempDir Path tmp) {
        Path home = FakeHwHome.a2a3sim(tmp.resolve("home"));
        assertThat(cli.run("backends", "--set", "hw.home=" + home)).isZero();
        assertThat(lineOf("a2a3sim")).startsWith("a2a3sim  available   real      ");
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(lines.indexOf(lineOf("a2a3sim")) + 1)).as("a2a3sim has no reason line").startsWith("a5 ");
        assertThat(lineOf("a5sim")).contains(" unavailable ");
        assertThat(reasonOf("a5sim")).isEqualTo("libhost_runtime.so not found under "
                + home.resolve("build/lib/a5/sim/tensormap_and_ringbuffer") + "; set hw.home");
        assertThat(reasonOf("a2a3")).isEqualTo("libhost_runtime.so not found under "
                + home.resolve("build/lib/a2a3/onboard/tensormap_and_ringbuffer") + "; set hw.home");
        assertThat(lineOf("sim")).startsWith("sim      available   virtual   ");
    }

    @Test
    void aBadBackendSettingIsOneLineNotATrace() {
        assertThat(cli.run("backends", "--set", "hw.logLevel=loud")).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo("ptosim backends: --set hw.logLevel=loud: expected a whole number"
                + System.lineSeparator());
    }

    @Test
    void helpListsTheBackendsCommand() {
        assertThat(cli.run("--help")).isZero();
        assertThat(out.toString()).containsPattern("(?m)^  backends\\s+Lists the backends");
    }
}
