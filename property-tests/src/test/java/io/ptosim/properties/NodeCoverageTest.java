package io.ptosim.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.node.NodeConfig;
import io.ptosim.node.NodeOp;
import io.ptosim.node.SchedulingPolicy;
import io.ptosim.node.SlotState;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Shows the node properties bite: the drawn cases reach the situations they are about. */
class NodeCoverageTest {
    @Test
    void drawnCasesCollideFailAndShrinkHeaps() {
        Map<String, Integer> n = new TreeMap<>();
        for (long seed = 0; seed < 60; seed++) {
            NodeCase c = NodeProperties.generate(seed);
            NodeRun.Outcome o = NodeRun.run(c, NodeConfig.DEFAULT.withPolicy(SchedulingPolicy.DIRECTED));
            n.merge("runs ok", o.result().ok() ? 1 : 0, Integer::sum);
            n.merge("runs stopped by an unmatched free", o.result().error().contains("free") ? 1 : 0, Integer::sum);
            n.merge("drains", (int) c.program().ops().stream().filter(NodeOp.Drain.class::isInstance).count() - 1,
                    Integer::sum);
            for (NodeRun.TaskRecord t : o.tasks()) {
                n.merge("tasks", 1, Integer::sum);
                n.merge("producer edges", t.producers().size(), Integer::sum);
                n.merge("groups", t.group() ? 1 : 0, Integer::sum);
                for (int p : t.producers()) {
                    NodeRun.TaskRecord pt = o.task(t.run(), p);
                    if (pt.name().equals("alloc")) {
                        n.merge("edges from alloc slots", 1, Integer::sum);
                    }
                    for (NodeRun.Dispatch a : t.dispatches()) {
                        for (NodeRun.Dispatch b : pt.dispatches()) {
                            if (a.worker() != b.worker() && t.type() == pt.type()) {
                                n.merge("edges across workers", 1, Integer::sum);
                            }
                        }
                    }
                }
            }
            NodeCase f = NodeProperties.generateFailing(seed);
            NodeRun.Outcome fo = NodeRun.run(f, NodeConfig.DEFAULT);
            for (NodeRun.TaskRecord t : fo.tasks()) {
                if (t.ended() == SlotState.FAILED && t.dispatches().isEmpty()) {
                    boolean cancelled = t.error().startsWith("op ");
                    n.merge(cancelled ? "cancelled tasks" : "poisoned tasks", 1, Integer::sum);
                    n.merge("tasks cancelled by a fail-fast submit", cancelled && t.error().contains("(Submit") ? 1 : 0,
                            Integer::sum);
                }
            }
            NodeCase s = NodeProperties.generateClean(seed);
            if (s.heapBytes() != 0) {
                NodeRun.Outcome so = NodeRun.run(s, NodeConfig.DEFAULT);
                n.merge("tiny-heap runs", 1, Integer::sum);
                n.merge("tiny-heap runs failed", so.result().ok() ? 0 : 1, Integer::sum);
            }
        }
        assertThat(n.get("tasks")).isGreaterThan(400);
        assertThat(n.get("groups")).isGreaterThan(50);
        assertThat(n.get("edges across workers")).as("producer and consumer on different workers").isGreaterThan(100);
        assertThat(n.get("edges from alloc slots")).isGreaterThan(3);
        assertThat(n.get("poisoned tasks")).isGreaterThan(10);
        assertThat(n.get("tasks cancelled by a fail-fast submit")).as("HEAD's fail-fast and cancellation")
                .isGreaterThan(3);
        assertThat(n.get("drains")).as("programs of several runs").isGreaterThan(10);
        assertThat(n.get("runs stopped by an unmatched free")).isBetween(1, 15);
        assertThat(n.get("tiny-heap runs failed")).isGreaterThan(0);
    }

    @Test
    void theDependencyModelSeesConsumedProducersAndTightHeaps() {
        NodeProperties.MODEL_COUNTS[0] = 0;
        NodeProperties.MODEL_COUNTS[1] = 0;
        int tight = 0;
        int tightFailed = 0;
        for (long seed = 0; seed < 100; seed++) {
            NodeCase c = NodeProperties.generateTight(seed);
            assertThat(NodeProperties.dependencies(c)).isNull();
            if (c.heapBytes() != 0) {
                tight++;
                tightFailed += NodeRun.run(c, NodeProperties.configs(c).get(0)).result().ok() ? 0 : 1;
            }
        }
        assertThat(NodeProperties.MODEL_COUNTS[0]).as("tasks modelled").isGreaterThan(1000);
        // 13 since HEAD's rules shape the drawn programs (a control after a submit starts a new run)
        assertThat(NodeProperties.MODEL_COUNTS[1]).as("model producers consumed before publication").isGreaterThan(10);
        assertThat(tight).isGreaterThan(20);
        assertThat(tightFailed).as("tight heaps that ran out").isBetween(1, tight / 2);
    }

    @Test
    void everyDrawnProgramIsValid() {
        for (long seed = 0; seed < 300; seed++) {
            assertThat(NodeProgramEdits.valid(NodeProperties.generate(seed))).as("seed " + seed).isNull();
        }
    }

    @Test
    void theShrinkerKeepsProgramsValidAndDropsUsesWithTheirDefinition() {
        NodeCase c = NodeProperties.generate(3);
        for (int i = 0; i < c.program().ops().size() - 1; i++) {
            NodeProgramEdits.withoutOps(c, java.util.Set.of(i)).ifPresent(p ->
                    assertThat(NodeProgramEdits.valid(c.withProgram(p))).isNull());
        }
        NodeCase failing = NodeShrinker.shrink(c, x -> x.program().ops().stream()
                .anyMatch(op -> op instanceof NodeOp.SubmitChip s && s.group()), 500);
        assertThat(failing.program().ops()).hasSize(2);
    }
}
