package io.ptosim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ptosim run node-...}: the node workloads' summaries, exit codes and option checks. */
class NodeRunCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final CliHarness cli = new CliHarness();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    @Test
    void pagedAttentionOnFourChipsPrintsPerWorkerLinesAndMatchesItsGolden() {
        assertThat(cli.run("run", "node-paged-attention")).isZero();
        assertThat(out.toString())
                .startsWith("node-paged-attention on a2a3: 4 chip(s), 1 SUB worker(s), two-pass, thread"
                        + " (seed 0, functional, backend sim)")
                .contains("  result       completed\n")
                .contains("  makespan     213.7 us\n")
                .contains("  runs         1\n")
                .contains("  tasks        5   (dispatches 5, failed 0)\n")
                .contains("  chip 3       1 member(s), busy 78.0 %\n")
                .contains("  sub 0        1 member(s), busy 7.2 %\n")
                .contains("  golden       match\n")
                .contains("  digest       1cf40be4d2dce79f\n")
                .contains("  cleanup      nothing left to release\n");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void childMemoryInProcessModeWithTheDirectedPolicyAsJson() throws Exception {
        assertThat(cli.run("run", "node-child-memory", "--policy", "directed", "--mode", "process", "--json")).isZero();
        JsonNode j = MAPPER.readTree(out.toString());
        assertThat(j.get("workload").asText()).isEqualTo("node-child-memory");
        assertThat(j.get("policy").asText()).isEqualTo("directed");
        assertThat(j.get("mode").asText()).isEqualTo("process");
        assertThat(j.get("chips").asInt()).isEqualTo(1);
        assertThat(j.get("ok").asBoolean()).isTrue();
        assertThat(j.get("runs").asInt()).isEqualTo(2);
        assertThat(j.get("makespan_ns").asLong()).isEqualTo(30_503_000L);
        assertThat(j.get("digest").asText()).isEqualTo("99f85033f463e718");
        assertThat(j.get("golden").isArray() && j.get("golden").isEmpty()).isTrue();
        assertThat(j.get("workers").get(0).get("members").asInt()).isEqualTo(2);
    }

    @Test
    void sharedMemoryRunsFourRunsAndTheSameSeedGivesTheSameDigest() throws Exception {
        assertThat(cli.run("run", "node-shared-memory", "--platform", "a5", "--seed", "7")).isZero();
        String first = out.toString();
        assertThat(first).contains("node-shared-memory on a5: 1 chip(s), 1 SUB worker(s)")
                .contains("  runs         4\n").contains("  chip 0       2 member(s)").contains("  golden       match\n");
        out.getBuffer().setLength(0);
        assertThat(cli.run("run", "node-shared-memory", "--platform", "a5", "--seed", "7")).isZero();
        assertThat(out.toString()).isEqualTo(first);
    }

    @Test
    void aFailedRunExitsOneWithItsError() {
        assertThat(cli.run("run", "node-shared-memory", "--set", "node.hostDeviceShareMem=false")).isEqualTo(1);
        assertThat(out.toString()).contains("  result       FAILED: op 0 (ShareMemMalloc): mallocHostDeviceShareMem"
                + " failed with code 207000").contains("  golden       not checked (the run failed)\n");
        assertThat(err.toString()).startsWith("ptosim run: op 0 (ShareMemMalloc)");
    }

    @Test
    void perfettoWritesOneTrackPerChipAndAnArrowFromEveryShardToTheCheck(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("node.json");
        assertThat(cli.run("run", "node-paged-attention", "--chips", "2", "--perfetto", file.toString())).isZero();
        assertThat(out.toString()).contains("  perfetto     " + file + "\n");
        JsonNode doc = MAPPER.readTree(file.toFile());
        List<String> slices = new ArrayList<>();
        int flowStarts = 0;
        for (JsonNode e : doc.get("traceEvents")) {
            if (e.get("ph").asText().equals("X")) {
                slices.add(e.get("pid").asInt() + "/" + e.get("tid").asInt());
            }
            flowStarts += e.get("ph").asText().equals("s") ? 1 : 0;
        }
        assertThat(slices).as("a shard on each chip, the check on the SUB worker").containsExactly("1/0", "1/1", "2/0");
        assertThat(flowStarts).as("both shards feed the check").isEqualTo(2);
        assertThat(doc.get("metadata").get("arrows").asInt()).isEqualTo(2);
    }

    @Test
    void timingOnlyThroughNodeFunctional() {
        assertThat(cli.run("run", "node-child-memory", "--set", "node.functional=false")).isZero();
        assertThat(out.toString()).contains("(seed 0, timing only, backend sim)")
                .contains("  golden       not checked (timing only: node.functional=false)\n")
                .contains("  makespan     182.9 us\n");
    }

    @Test
    void badNodeOptionsAreOneLineUsageErrorsNamingTheOption() {
        assertThat(cli.run("run", "node-paged-attention", "--policy", "nonsense")).isEqualTo(2);
        assertThat(err.toString()).startsWith("ptosim run: --policy nonsense: expected two-pass or directed\n");
        err.getBuffer().setLength(0);
        assertThat(cli.run("run", "node-paged-attention", "--mode", "fork")).isEqualTo(2);
        assertThat(err.toString()).startsWith("ptosim run: --mode fork: expected thread or process\n");
        err.getBuffer().setLength(0);
        assertThat(cli.run("run", "node-paged-attention", "--chips", "17")).isEqualTo(2);
        assertThat(err.toString()).startsWith("ptosim run: --chips 17: node-paged-attention runs on 1 to 16 chips\n");
        err.getBuffer().setLength(0);
        assertThat(cli.run("run", "node-child-memory", "--set", "host.tickNs=0")).isEqualTo(2);
        assertThat(err.toString()).startsWith("ptosim run: platform a2a3: host.tickNs, host.childPollNs and"
                + " host.parentPollNs must be > 0\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aChipThatCannotOpenIsAUsageErrorNamingTheSetting() {
        assertThat(cli.run("run", "node-child-memory", "--set", "node.deviceMemoryBytes=20000000000000")).isEqualTo(2);
        assertThat(err.toString()).startsWith("ptosim run: ").contains("node.deviceMemoryBytes");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void theAffinityWorkloadGivesEachPolicyItsOwnMakespanAndTheSameSeedTheSameDigest() throws Exception {
        assertThat(cli.run("run", "node-affinity", "--policy", "directed", "--json")).isZero();
        JsonNode directed = MAPPER.readTree(out.toString());
        out.getBuffer().setLength(0);
        assertThat(cli.run("run", "node-affinity", "--policy", "directed", "--json")).isZero();
        assertThat(MAPPER.readTree(out.toString()).get("digest")).isEqualTo(directed.get("digest"));
        out.getBuffer().setLength(0);
        assertThat(cli.run("run", "node-affinity", "--json")).isZero();
        JsonNode twoPass = MAPPER.readTree(out.toString());
        assertThat(directed.get("makespan_ns").asLong()).isEqualTo(1_566_371);
        assertThat(twoPass.get("makespan_ns").asLong()).isEqualTo(2_162_531);
        assertThat(twoPass.get("policy").asText()).isEqualTo("two-pass");
    }

    @Test
    void chipAndNodeOptionsDoNotMix() {
        assertThat(cli.run("run", "vector-example", "--chips", "2")).isEqualTo(2);
        assertThat(err.toString()).startsWith("ptosim run: --chips applies to node workloads only"
                + " (node-paged-attention, node-child-memory, node-shared-memory, node-affinity, node-vector-example); 'vector-example' is a chip"
                + " workload");
        err.getBuffer().setLength(0);
        assertThat(cli.run("run", "vector-example", "--policy", "directed")).isEqualTo(2);
        assertThat(err.toString()).startsWith("ptosim run: --policy applies to node workloads only");
        err.getBuffer().setLength(0);
        assertThat(cli.run("run", "node-child-memory", "--variant", "auto")).isEqualTo(2);
        assertThat(err.toString()).startsWith("ptosim run: --variant applies to chip workloads only;"
                + " 'node-child-memory' is a node workload\n");
        err.getBuffer().setLength(0);
        assertThat(cli.run("run", "node-child-memory", "--timing-only")).isEqualTo(2);
        assertThat(err.toString()).contains("(use --set node.functional=false)");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void workloadsListsTheNodeWorkloadsAndHelpShowsTheNodeOptions() {
        assertThat(cli.run("workloads")).isZero();
        assertThat(out.toString()).contains("node-paged-attention   (node: many chips)\n")
                .contains("node-child-memory   (node: many chips)\n").contains("node-shared-memory   (node: many chips)\n")
                .contains("  chips:    4 by default (--chips 1 to 16); --policy two-pass|directed, --mode thread|process");
        out.getBuffer().setLength(0);
        assertThat(cli.run("run", "--help")).isZero();
        assertThat(out.toString()).contains("--chips=N").contains("--policy=P").contains("--mode=M");
    }

    @Test
    void aNodeRunsReportHasALanePerChipAndSubWorkerAndAnArrowPerDependency(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("node.html");
        Path perfetto = dir.resolve("node.json");
        assertThat(cli.run("run", "node-paged-attention", "--chips", "2", "--report", page.toString(), "--perfetto",
                perfetto.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("  report       " + page + " (3 task members, 2 dependency arrows)\n");
        PlainFilePermissions.assertLikeAPlainFile(page);
        String html = java.nio.file.Files.readString(page);
        assertThat(html).contains("data-lanes=\"3\" data-slices=\"3\" data-arrows=\"2\"")
                .contains("<pre id=\"summary\">node-paged-attention on a2a3: 2 chip(s), 1 SUB worker(s)")
                .contains(">chip 0</text>").contains(">chip 1</text>").contains(">sub 0</text>");
        assertThat(html.split("<rect class=\"member", -1)).hasSize(4);
        assertThat(html.split("<line class=\"dep\"", -1)).hasSize(3);
        JsonNode trace = MAPPER.readTree(perfetto.toFile());
        assertThat(trace.get("metadata").get("slices").asInt()).as("the Perfetto file tells the same timeline").isEqualTo(3);
        assertThat(trace.get("metadata").get("arrows").asInt()).isEqualTo(2);
    }
}
