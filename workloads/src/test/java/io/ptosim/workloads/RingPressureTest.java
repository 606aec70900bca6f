package io.ptosim.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.chip.RunSummary;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Paged attention on rings small enough to block, and small enough to deadlock, through the chip. */
class RingPressureTest {
    private static RunSummary run(String variant, Map<String, String> settings) {
        WorkloadInstance w = Catalog.byName("paged-attention").instance("CaseVarSeq4", variant);
        return ChipRun.run(w, "a2a3", settings, false, 0).summary();
    }

    @Test
    void aWindowOfEightMakesTheOrchestratorWaitForRing2AndTheRunStillCompletes() {
        RunSummary roomy = run("auto", Map.of());
        RunSummary tight = run("auto", Map.of("ring.taskWindow", "8"));
        assertThat(tight.completed()).as(tight.error()).isTrue();
        assertThat(tight.tasks()).isEqualTo(roomy.tasks());
        assertThat(tight.blockedNs()).containsKey("task window (ring 2)");
        assertThat(tight.peakLive().get(2)).isEqualTo(7);
        assertThat(tight.elapsedNs()).isGreaterThan(roomy.elapsedNs());
    }

    @Test
    void aManualScopeLargerThanItsWindowIsTheScopeDeadlockWithTheSizingAdvice() {
        RunSummary r = run("manual", Map.of("ring.taskWindow", "8"));
        assertThat(r.completed()).isFalse();
        assertThat(r.errorCode()).isEqualTo(1);
        assertThat(r.error()).isEqualTo("FATAL: Scope Deadlock Detected! (ring 1): the scope already holds 7 tasks on"
                + " ring 1; use a task window >= 2 x the tasks per scope, or inner scopes to move work to deeper rings");
    }

    @Test
    void aDepPoolTooSmallForAHybridScopeEndIsCode4() {
        RunSummary r = run("partial-manual", Map.of("ring.depPool", "4"));
        assertThat(r.completed()).isFalse();
        assertThat(r.errorCode()).isEqualTo(4);
        assertThat(r.error()).startsWith("FATAL: Dependency Pool Deadlock Detected! ring=2");
    }
}
