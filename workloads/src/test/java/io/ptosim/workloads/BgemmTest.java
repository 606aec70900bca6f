package io.ptosim.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.kernel.Kernel;
import io.ptosim.kernel.KernelTable;
import io.ptosim.program.DependencyView;
import io.ptosim.program.Op;
import io.ptosim.runtime.DepEdge;
import io.ptosim.runtime.DependencyReplay;
import io.ptosim.runtime.RuntimeConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BgemmTest {
    private final Bgemm bgemm = new Bgemm();

    @ParameterizedTest
    @CsvSource({"Case0, 500, 750", "Case1, 64, 96", "Case2, 256, 384", "Case3, 64, 96", "Case4, 64, 112",
            "Bgemm64, 32, 56"})
    void gemmAndAddTasksWithCreatorAndTensorMapEdges(String caseName, int gemms, int edges) {
        WorkloadInstance w = bgemm.instance(caseName, "auto");
        List<Op.Submit> submits = w.program().ops().stream().filter(Op.Submit.class::isInstance)
                .map(Op.Submit.class::cast).toList();
        assertThat(submits).hasSize(2 * gemms);
        assertThat(submits.stream().filter(s -> s.kernelIds()[0] == Bgemm.GEMM)).hasSize(gemms);
        assertThat(submits.stream().filter(s -> s.kernelIds()[1] == Bgemm.ADD)).hasSize(gemms);
        List<DepEdge> deps = DependencyReplay.edgesOf(DependencyView.submitsOf(w.program()));
        // per group of grid_k: GEMM_k -> ADD_k (creator) and ADD_{k-1} -> ADD_k (TensorMap, covered)
        assertThat(deps).hasSize(edges);
        assertThat(deps.stream().filter(e -> e.source() == DepEdge.Source.CREATOR)).hasSize(gemms);
        assertThat(deps.stream().filter(e -> e.source() == DepEdge.Source.TENSORMAP)).hasSize(edges - gemms);
    }

    @Test
    void theDefaultIsTheBenchmarkCase() {
        assertThat(bgemm.defaultCase()).isEqualTo("Case0");
        assertThat(bgemm.defaultVariant()).isEqualTo("auto");
    }

    @Test
    void smallShapesMatchTheGoldenForSeveralCompletionOrders() {
        // Bgemm64 (grid_k 4), and a tiny shape with several matmuls per task (incore_loop 3)
        for (WorkloadInstance w : List.of(bgemm.instance("Bgemm64", "auto"),
                bgemm.instance(new Bgemm.Case("tiny", 8, 16, 3, 2)))) {
            for (long seed = 0; seed < 3; seed++) {
                FunctionalRun.Result r = FunctionalRun.run(w, RuntimeConfig.DEFAULT, seed);
                assertThat(r.mismatches()).as("%s seed %d", w.caseName(), seed).isEmpty();
                assertThat(r.passed()).isTrue();
                assertThat(r.kernelBlocks()).isEqualTo(w.caseName().equals("tiny") ? 16 : 64);
            }
        }
    }

    @Test
    void anAddThatOverwritesInsteadOfAccumulatingIsCaught() {
        WorkloadInstance w = bgemm.instance("Bgemm64", "auto");
        Kernel add = w.kernels().get(Bgemm.ADD);
        Kernel copy = new Kernel(Bgemm.ADD, "copy", add.core(), add.duration(), (call, mem) -> {
            float[] tmp = new float[(int) call.tensor(1).numel()];
            mem.read(call.tensor(1), tmp);
            mem.write(call.tensor(0), tmp);
        });
        WorkloadInstance broken = new WorkloadInstance(w.workload(), w.caseName(), w.variant(), w.program(),
                KernelTable.of(w.kernels().get(Bgemm.GEMM), copy), w.inputs(), w.golden());
        assertThat(FunctionalRun.run(broken, RuntimeConfig.DEFAULT, 0).mismatches()).hasSize(5);
    }
}
