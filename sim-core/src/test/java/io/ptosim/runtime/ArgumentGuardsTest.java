package io.ptosim.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad arguments are refused before any state changes. */
class ArgumentGuardsTest {
    @Test
    void anOutputSpecWithABadShapeIsRefusedAtConstruction() {
        assertThatThrownBy(() -> new OutputSpec(DataType.FLOAT32, new int[0], false))
                .hasMessage("output shape has 0 dims; expected 1 to 5");
        assertThatThrownBy(() -> new OutputSpec(DataType.FLOAT32, new int[] {1, 1, 1, 1, 1, 1}, false))
                .hasMessage("output shape has 6 dims; expected 1 to 5");
        assertThatThrownBy(() -> new OutputSpec(DataType.FLOAT32, new int[] {4, -1}, false))
                .hasMessage("output shape[1] = -1; expected >= 0");
    }

    @Test
    void anExplicitDependencyOnARingThatDoesNotExistIsInvalidArgs() {
        L2Runtime rt = new L2Runtime(RuntimeConfig.uniform(16, 4096, 64));
        SubmitOutcome o = rt.submit(new SubmitRequest(new int[] {0, -1, -1}, List.of(),
                List.of(new SubmitRequest.Dep(TaskId.of(5, 0), DepKind.WAIT)), 1, false, false));
        assertThat(o).isInstanceOf(SubmitOutcome.Fatal.class);
        assertThat(((SubmitOutcome.Fatal) o).code()).isEqualTo(ErrorCode.INVALID_ARGS);
        assertThat(((SubmitOutcome.Fatal) o).message()).isEqualTo("explicit dependency on task r5t0: ring 5 is outside 0..3");
        assertThat(rt.totalTasks()).isZero();
    }
}
