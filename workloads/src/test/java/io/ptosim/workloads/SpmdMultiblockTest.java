package io.ptosim.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.program.DependencyView;
import io.ptosim.runtime.DepEdge;
import io.ptosim.runtime.DependencyReplay;
import io.ptosim.runtime.Overlap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpmdMultiblockTest {
    private final WorkloadInstance w = new SpmdMultiblock().instance("default", "auto");

    @Test
    void theFiveTasksChainThroughTheTensorMapWithCoveredEdges() {
        assertThat(DependencyReplay.edgesOf(DependencyView.submitsOf(w.program())))
                .extracting(DepEdge::source, DepEdge::overlap)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(DepEdge.Source.TENSORMAP, Overlap.COVERED))
                .hasSize(4);
    }

    @Test
    void everyBlockWritesItsIndexOnTheChipAndInAnyOrder() {
        ChipRun.Result r = ChipRun.run(w, "a2a3", Map.of(), true, 0);
        assertThat(r.summary().completed()).isTrue();
        assertThat(r.summary().dispatches()).isEqualTo(188);
        assertThat(r.golden()).isEmpty();
        for (long seed = 0; seed < 3; seed++) {
            assertThat(FunctionalRun.run(w, io.ptosim.runtime.RuntimeConfig.DEFAULT, seed).passed()).isTrue();
        }
        ChipRun.Result a5 = ChipRun.run(w, "a5", Map.of(), false, 0);
        assertThat(a5.summary().completed()).isTrue();
        assertThat(a5.summary().dispatches()).isEqualTo(188);
    }
}
