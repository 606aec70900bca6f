package io.ptosim.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The node's scope stack (spec §6), scenarios 11 and 12 of spec §15. */
class NodeScopeTest {

    @Test
    void scenario11_freshScopeIsEmptyEndThrowsAndRegisterIsIgnored() {
        NodeScope scope = new NodeScope();
        assertThat(scope.depth()).isZero();
        assertThat(scope.currentDepth()).isZero();
        assertThat(scope.isOpen()).isFalse();
        assertThatThrownBy(scope::end).isInstanceOf(NodeProgramException.class)
                .hasMessage("scope end with no open scope; expected a matching scope begin");
        scope.register(5);
        assertThat(scope.depth()).isZero();
        scope.begin();
        assertThat(scope.end()).as("the slot registered with no scope open was dropped").isEmpty();
    }

    @Test
    void scenario12_nestedScopesReleaseTheirOwnSlotsInOrderAndTheSixtyFifthBeginThrows() {
        NodeScope scope = new NodeScope();
        scope.begin();
        scope.register(1);
        assertThat(scope.currentDepth()).isZero();
        scope.begin();
        scope.register(2);
        assertThat(scope.depth()).isEqualTo(2);
        assertThat(scope.currentDepth()).isEqualTo(1);
        assertThat(scope.end()).containsExactly(2);
        assertThat(scope.depth()).isEqualTo(1);
        assertThat(scope.end()).containsExactly(1);
        assertThat(scope.depth()).isZero();
        assertThat(scope.isOpen()).isFalse();

        scope.begin();
        assertThat(scope.end()).as("an empty scope releases nothing").isEmpty();

        for (int i = 0; i < NodeScope.MAX_DEPTH; i++) {
            scope.begin();
        }
        assertThat(scope.depth()).isEqualTo(64);
        assertThat(scope.currentDepth()).isEqualTo(63);
        assertThatThrownBy(scope::begin).isInstanceOf(NodeProgramException.class)
                .hasMessage("scope depth 64 reached (max 64 nested scopes, the run's outer scope included)");
        assertThat(scope.depth()).isEqualTo(64);
    }

    @Test
    void endReturnsSlotsInRegistrationOrderBeyondTheInitialCapacity() {
        NodeScope scope = new NodeScope();
        scope.begin();
        int[] expected = new int[20];
        for (int i = 0; i < 20; i++) {
            expected[i] = 100 - i;
            scope.register(100 - i);
        }
        assertThat(scope.end()).containsExactly(expected);
    }
}
