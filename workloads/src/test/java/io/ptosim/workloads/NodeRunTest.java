package io.ptosim.workloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptosim.node.NodeRunResult;
import io.ptosim.node.SchedulingPolicy;
import io.ptosim.node.WorkerMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The three node workloads through {@link NodeRun} on simulated chips: goldens, counts, determinism, failures. */
class NodeRunTest {
    static List<Arguments> everyWorkloadPolicyAndMode() {
        List<Arguments> a = new ArrayList<>();
        for (NodeWorkload w : Catalog.nodes()) {
            for (SchedulingPolicy p : SchedulingPolicy.values()) {
                for (WorkerMode m : WorkerMode.values()) {
                    a.add(Arguments.of(w.name(), p, m));
                }
            }
        }
        return a;
    }

    private static NodeRun.Result run(String name, SchedulingPolicy p, WorkerMode m) {
        NodeWorkload w = Catalog.nodeByName(name);
        return NodeRun.run(w.instance(w.defaultChips()), NodeRun.Options.of(p, m));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("everyWorkloadPolicyAndMode")
    void passesItsGoldenWithTheExpectedCountsAndRepeatsItsDigest(String name, SchedulingPolicy p, WorkerMode m) {
        NodeRun.Result r = run(name, p, m);
        NodeRunResult n = r.node();
        assertThat(n.error()).isEmpty();
        assertThat(n.ok()).isTrue();
        assertThat(r.golden()).as("checked and matching").isEmpty();
        assertThat(r.backend()).isEqualTo("sim");
        // runs = drains; tasks = submits; every task is one member
        int[] expected = switch (name) {
            case "node-paged-attention" -> new int[] {1, 5, 5};
            case "node-child-memory" -> new int[] {2, 2, 2};
            case "node-affinity" -> new int[] {1, 13, 13};
            case "node-vector-example" -> new int[] {1, 2, 2};
            default -> new int[] {4, 4, 4};
        };
        assertThat(new long[] {n.runs(), n.tasks(), n.dispatches(), n.failed()})
                .containsExactly(expected[0], expected[1], expected[2], 0);
        assertThat(n.cleanup()).as("every shared block was freed by the program").isEmpty();
        if (m == WorkerMode.PROCESS) {
            long workers = n.workers().size();
            assertThat(n.makespanNs()).as("the forks come first").isGreaterThan(workers * 30_000_000L);
        }
        assertThat(run(name, p, m).node().digest()).isEqualTo(n.digest());
    }

    @Test
    void threadModeMakespansPinTheDefaultCostModelAndPoliciesAgreeWithoutContention() {
        assertThat(run("node-paged-attention", SchedulingPolicy.TWO_PASS, WorkerMode.THREAD).node().makespanNs())
                .isEqualTo(213_724);
        assertThat(run("node-child-memory", SchedulingPolicy.TWO_PASS, WorkerMode.THREAD).node().makespanNs())
                .isEqualTo(182_916);
        assertThat(run("node-shared-memory", SchedulingPolicy.TWO_PASS, WorkerMode.THREAD).node().makespanNs())
                .isEqualTo(173_352);
        assertThat(run("node-paged-attention", SchedulingPolicy.DIRECTED, WorkerMode.THREAD).node().digest())
                .as("every task is pinned to its own idle worker: both policies place them alike")
                .isEqualTo(run("node-paged-attention", SchedulingPolicy.TWO_PASS, WorkerMode.THREAD).node().digest());
        assertThat(run("node-paged-attention", SchedulingPolicy.TWO_PASS, WorkerMode.PROCESS).node().digest())
                .isNotEqualTo(run("node-paged-attention", SchedulingPolicy.TWO_PASS, WorkerMode.THREAD).node().digest());
    }

    @Test
    void theAffinityWorkloadShowsTheTwoPassTickThatDirectedQueuesAvoid() {
        NodeRunResult twoPass = run("node-affinity", SchedulingPolicy.TWO_PASS, WorkerMode.THREAD).node();
        NodeRunResult directed = run("node-affinity", SchedulingPolicy.DIRECTED, WorkerMode.THREAD).node();
        assertThat(directed.makespanNs()).as("the chain runs on chip 1 while chip 0 works").isEqualTo(1_566_371);
        assertThat(twoPass.makespanNs()).as("each link waits behind the requeued pinned task").isEqualTo(2_162_531);
        assertThat(directed.workers().get(1).members()).as("the whole chain on chip 1").isEqualTo(8);
        assertThat(twoPass.workers().get(0).members()).isEqualTo(11);
    }

    @Test
    void pagedAttentionPinsShardIToChipIAndScalesWithTheChipCount() {
        NodeRun.Result r = NodeRun.run(new NodePagedAttention().instance(2),
                NodeRun.Options.of(SchedulingPolicy.DIRECTED, WorkerMode.THREAD));
        assertThat(r.golden()).isEmpty();
        assertThat(r.node().tasks()).isEqualTo(3);
        assertThat(r.node().workers()).extracting(NodeRunResult.WorkerStats::label, NodeRunResult.WorkerStats::members)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("chip 0", 1L),
                        org.assertj.core.groups.Tuple.tuple("chip 1", 1L), org.assertj.core.groups.Tuple.tuple("sub 0", 1L));
    }

    @Test
    void aCorruptShardInputFailsTheSubCheckAndTheRun() {
        NodeWorkloadInstance bad = new NodePagedAttention().instance(4)
                .withInput(NodePagedAttention.shardBuffer(2, "query"), e -> 0.0);
        NodeRun.Result r = NodeRun.run(bad, NodeRun.Options.of(SchedulingPolicy.TWO_PASS, WorkerMode.THREAD));
        assertThat(r.node().ok()).isFalse();
        assertThat(r.node().error()).contains("golden check on the host: shard 2: out[").doesNotContain("shard 1:");
        assertThat(r.node().failed()).isEqualTo(1);
        assertThat(r.golden()).as("not checked after a failed run").isNull();
        assertThat(r.passed()).isFalse();
    }

    @Test
    void aCorruptInputOfTheChildMemorySceneIsCaughtByTheHostGolden() {
        NodeWorkloadInstance bad = new NodeChildMemory().instance(1).withInput("x2", e -> 7.0);
        NodeRun.Result r = NodeRun.run(bad, NodeRun.Options.of(SchedulingPolicy.TWO_PASS, WorkerMode.THREAD));
        assertThat(r.node().ok()).isTrue();
        assertThat(r.golden()).hasSize(NodeGolden.MAX_REPORTED).first().asString()
                .isEqualTo("out2[1] = 3.5, expected 1.0 exactly");
        assertThat(r.passed()).isFalse();
    }

    @Test
    void timingOnlyRunsSkipTheGoldenWithTheSameMakespan() {
        NodeWorkloadInstance w = new NodeSharedMemory().instance(1);
        NodeRun.Result timing = NodeRun.run(w, new NodeRun.Options("a2a3", Map.of("node.functional", "false"),
                SchedulingPolicy.TWO_PASS, WorkerMode.THREAD, 0, null, Map.of()));
        assertThat(timing.node().ok()).isTrue();
        assertThat(timing.golden()).isNull();
        assertThat(timing.node().makespanNs()).isEqualTo(173_352);
    }

    @Test
    void sharedMemoryFailsCleanlyWhereThePlatformHasNone() {
        NodeRun.Result r = NodeRun.run(new NodeSharedMemory().instance(1), new NodeRun.Options("a5",
                Map.of("node.hostDeviceShareMem", "false"), SchedulingPolicy.TWO_PASS, WorkerMode.THREAD, 0, null,
                Map.of()));
        assertThat(r.node().ok()).isFalse();
        assertThat(r.node().error()).contains("failed with code 207000").contains("unsupported on platform a5");
        assertThat(r.node().dispatches()).isZero();
    }

    @Test
    void hostTimingComesFromThePlatformSettings() {
        NodeRun.Result r = NodeRun.run(new NodeChildMemory().instance(1), new NodeRun.Options("a2a3",
                Map.of("host.forkNs", "1000000"), SchedulingPolicy.TWO_PASS, WorkerMode.PROCESS, 0, null, Map.of()));
        assertThat(r.passed()).isTrue();
        assertThat(r.node().makespanNs()).as("one fork of 1 ms instead of 30 ms")
                .isEqualTo(30_503_000L - 29_000_000L);
    }

    @Test
    void chipCountsOutsideOneToSixteenAreRejected() {
        assertThatThrownBy(() -> new NodePagedAttention().instance(0))
                .hasMessage("--chips 0: node-paged-attention runs on 1 to 16 chips");
        assertThatThrownBy(() -> new NodeChildMemory().instance(17))
                .hasMessage("--chips 17: node-child-memory runs on 1 to 16 chips");
    }
}
