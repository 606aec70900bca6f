package io.ptosim.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.program.DependencyView;
import io.ptosim.program.Op;
import io.ptosim.runtime.DependencyReplay;
import io.ptosim.runtime.RuntimeConfig;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MixedExampleTest {
    private final MixedExample mixed = new MixedExample();

    private static List<String> shapes(WorkloadInstance w) {
        return w.program().ops().stream().filter(Op.Submit.class::isInstance)
                .map(o -> Arrays.toString(((Op.Submit) o).kernelIds())).toList();
    }

    @Test
    void case1HasFourIterationsOfTheFiveShapesAndNoEdges() {
        WorkloadInstance w = mixed.instance("case1", "auto");
        List<String> one = List.of("[0, 1, 2]", "[0, -1, -1]", "[-1, 3, -1]", "[-1, 3, 4]", "[0, 1, -1]");
        assertThat(shapes(w)).hasSize(20);
        for (int i = 0; i < 4; i++) {
            assertThat(shapes(w).subList(5 * i, 5 * i + 5)).isEqualTo(one);
        }
        assertThat(DependencyReplay.edgesOf(DependencyView.submitsOf(w.program()))).isEmpty();
        assertThat(w.program().externals()).hasSize(15);
        assertThat(shapes(mixed.instance("case2", "auto"))).isEqualTo(one);
    }

    @Test
    void everyCompletionOrderMatchesTheGolden() {
        for (String c : mixed.cases()) {
            WorkloadInstance w = mixed.instance(c, "auto");
            for (long seed = 0; seed < 3; seed++) {
                FunctionalRun.Result r = FunctionalRun.run(w, RuntimeConfig.DEFAULT, seed);
                assertThat(r.mismatches()).as("%s seed %d", c, seed).isEmpty();
                assertThat(r.passed()).isTrue();
                // 3 + 1 + 1 + 2 + 2 kernel executions per iteration
                assertThat(r.kernelBlocks()).isEqualTo(c.equals("case1") ? 36 : 9);
            }
        }
    }

    @Test
    void catalogListsEveryWorkloadInOrder() {
        assertThat(Catalog.all()).extracting(Workload::name).containsExactly("vector-example", "paged-attention",
                "paged-attention-unroll", "bgemm", "mixed-example", "spmd-multiblock", "synthetic");
        assertThat(Catalog.all()).extracting(Workload::defaultCase).containsExactly("default", "Case1", "Case1",
                "Case0", "case1", "default", "100k");
        assertThat(Catalog.all()).extracting(Workload::defaultVariant).containsOnly("auto");
    }
}
