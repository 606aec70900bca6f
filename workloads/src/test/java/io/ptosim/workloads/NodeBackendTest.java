package io.ptosim.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.node.SchedulingPolicy;
import io.ptosim.node.WorkerMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The node runs on whichever provider is named: a second one from ServiceLoader, chosen by flag or environment. */
class NodeBackendTest {
    private static NodeRun.Result run(String flag, Map<String, String> env) {
        NodeWorkload w = Catalog.nodeByName("node-child-memory");
        return NodeRun.run(w.instance(1), new NodeRun.Options("a2a3", Map.of(), SchedulingPolicy.TWO_PASS,
                WorkerMode.THREAD, 0, flag, env));
    }

    @Test
    void aSecondProviderSelectedByNameSeesEveryCallTheNodeMakes() {
        CountingBackend.CALLS.clear();
        NodeRun.Result counted = run("counting", Map.of());
        assertThat(counted.backend()).isEqualTo("counting");
        assertThat(counted.passed()).isTrue();
        assertThat(CountingBackend.CALLS).containsExactly("0:malloc", "0:malloc", "0:copyTo", "0:run child_add",
                "0:run child_mul", "0:copyFrom", "0:free", "0:free", "0:close");
        NodeRun.Result sim = run(null, Map.of());
        assertThat(counted.node().digest()).as("the same chip behind it: the same run").isEqualTo(sim.node().digest());
        CountingBackend.CALLS.clear();
        assertThat(run(null, Map.of("PTOSIM_BACKEND", "counting")).backend()).isEqualTo("counting");
        assertThat(CountingBackend.CALLS).hasSize(9);
    }
}
