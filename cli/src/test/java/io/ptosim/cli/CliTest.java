package io.ptosim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ptosim.bench.QuickBench;
import io.ptosim.bench.WorkloadBench;
import io.ptosim.bench.QuickBench.HoldFigure;
import io.ptosim.bench.QuickBench.Layer;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class CliTest {

    @Test
    void aCommandLineThatNamesASubcommandBuildsOnlyItAndEachNameIsItsCommandsOwn() {
        PtosimCommand.SUBCOMMANDS.forEach((name, command) -> assertThat(
                new picocli.CommandLine(command.get()).getCommandName()).isEqualTo(name));
        assertThat(Main.commandLine("run").getSubcommands()).containsOnlyKeys("run");
        assertThat(Main.commandLine("help").getSubcommands()).containsOnlyKeys(PtosimCommand.SUBCOMMANDS.keySet());
        assertThat(Main.commandLine("--version").getSubcommands()).hasSize(14);
    }
    private final CliHarness cli = new CliHarness();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void versionComesFromTheBuild() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("ptosim 0.1.0-SNAPSHOT").contains("Java " + Runtime.version());
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: ptosim").contains("bench").contains("Measures ptosim's headline")
                .contains("deps").contains("check").contains("fuzz").contains("run").contains("workloads")
                .contains("platforms");
        out.getBuffer().setLength(0);
        assertThat(run("bench", "--help")).isZero();
        assertThat(out.toString()).contains("--json").contains("PriorityQueue baseline");
    }

    @Test
    void noCommandPrintsTheUsage() {
        assertThat(run()).isZero();
        assertThat(out.toString()).startsWith("Usage: ptosim");
    }

    @Test
    void unknownOptionsAreUsageErrorsThatNameTheOption() {
        assertThat(run("bench", "--fast")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("ptosim bench: Unknown option: '--fast'" + System.lineSeparator()
                + "Try 'ptosim bench --help' for usage." + System.lineSeparator());
        err.getBuffer().setLength(0);
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument at index 0: 'frobnicate'");
    }

    @Test
    void jmhArgumentsNeedJmhAndJmhTakesNoJson() {
        assertThat(run("bench", "--", "-p", "pending=1000")).isEqualTo(2);
        assertThat(err.toString()).contains("arguments [-p, pending=1000] are for JMH and need --jmh");
        err.getBuffer().setLength(0);
        assertThat(run("bench", "--jmh", "--json")).isEqualTo(2);
        assertThat(err.toString()).contains("--json and --jmh cannot be combined");
    }

    @Test
    void badJmhOptionsAreReportedWithoutRunningAnything() {
        assertThat(run("bench", "--jmh", "--", "-f", "many")).isEqualTo(2);
        assertThat(err.toString()).startsWith("ptosim bench --jmh: ");
    }

    @Test
    void fuzzListsItsPropertiesAndReportsAHoldingOne() {
        assertThat(run("fuzz", "--list")).isZero();
        assertThat(out.toString()).contains("no-missed-raw").contains("ring-safety").contains("bounded");
        out.getBuffer().setLength(0);
        assertThat(run("fuzz", "--property", "no-missed-raw", "--tries", "20")).isZero();
        assertThat(out.toString()).isEqualTo("no-missed-raw: holds for 20 programs (seeds 0 to 19)\n");
        out.getBuffer().setLength(0);
        assertThat(run("fuzz", "--property", "bounded", "--seed", "7")).isZero();
        assertThat(out.toString()).isEqualTo("bounded: holds for 1 programs (seeds 7 to 7)\n");
    }

    @Test
    void fuzzRunsTheNodePropertiesToo() {
        assertThat(run("fuzz", "--list")).isZero();
        assertThat(out.toString()).contains("node-affinity").contains("node-memory-balance");
        out.getBuffer().setLength(0);
        assertThat(run("fuzz", "--property", "node-dependencies", "--seed", "5", "--tries", "3")).isZero();
        assertThat(out.toString()).isEqualTo("node-dependencies: holds for 3 programs (seeds 5 to 7)\n");
        assertThat(run("fuzz", "--property", "node-affinity", "-o", "x.json")).isEqualTo(2);
        assertThat(err.toString()).contains("node-affinity draws node programs");
    }

    @Test
    void fuzzRejectsUnknownPropertiesByName() {
        assertThat(run("fuzz", "--property", "speed")).isEqualTo(2);
        assertThat(err.toString()).contains("--property: unknown property 'speed'; expected one of tensormap-differential,"
                + " no-missed-raw, determinism, replay-matches-wiring, hazard-check, compiled-matches-ops, deps-rebuild,"
                + " reader-tracking, ring-safety,"
                + " bounded, stepper-determinism, hbm-monotone, more-bytes-never-faster, node-affinity, node-dependencies");
        err.getBuffer().setLength(0);
        assertThat(run("fuzz")).isEqualTo(2);
        assertThat(err.toString()).contains("--property NAME is required (or --list)");
    }

    private static final List<HoldFigure> FIGURES = List.of(
            new HoldFigure(Layer.EVENT_QUEUE, 1_000, 25_000_000, 10_000_000),
            new HoldFigure(Layer.ENGINE, 1_000_000, 5_500_000, 1_100_000));
    private static final WorkloadBench.Figures PA = new WorkloadBench.Figures(65_792, 2_345_678, 1_644_800, 7.25, true,
            List.of(new WorkloadBench.SmallRun("vector_example_warm_ms", "vector-example", 0.42, 0.39)), 480_000, 12.5, 20_000_000,
            229.46);

    @Test
    void theBenchTableShowsEachFigureBesideItsBaseline() {
        String table = new BenchReport("9.9", "25", 2, FIGURES, PA, 0.283, 0.271).table();
        assertThat(table).startsWith("ptosim 9.9 bench, Java 25, 2 CPUs\n")
                .contains("Exp(100 us); median of " + QuickBench.MEASURED_ROUNDS + " rounds")
                .contains("event queue       1,000          25.00 M                10.00 M     2.5x")
                .contains("engine        1,000,000           5.50 M                 1.10 M     5.0x")
                .contains("paged-attention Case1 auto on a2a3 (65,792 tasks):")
                .contains("  timing only  2.35 M simulated tasks/s best, 1.64 M median of 9 rounds (40.0 ms a run:"
                        + " 1.09x the a2a3 silicon's 36.8 ms)")
                .contains("  per layer    runtime semantics 12.5 ms (budget 12), event engine 24.0 ms (480,000 events at"
                        + " 20.00 M/s; budget 8), chip model 3.5 ms (the rest; budget 10)")
                .contains("  allocation   229 bytes per simulated task (one timing-only run)")
                .contains("  functional   7.3 s wall")
                .contains("  vector-example                  0.42 ms     0.39 ms")
                .contains("  ./ptosim run vector-example    0.283 s     0.271 s  (whole process, median of 5)");
    }

    @Test
    void theBenchJsonIsOneObjectWithTheSameFigures() throws Exception {
        JsonNode json = new ObjectMapper().readTree(new BenchReport("9.9", "25", 2, FIGURES, PA, 0.283, 0.271).json());
        assertThat(json.get("pa_case1_tasks_per_s").asLong()).isEqualTo(2_345_678);
        assertThat(json.get("pa_case1_tasks_per_s_median").asLong()).isEqualTo(1_644_800);
        assertThat(json.get("pa_case1_real_time_ratio").asDouble()).isEqualTo(1.087);
        assertThat(json.get("vector_example_warm_ms").asDouble()).isEqualTo(0.42);
        assertThat(json.get("pa_case1_events").asLong()).isEqualTo(480_000);
        assertThat(json.get("pa_case1_runtime_ms").asDouble()).isEqualTo(12.5);
        assertThat(json.get("pa_case1_engine_ms").asDouble()).isEqualTo(24.0);
        assertThat(json.get("pa_case1_chip_ms").asDouble()).isEqualTo(3.5);
        assertThat(json.get("pa_case1_alloc_bytes_per_task").asDouble()).isEqualTo(229.5);
        assertThat(json.get("run_vector_example_process_s").asDouble()).isEqualTo(0.283);
        assertThat(json.get("pa_case1_functional_s").asDouble()).isEqualTo(7.25);
        assertThat(json.get("pa_case1_functional_golden_match").asBoolean()).isTrue();
        assertThat(json.get("ptosim_version").asText()).isEqualTo("9.9");
        assertThat(json.get("cpus").asInt()).isEqualTo(2);
        assertThat(json.get("hold_model").get("mean_delay_ns").asDouble()).isEqualTo(100_000.0);
        JsonNode engine = json.get("hold").get(1);
        assertThat(engine.get("layer").asText()).isEqualTo("engine");
        assertThat(engine.get("pending").asInt()).isEqualTo(1_000_000);
        assertThat(engine.get("ptosim_events_per_s").asLong()).isEqualTo(5_500_000);
        assertThat(engine.get("priority_queue_events_per_s").asLong()).isEqualTo(1_100_000);
        assertThat(engine.get("speedup").asDouble()).isEqualTo(5.0);
    }
}
