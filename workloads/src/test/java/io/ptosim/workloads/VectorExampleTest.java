package io.ptosim.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.kernel.Kernel;
import io.ptosim.kernel.KernelTable;
import io.ptosim.program.DependencyView;
import io.ptosim.runtime.DepEdge;
import io.ptosim.runtime.DependencyReplay;
import io.ptosim.runtime.RuntimeConfig;
import io.ptosim.runtime.TaskId;
import java.util.List;
import org.junit.jupiter.api.Test;

class VectorExampleTest {
    private final WorkloadInstance w = new VectorExample().instance("default", "auto");

    @Test
    void theEdgesAreTheSixCreatorEdgesOfTheDepGenGate() {
        List<String> edges = DependencyReplay.edgesOf(DependencyView.submitsOf(w.program())).stream()
                .map(e -> TaskId.display(e.pred()) + "->" + TaskId.display(e.succ()) + " " + e.source()).toList();
        assertThat(edges).containsExactlyInAnyOrder("t0->r1t0 CREATOR", "t0->r1t1 CREATOR", "r1t0->r1t2 CREATOR",
                "r1t1->r1t2 CREATOR", "r1t2->r1t3 CREATOR", "t0->r1t3 CREATOR");
        assertThat(DependencyReplay.edgesOf(DependencyView.submitsOf(w.program())))
                .extracting(DepEdge::source).containsOnly(DepEdge.Source.CREATOR);
    }

    @Test
    void everyCompletionOrderComputesTheGolden47() {
        for (long seed = 0; seed < 10; seed++) {
            FunctionalRun.Result r = FunctionalRun.run(w, RuntimeConfig.DEFAULT, seed);
            assertThat(r.mismatches()).as("seed %d", seed).isEmpty();
            assertThat(r.passed()).isTrue();
            assertThat(r.kernelBlocks()).isEqualTo(5);
        }
    }

    @Test
    void aWrongKernelIsCaughtByTheGolden() {
        Kernel add = w.kernels().get(VectorExample.ADD);
        Kernel sloppy = new Kernel(VectorExample.MUL, "mul", add.core(), add.duration(), add.body());
        WorkloadInstance broken = new WorkloadInstance(w.workload(), w.caseName(), w.variant(), w.program(),
                KernelTable.of(add, w.kernels().get(VectorExample.ADD_SCALAR), sloppy), w.inputs(), w.golden());
        FunctionalRun.Result r = FunctionalRun.run(broken, RuntimeConfig.DEFAULT, 1);
        assertThat(r.passed()).isFalse();
        assertThat(r.mismatches()).first().asString().isEqualTo("f[0] = 18.0, expected 47.0 exactly");
    }
}
