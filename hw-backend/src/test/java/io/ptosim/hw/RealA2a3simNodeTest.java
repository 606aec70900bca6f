package io.ptosim.hw;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.hw.abi.HwHome;
import io.ptosim.node.HostBuffer;
import io.ptosim.node.NodeArg;
import io.ptosim.node.NodeProgram;
import io.ptosim.node.SchedulingPolicy;
import io.ptosim.node.WorkerMode;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.spi.CallableRef;
import io.ptosim.workloads.NodeRun;
import io.ptosim.workloads.NodeVectorExample;
import io.ptosim.workloads.NodeWorkloadInstance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Opt-in: the node runtime on simpler's own a2a3sim, built by the simpler-sim script into
 * PTOSIM_HW_HOME ({@code ./mvnw -Phw-real -pl hw-backend -am verify}). Each test prints its wall times.
 */
@Tag(HwHome.TAG)
class RealA2a3simNodeTest {
    private static NodeRun.Result run(NodeWorkloadInstance w, Path home, SchedulingPolicy policy) {
        return NodeRun.run(w, new NodeRun.Options("a2a3", Map.of(HwSettings.HOME, home.toString()), policy,
                WorkerMode.THREAD, 0, "a2a3sim", Map.of()));
    }

    @ParameterizedTest
    @EnumSource(SchedulingPolicy.class)
    void nodeVectorExampleOnTwoChipsMatchesTheGolden(SchedulingPolicy policy) {
        Path home = HwHome.require();
        long start = System.nanoTime();
        NodeRun.Result r = run(new NodeVectorExample().instance(2), home, policy);
        long wallNs = System.nanoTime() - start;
        assertThat(r.node().error()).isEmpty();
        assertThat(r.golden()).isEmpty();
        assertThat(r.notes()).isEmpty();
        System.out.printf(Locale.ROOT, "node-vector-example on a2a3sim, 2 chips, %s: %.0f ms wall in all, per task %s%n",
                policy, wallNs / 1e6, r.node().workers().stream()
                        .map(w -> String.format(Locale.ROOT, "%.1f ms", w.busyNs() / 1e6 / w.members())).toList());
    }

    @Test
    void threeHundredTasksThroughOneWorker() {
        Path home = HwHome.require();
        int n = 128 * 128;
        int tasks = 300;
        NodeProgram.Builder b = NodeProgram.builder("soak");
        HostBuffer a = b.host("a", DataType.FLOAT32, n);
        HostBuffer bb = b.host("b", DataType.FLOAT32, n);
        List<HostBuffer> outs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            outs.add(b.host("f" + i, DataType.FLOAT32, n));
        }
        for (int t = 0; t < tasks; t++) {
            b.submit(new CallableRef(NodeVectorExample.CALLABLE), 0,
                    new NodeArg(TensorArgType.INPUT, NodeProgram.tensor(a.ptr(), DataType.FLOAT32, n)),
                    new NodeArg(TensorArgType.INPUT, NodeProgram.tensor(bb.ptr(), DataType.FLOAT32, n)),
                    new NodeArg(TensorArgType.OUTPUT_EXISTING,
                            NodeProgram.tensor(outs.get(t % outs.size()).ptr(), DataType.FLOAT32, n)));
        }
        b.drain();
        NodeWorkloadInstance w = new NodeWorkloadInstance("soak", 1, 0, b.build(), Map.of("a", e -> 2.0, "b", e -> 3.0),
                host -> {
                    List<String> bad = new ArrayList<>();
                    for (HostBuffer f : outs) {
                        for (long e = 0; e < n && bad.size() < 3; e++) {
                            double v = host.read(DataType.FLOAT32, f.addr() + 4 * e);
                            if (v != 47.0) {
                                bad.add(f.name() + "[" + e + "] = " + v);
                            }
                        }
                    }
                    return bad;
                });
        long start = System.nanoTime();
        NodeRun.Result r = run(w, home, SchedulingPolicy.TWO_PASS);
        long wallNs = System.nanoTime() - start;
        assertThat(r.node().error()).isEmpty();
        assertThat(r.golden()).isEmpty();
        assertThat(r.node().workers().get(0).members()).isEqualTo(tasks);
        System.out.printf(Locale.ROOT, "soak: %d vector_example tasks through one a2a3sim worker in %.1f s wall,"
                + " %.1f ms per task%n", tasks, wallNs / 1e9, r.node().workers().get(0).busyNs() / 1e6 / tasks);
    }
}
