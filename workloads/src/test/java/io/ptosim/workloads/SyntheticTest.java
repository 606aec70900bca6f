package io.ptosim.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.chip.RunSummary;
import io.ptosim.program.GeneratedOps;
import io.ptosim.program.Program;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generated program: computed ops, equal on every call, and a run that completes. */
class SyntheticTest {
    @Test
    void opsAreComputedOnDemandAndTheSameEachTime() {
        WorkloadInstance w = new Synthetic().instance("10M", "auto");
        assertThat(w.program().ops()).isInstanceOf(GeneratedOps.class).hasSize(15_000_000);
        assertThat(w.program().ops().get(14_999_993)).isEqualTo(w.program().ops().get(14_999_993));
        assertThat(w.program().ops().get(6).kind()).isEqualTo("scope_begin");
        assertThat(w.program().ops().get(10).kind()).isEqualTo("submit");
    }

    @Test
    void aGeneratedRunCompletesWithItsTasksAndChains() {
        WorkloadInstance w = new Synthetic().instance("test", 4_000);
        RunSummary s = ChipRun.run(w, "a2a3", Map.of(), false, 0).summary();
        assertThat(s.completed()).as(s.error()).isTrue();
        assertThat(s.tasks()).isEqualTo(4_000);
        assertThat(s.dispatches()).isEqualTo(4_000);
        assertThat(s.edges()).as("3 creator edges per chain, plus accumulator edges to live writers")
                .isGreaterThanOrEqualTo(3_000);
    }

    @Test
    void generatedOpsCompiledWindowByWindowRunAsTheStoredProgramDoes() {
        WorkloadInstance generated = new Synthetic().instance("test", 4_000);
        Program p = generated.program();
        assertThat(p.ops().size()).as("more than one compile window").isGreaterThan(4096);
        WorkloadInstance stored = new WorkloadInstance(generated.workload(), "stored", "auto",
                new Program(p.name(), p.externals(), new ArrayList<>(p.ops())), generated.kernels(), generated.inputs(),
                generated.golden(), generated.settings());
        RunSummary a = ChipRun.run(generated, "a2a3", Map.of(), false, 0).summary();
        RunSummary b = ChipRun.run(stored, "a2a3", Map.of(), false, 0).summary();
        assertThat(a.completed()).isTrue();
        assertThat(a.digest()).isEqualTo(b.digest());
        assertThat(a.edges()).isEqualTo(b.edges());
    }
}
