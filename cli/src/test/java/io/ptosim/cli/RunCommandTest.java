package io.ptosim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** {@code ptosim run}, {@code workloads} and {@code platforms} from the command line. */
class RunCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final CliHarness cli = new CliHarness();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    @Test
    void runPrintsTheSummaryAndTheGoldenMatch() {
        assertThat(cli.run("run", "vector-example")).isZero();
        assertThat(out.toString()).startsWith("vector-example default auto on a2a3 (seed 0, functional)")
                .contains("  result       completed").contains("  golden       match")
                .contains("  tasks        5   (edges 6, kernel blocks dispatched 5)");
    }

    @Test
    void jsonHasTheKeysScriptsDependOn() throws Exception {
        assertThat(cli.run("run", "vector-example", "--json", "--timing-only", "--platform", "a5")).isZero();
        JsonNode j = MAPPER.readTree(out.toString());
        assertThat(j.get("workload").asText()).isEqualTo("vector-example");
        assertThat(j.get("case").asText()).isEqualTo("default");
        assertThat(j.get("variant").asText()).isEqualTo("auto");
        assertThat(j.get("platform").asText()).isEqualTo("a5");
        assertThat(j.get("tasks").asLong()).isEqualTo(5);
        assertThat(j.get("edges").asLong()).isEqualTo(6);
        assertThat(j.get("elapsed_us").asDouble()).isPositive();
        assertThat(j.get("orch_us").asDouble()).isPositive().isLessThan(j.get("elapsed_us").asDouble());
        assertThat(j.get("digest").asText()).hasSize(16);
        assertThat(j.get("golden").isNull()).isTrue();
        // five elementwise tasks on 16,384 floats: three read two tiles, two read one; each writes one
        assertThat(j.get("work").get("gflop").asDouble()).isEqualTo(5 * 16384 / 1e9);
        assertThat(j.get("work").get("gm_bytes").asLong()).isEqualTo(3 * 3 * 65536 + 2 * 2 * 65536);
        assertThat(j.get("work").get("compute_us").asDouble()).isPositive();
    }

    @Test
    void theSameRunTwiceGivesTheSameDigest() throws Exception {
        cli.run("run", "vector-example", "--json");
        String first = MAPPER.readTree(out.toString()).get("digest").asText();
        out.getBuffer().setLength(0);
        cli.run("run", "vector-example", "--json");
        assertThat(MAPPER.readTree(out.toString()).get("digest").asText()).isEqualTo(first);
        out.getBuffer().setLength(0);
        cli.run("run", "vector-example", "--json", "--set", "core.dispatchToStartNs=900");
        assertThat(MAPPER.readTree(out.toString()).get("digest").asText()).as("another cost, another run")
                .isNotEqualTo(first);
    }

    @Test
    void badNamesAreOneLineUsageErrors() {
        assertThat(cli.run("run", "nope")).isEqualTo(2);
        assertThat(err.toString()).startsWith("ptosim run: unknown workload 'nope'; expected one of vector-example");
        err.getBuffer().setLength(0);
        assertThat(cli.run("run", "vector-example", "--case", "big")).isEqualTo(2);
        assertThat(err.toString()).startsWith("ptosim run: unknown case 'big' of vector-example; expected one of default");
        err.getBuffer().setLength(0);
        assertThat(cli.run("run", "vector-example", "--variant", "manual")).isEqualTo(2);
        assertThat(err.toString()).startsWith("ptosim run: unknown variant 'manual' of vector-example");
        err.getBuffer().setLength(0);
        assertThat(cli.run("run", "vector-example", "--platform", "a9")).isEqualTo(2);
        assertThat(err.toString()).startsWith("ptosim run: unknown platform 'a9'; expected one of a2a3, a5");
        err.getBuffer().setLength(0);
        assertThat(cli.run("run", "vector-example", "--set", "ring.windows=4")).isEqualTo(2);
        assertThat(err.toString()).startsWith("ptosim run: unknown platform key 'ring.windows'; valid keys: ")
                .contains("ring.taskWindow");
        err.getBuffer().setLength(0);
        assertThat(cli.run("run", "vector-example", "--backend", "a9")).isEqualTo(2);
        assertThat(err.toString()).startsWith("ptosim run: unknown backend 'a9'; available: ").contains("sim");
        err.getBuffer().setLength(0);
        assertThat(cli.run("run", "vector-example", "--set", "ring.taskWindow")).isEqualTo(2);
        assertThat(err.toString()).startsWith("ptosim run: --set ring.taskWindow: expected KEY=VALUE");
    }

    @Test
    void workloadsAndPlatformsListWhatRunTakes() {
        assertThat(cli.run("workloads")).isZero();
        assertThat(out.toString()).contains("vector-example").contains("  variants: auto");
        out.getBuffer().setLength(0);
        assertThat(cli.run("platforms", "--keys")).isZero();
        assertThat(out.toString()).contains("a2a3: Ascend a2a3: 24 clusters").contains("  ring.taskWindow")
                .contains("  topology.schedulerThreads    4");
    }

    @Test
    void aChipWorkloadOnANativeBackendIsRefusedInOneLineWithoutRunning(@TempDir Path tmp) {
        Path home = FakeHwHome.a2a3sim(tmp.resolve("home"));
        assertThat(cli.run("run", "paged-attention", "--backend", "a2a3sim", "--set", "hw.home=" + home)).isEqualTo(2);
        assertThat(out.toString()).as("no simulated result").isEmpty();
        assertThat(err.toString().lines().findFirst()).hasValue("ptosim run: 'paged-attention' is a chip workload,"
                + " which runs on the simulated chip only; backend 'a2a3sim' runs node workloads whose callables it"
                + " has compiled (e.g. node-vector-example): use --backend sim or leave it out");
    }

    @Test
    void aNativeBackendWithoutItsHomeIsAUsageErrorSayingSo() {
        assertThat(cli.run("run", "paged-attention", "--backend", "a2a3sim", "--set", "hw.home=")).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith("ptosim run: backend 'a2a3sim' is not available: hw.home is not set");
        assertThat(err.toString().lines().findFirst().orElseThrow())
                .endsWith("not available here: a2a3, a2a3sim, a5, a5sim ('ptosim backends' says why)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"two-pass", "directed"})
    void theNodeVectorExampleOnTwoSimulatedChipsMatchesItsGolden(String policy) {
        assertThat(cli.run("run", "node-vector-example", "--chips", "2", "--policy", policy, "--backend", "sim"))
                .isZero();
        assertThat(out.toString()).startsWith("node-vector-example on a2a3: 2 chip(s), ")
                .contains(", " + policy + ", thread (seed 0, functional, backend sim)")
                .contains("  golden       match");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void processModeOnANativeBackendIsRefusedBeforeAnyWorkerStarts(@TempDir Path tmp) {
        Path home = FakeHwHome.a2a3sim(tmp.resolve("home"));
        assertThat(cli.run("run", "node-vector-example", "--chips", "2", "--mode", "process", "--backend", "a2a3sim",
                "--set", "hw.home=" + home)).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines().findFirst()).hasValue("ptosim run: --mode process models the mailbox"
                + " hand-off in virtual time; backend 'a2a3sim' already runs every chip in a worker process of its own"
                + " (leave --mode out)");
    }
}
