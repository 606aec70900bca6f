package io.ptosim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ptosim.workloads.Catalog;
import io.ptosim.workloads.ChipRun;
import io.ptosim.workloads.Workload;
import io.ptosim.workloads.WorkloadInstance;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ptosim run --explain} and {@code replay --explain}: the verdicts, exact parts, measured suggestions. */
class ExplainCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final CliHarness cli = new CliHarness();

    @TempDir
    Path dir;

    private JsonNode explainJson(String... args) throws Exception {
        cli.out.getBuffer().setLength(0);
        String[] all = new String[args.length + 3];
        all[0] = "run";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--explain";
        all[args.length + 2] = "--json";
        assertThat(cli.run(all)).as(cli.err.toString()).isZero();
        return MAPPER.readTree(cli.out.toString());
    }

    /** The parts add up to the summary's elapsed: exactly in ps, and in the printed us to the nanosecond. */
    private static void assertPartsAddUp(JsonNode j) {
        long elapsedNs = Math.round(j.get("elapsed_us").asDouble() * 1000);
        JsonNode x = j.get("explain");
        long ps = 0;
        long ns = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = x.get("parts").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> part = it.next();
            ns += Math.round(part.getValue().asDouble() * 1000);
            ps += x.get("parts_ps").get(part.getKey()).asLong();
        }
        assertThat(ps).isEqualTo(elapsedNs * 1000);
        assertThat(ns).isEqualTo(elapsedNs);
        assertThat(x.get("parts").fieldNames()).toIterable().containsExactly("orchestrator", "ring_block",
                "dependency_wait", "scheduler", "compute", "memory_wait");
        assertThat(x.get("parts").get("memory_wait").asDouble()).isNotNegative();
        long covered = 0;
        long at = 0;
        for (JsonNode step : x.get("path")) {
            assertThat(step.get("from_ps").asLong()).as("steps touch").isEqualTo(at);
            at = step.get("to_ps").asLong();
            covered += at - step.get("from_ps").asLong();
        }
        if (x.get("path_omitted").asInt() == 0) {
            assertThat(covered).isEqualTo(elapsedNs * 1000);
        }
    }

    /** Each suggestion's elapsed is what an independent what-if run of the same workload gives. */
    private static void assertSuggestionsAreWhatIfRuns(JsonNode j, String workload, String caseName) {
        Workload w = Catalog.byName(workload);
        WorkloadInstance instance = w.instance(caseName, w.defaultVariant());
        assertThat(j.get("explain").get("suggestions")).hasSize(3);
        for (JsonNode s : j.get("explain").get("suggestions")) {
            String[] kv = s.get("set").asText().split("=");
            long ns = ChipRun.run(instance, "a2a3", Map.of(kv[0], kv[1]), false, 0).summary().elapsedNs();
            assertThat(Math.round(s.get("elapsed_us").asDouble() * 1000)).as(s.get("set").asText()).isEqualTo(ns);
            long base = Math.round(j.get("elapsed_us").asDouble() * 1000);
            assertThat(s.get("delta_pct").asDouble()).isCloseTo(Math.round(10000.0 * (ns - base) / base) / 100.0,
                    org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void pagedAttentionCase1IsOrchestratorBoundWithSubmitScopeBeginAndLookupsDominating() throws Exception {
        JsonNode j = explainJson("paged-attention", "--timing-only");
        JsonNode x = j.get("explain");
        assertThat(x.get("bound").asText()).isEqualTo("orchestrator-bound");
        assertThat(x.get("parts").get("orchestrator").asDouble() / j.get("elapsed_us").asDouble()).isGreaterThan(0.99);
        assertThat(x.get("orchestrator_steps_us").fieldNames()).toIterable().startsWith("submit", "scope begin",
                "lookups");
        assertThat(x.get("path").get(0).get("kind").asText()).isEqualTo("orchestrator");
        assertThat(x.get("path").get(0).get("submits").asInt()).isGreaterThan(65_000);
        assertPartsAddUp(j);
        assertSuggestionsAreWhatIfRuns(j, "paged-attention", "Case1");
    }

    @Test
    void pagedAttentionUnrollCase1IsBandwidthBoundAndMoreHbmBandwidthHelpsMost() throws Exception {
        JsonNode j = explainJson("paged-attention-unroll", "--timing-only");
        JsonNode x = j.get("explain");
        assertThat(x.get("bound").asText()).isEqualTo("bandwidth-bound");
        assertThat(x.get("parts").get("memory_wait").asDouble()).isGreaterThan(x.get("parts").get("compute").asDouble());
        assertThat(x.get("suggestions").get(0).get("set").asText()).isEqualTo("memory.hbmGbps=3200");
        assertThat(x.get("suggestions").get(0).get("elapsed_us").asDouble()).isEqualTo(849.537);
        assertPartsAddUp(j);
        assertSuggestionsAreWhatIfRuns(j, "paged-attention-unroll", "Case1");
        cli.out.getBuffer().setLength(0);
        assertThat(cli.run("run", "paged-attention-unroll", "--timing-only", "--explain")).isZero();
        assertThat(cli.out.toString()).contains("explain      bandwidth-bound")
                .contains("  = elapsed              1327.419 us")
                .contains("    --set memory.hbmGbps=3200                     849.5 us    -36.0 %");
    }

    @Test
    void thePartsAddUpOnEveryKindOfWorkload() throws Exception {
        String[][] runs = {
            {"vector-example"}, {"bgemm", "--timing-only"}, {"mixed-example", "--timing-only"},
            {"spmd-multiblock", "--timing-only"}, {"paged-attention", "--case", "CaseSmall1"},
            {"paged-attention-unroll", "--case", "CaseSmall2", "--variant", "manual", "--timing-only"},
            {"paged-attention-unroll", "--timing-only", "--set", "ring.taskWindow=64"},
            {"paged-attention", "--case", "Case3", "--variant", "manual", "--timing-only"},
        };
        for (String[] run : runs) {
            assertPartsAddUp(explainJson(run));
        }
    }

    @Test
    void aFunctionalRunsSuggestionsMatchFunctionalWhatIfs() throws Exception {
        JsonNode j = explainJson("vector-example");
        WorkloadInstance w = Catalog.byName("vector-example").instance("default", "auto");
        for (JsonNode s : j.get("explain").get("suggestions")) {
            String[] kv = s.get("set").asText().split("=");
            assertThat(Math.round(s.get("elapsed_us").asDouble() * 1000)).isEqualTo(
                    ChipRun.run(w, "a2a3", Map.of(kv[0], kv[1]), true, 0).summary().elapsedNs());
        }
    }

    @Test
    void theSameRunExplainsTheSameTwice() throws Exception {
        JsonNode first = explainJson("paged-attention-unroll", "--timing-only", "--set", "ring.taskWindow=64")
                .get("explain");
        JsonNode second = explainJson("paged-attention-unroll", "--timing-only", "--set", "ring.taskWindow=64")
                .get("explain");
        assertThat(second).isEqualTo(first);
        assertThat(first.get("path_steps").asInt()).isPositive();
        // the waits on the 64-slot window are followed to the releases that ended them: what held the
        // window was the execution of the tasks ahead, and the path says so
        assertThat(first.get("bound").asText()).isEqualTo("execution-bound");
        assertThat(first.get("parts").get("ring_block").asDouble()).isEqualTo(72.219);
        assertThat(first.get("suggestions")).extracting(s -> s.get("set").asText()).containsExactly(
                "memory.hbmGbps=3200", "core.aic.gbps=400", "ring.taskWindow=128");
        assertThat(first.get("suggestions").get(0).get("delta_pct").asDouble()).isEqualTo(-28.6);
    }

    @Test
    void replayExplainsTheRecordedRunAsRunDid() throws Exception {
        Path trace = dir.resolve("run.ptrace");
        JsonNode run = explainJson("mixed-example", "--timing-only", "--trace", trace.toString());
        cli.out.getBuffer().setLength(0);
        assertThat(cli.run("replay", trace.toString(), "--explain", "--json")).isZero();
        assertThat(MAPPER.readTree(cli.out.toString()).get("explain")).isEqualTo(run.get("explain"));
    }

    @Test
    void nodeWorkloadsAreRefusedAndHelpListsTheOption() {
        assertThat(cli.run("run", "node-affinity", "--explain")).isEqualTo(2);
        assertThat(cli.err.toString()).startsWith("ptosim run: --explain applies to chip workloads only;"
                + " 'node-affinity' is a node workload");
        assertThat(cli.run("run", "--help")).isZero();
        assertThat(cli.out.toString()).contains("--explain");
        cli.out.getBuffer().setLength(0);
        assertThat(cli.run("replay", "--help")).isZero();
        assertThat(cli.out.toString()).contains("--explain");
    }
}
