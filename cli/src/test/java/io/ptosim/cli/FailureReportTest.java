package io.ptosim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A failed run's report (issue 17, acceptance 4): a dep-pool deadlock's summary line by line (the code's
 * name and meaning first, the blocked resource and head task, no percentages of a zero window, the
 * high-water marks, the searched size), and a rerun with the suggested size completes.
 */
class FailureReportTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** A MANUAL_HYBRID scope whose end needs more fanout nodes than a 4-node dep pool holds. */
    private static final String[] DEADLOCK = {"run", "paged-attention", "--case", "CaseVarSeq4", "--variant",
        "partial-manual", "--timing-only"};

    private static String[] with(String... more) {
        String[] all = Arrays.copyOf(DEADLOCK, DEADLOCK.length + more.length);
        System.arraycopy(more, 0, all, DEADLOCK.length, more.length);
        return all;
    }

    @Test
    void aDepPoolDeadlockSaysWhatItIsWhatWasBlockedAndWhichSizeLetsItPass() {
        CliHarness cli = new CliHarness();
        assertThat(cli.run(with("--set", "ring.depPool=4"))).isEqualTo(1);
        List<String> lines = cli.out.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo("paged-attention CaseVarSeq4 partial-manual on a2a3 (seed 0, timing only)");
        assertThat(lines.get(1)).isEqualTo("  result       FAILED: code 4 DEP_POOL_OVERFLOW (dep-list or spill pool"
                + " exhausted/deadlocked)");
        assertThat(lines.get(2)).isEqualTo("  error        FATAL: Dependency Pool Deadlock Detected! ring=2: manual scope"
                + " end needs 3 fanout nodes");
        assertThat(lines.get(3)).isEqualTo("  blocked on   dep pool of ring 2 (4 nodes; ring.depPool)");
        assertThat(lines.get(4)).isEqualTo("  head task    r2t0 PENDING, held by the open scope at depth 2");
        assertThat(lines.get(5)).isEqualTo("  scope depth  2");
        assertThat(lines.get(6)).isEqualTo("  at op        30: scope_end of the depth-2 scope");
        // the orchestrator's window is where it stopped, not zero, and the split is of that window
        assertThat(lines.get(7)).isEqualTo("  stopped at   6.9 us   (orchestrator 6.9 us)");
        assertThat(lines.get(8)).isEqualTo("  tasks        13 submitted, 0 completed   (edges 2, kernel blocks dispatched 0)");
        assertThat(lines.get(9)).startsWith("  orch split   submit 38 %, ");
        int total = 0;
        for (String part : lines.get(9).substring("  orch split   ".length()).split(", ")) {
            total += Integer.parseInt(part.replaceAll(".* (\\d+) %$", "$1"));
        }
        assertThat(total).as("parts of the window the orchestrator ran").isBetween(98, 100);
        assertThat(lines.get(10)).isEqualTo("  blocked      never");
        // nothing was dispatched: no utilisation or work lines
        assertThat(lines.get(11)).isEqualTo("  high water   task window  ring0 0, ring1 0, ring2 13, ring3 0 of 16384"
                + " tasks each (ring.taskWindow)");
        assertThat(lines.get(12)).isEqualTo("               heap         ring0 0, ring1 0, ring2 18432, ring3 0 of"
                + " 268435456 bytes each (ring.heapBytes)");
        assertThat(lines.get(13)).isEqualTo("               dep pool     ring0 0, ring1 0, ring2 2, ring3 0 of 4 nodes"
                + " each (ring.depPool)");
        assertThat(lines.get(14)).isEqualTo("               tensormap    0 of 65536 entries (tensorMap.pool)");
        assertThat(lines.get(15)).isEqualTo("  suggest      --set ring.depPool=80 is the smallest that gets past this"
                + " error; the run then completes (found by search: 11 timing-only rerun(s), doubling ring.depPool from 4"
                + " then bisecting)");
        assertThat(lines.get(16)).isEqualTo("  lost ready   0 task(s) lost to a full ready queue");
        assertThat(lines.get(17)).startsWith("  digest       ");
        assertThat(lines.get(18)).startsWith("  simulated    ");
        assertThat(lines).hasSize(19).noneMatch(l -> l.matches(".*\\d{4,} %.*"));
        assertThat(cli.err.toString()).isEqualTo("ptosim run: the run failed with code 4 (DEP_POOL_OVERFLOW); the"
                + " summary on standard output tells what was blocked" + System.lineSeparator());

        CliHarness rerun = new CliHarness();
        assertThat(rerun.run(with("--set", "ring.depPool=80"))).as(rerun.out.toString()).isZero();
        assertThat(rerun.out.toString()).contains("  result       completed").contains("               dep pool     ring0 0,"
                + " ring1 0, ring2 58, ring3 0 of 80 nodes each (ring.depPool)");
        CliHarness smaller = new CliHarness();
        assertThat(smaller.run(with("--set", "ring.depPool=79"))).as("the search's answer is the smallest").isEqualTo(1);
    }

    @Test
    void theJsonSummaryCarriesTheFailureTheMarksAndTheSearch() throws Exception {
        CliHarness cli = new CliHarness();
        assertThat(cli.run(with("--set", "ring.depPool=4", "--json"))).isEqualTo(1);
        JsonNode j = MAPPER.readTree(cli.out.toString());
        JsonNode f = j.get("failure");
        assertThat(f.get("code").asInt()).isEqualTo(4);
        assertThat(f.get("name").asText()).isEqualTo("DEP_POOL_OVERFLOW");
        assertThat(f.get("resource").asText()).isEqualTo("dep pool");
        assertThat(f.get("ring").asInt()).isEqualTo(2);
        assertThat(f.get("head_task").asText()).isEqualTo("r2t0");
        assertThat(f.get("head_state").asText()).isEqualTo("PENDING");
        assertThat(f.get("op_index").asInt()).isEqualTo(30);
        assertThat(j.get("completed_tasks").asLong()).isZero();
        assertThat(j.get("orch_us").asDouble()).isEqualTo(6.9, org.assertj.core.data.Offset.offset(0.05));
        assertThat(j.get("high_water").get("dep_pool").get("peak").toString()).isEqualTo("[0,0,2,0]");
        assertThat(j.get("high_water").get("dep_pool").get("size").toString()).isEqualTo("[4,4,4,4]");
        assertThat(j.get("high_water").get("tensormap").get("set_key").asText()).isEqualTo("tensorMap.pool");
        JsonNode search = j.get("size_search");
        assertThat(search.get("key").asText()).isEqualTo("ring.depPool");
        assertThat(search.get("value").asLong()).isEqualTo(80);
        assertThat(search.get("then_completed").asBoolean()).isTrue();
        assertThat(search.get("method").asText()).isEqualTo("doubling then bisection");
    }

    @Test
    void aCompletedRunHasNoFailureAndItsMarks() throws Exception {
        CliHarness cli = new CliHarness();
        assertThat(cli.run("run", "vector-example", "--timing-only", "--json")).isZero();
        JsonNode j = MAPPER.readTree(cli.out.toString());
        assertThat(j.get("failure").isNull()).isTrue();
        assertThat(j.get("size_search").isNull()).isTrue();
        assertThat(j.get("high_water").get("task_window").get("peak").toString())
                .isEqualTo(j.get("peak_live").toString());
        assertThat(j.get("high_water").fieldNames()).toIterable()
                .containsExactly("task_window", "heap", "dep_pool", "tensormap");
    }
}
