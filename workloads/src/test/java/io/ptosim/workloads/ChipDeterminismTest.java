package io.ptosim.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.chip.RunSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every workload and variant on the simulated chip: two runs give the same digest (and event count),
 * the run completes, a functional run matches the golden, and running the same instance again gives the
 * same digest and golden.
 */
class ChipDeterminismTest {
    /** The case each workload runs here: small enough for the test suite, big enough to overlap tasks. */
    private static String caseFor(Workload w) {
        return w.cases().contains("CaseVarSeq4") ? "CaseVarSeq4" : w.cases().contains("Bgemm64") ? "Bgemm64"
                : w.defaultCase();
    }

    /** The instance to run: the synthetic program at a test size, the others by case. */
    private static WorkloadInstance instance(Workload w, String c, String variant) {
        return w instanceof Synthetic s ? s.instance("test", 4_000) : w.instance(c, variant);
    }

    @TestFactory
    Stream<DynamicTest> everyWorkloadAndVariantIsDeterministicAndMatchesItsGolden() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Workload w : Catalog.all()) {
            for (String variant : w.variants()) {
                String c = caseFor(w);
                tests.add(DynamicTest.dynamicTest(w.name() + " " + c + " " + variant, () -> {
                    WorkloadInstance instance = instance(w, c, variant);
                    ChipRun.Result first = ChipRun.run(instance, "a2a3", Map.of(), true, 7);
                    ChipRun.Result second = ChipRun.run(instance(w, c, variant), "a2a3", Map.of(), true, 7);
                    RunSummary s = first.summary();
                    assertThat(s.completed()).as(s.error()).isTrue();
                    assertThat(first.golden()).as("golden mismatches").satisfiesAnyOf(
                            g -> assertThat(g).isNull(), g -> assertThat(g).isEmpty());
                    assertThat(first.golden() == null).as("only the synthetic program has no golden")
                            .isEqualTo(w instanceof Synthetic);
                    assertThat(second.summary().digest()).isEqualTo(s.digest());
                    assertThat(second.summary().events()).isEqualTo(s.events());
                    assertThat(second.summary().elapsedNs()).isEqualTo(s.elapsedNs());
                    ChipRun.Result a5 = ChipRun.run(instance, "a5", Map.of(), false, 7);
                    assertThat(a5.summary().completed()).isTrue();
                    assertThat(a5.summary().tasks()).isEqualTo(s.tasks());
                    ChipRun.Result reused = ChipRun.run(instance, "a2a3", Map.of(), true, 7);
                    assertThat(reused.summary().digest()).as("an instance run again (Catalog.instance hands it out"
                            + " again)").isEqualTo(s.digest());
                    assertThat(reused.golden()).isEqualTo(first.golden());
                }));
            }
        }
        return tests.stream();
    }
}
