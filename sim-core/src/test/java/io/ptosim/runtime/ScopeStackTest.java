package io.ptosim.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The scope stack's task list and its O(1) test of membership in the current MANUAL_HYBRID scope. */
class ScopeStackTest {

    @Test
    void theCurrentHybridScopeHoldsExactlyTheTasksRecordedSinceItOpened() {
        ScopeStack scopes = new ScopeStack(64);
        for (int i = 0; i < 4; i++) {
            scopes.open(ScopeMode.AUTO);
        }
        scopes.record(TaskId.of(3, 0));
        scopes.record(TaskId.of(3, 1));
        scopes.open(ScopeMode.MANUAL_HYBRID);
        assertThat(scopes.ring()).isEqualTo(3);
        assertThat(scopes.inCurrentHybrid(TaskId.of(3, 1))).isFalse();
        scopes.record(TaskId.of(3, 2));
        scopes.record(TaskId.of(3, 3));
        assertThat(scopes.inCurrentHybrid(TaskId.of(3, 2))).isTrue();
        assertThat(scopes.inCurrentHybrid(TaskId.of(3, 3))).isTrue();
        assertThat(scopes.inCurrentHybrid(TaskId.of(3, 1))).isFalse();
        assertThat(scopes.inCurrentHybrid(TaskId.of(3, 4))).isFalse();
        assertThat(scopes.inCurrentHybrid(TaskId.of(2, 2))).isFalse();
        assertThat(scopes.inCurrentHybrid(TaskId.INVALID)).isFalse();
        assertThat(scopes.holding(TaskId.of(3, 1))).isEqualTo(4);
        assertThat(scopes.holding(TaskId.of(3, 3))).isEqualTo(5);

        ScopeStack.Closed closed = scopes.close();
        assertThat(closed.mode()).isEqualTo(ScopeMode.MANUAL_HYBRID);
        assertThat(closed.tasks()).containsExactly(TaskId.of(3, 2), TaskId.of(3, 3));
        assertThat(scopes.holding(TaskId.of(3, 3))).isEqualTo(-1);
        scopes.reopen(closed);
        assertThat(scopes.inCurrentHybrid(TaskId.of(3, 3))).isTrue();
        assertThat(scopes.holding(TaskId.of(3, 3))).isEqualTo(5);
    }

    @Test
    void aManualScopeForbidsNestedAutoAndHybridScopes() {
        ScopeStack scopes = new ScopeStack(8);
        assertThat(scopes.nestingError(ScopeMode.MANUAL)).isNull();
        scopes.open(ScopeMode.MANUAL);
        assertThat(scopes.inManual()).isTrue();
        assertThat(scopes.nestingError(ScopeMode.AUTO)).isEqualTo("auto scope nested inside manual scope is not supported");
        assertThat(scopes.nestingError(ScopeMode.MANUAL_HYBRID)).startsWith("nested scope inside");
        assertThat(scopes.nestingError(ScopeMode.MANUAL)).isNull();
        scopes.close();
        assertThat(scopes.inManual()).isFalse();
    }
}
