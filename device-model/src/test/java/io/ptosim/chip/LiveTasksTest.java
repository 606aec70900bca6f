package io.ptosim.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptosim.runtime.DataType;
import io.ptosim.runtime.RuntimeConfig;
import io.ptosim.runtime.SubmitArgs;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TaskShape;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.runtime.TensorView;
import org.junit.jupiter.api.Test;

/** One reused task record per ring slot: it holds its task until completion and never two tasks at once. */
class LiveTasksTest {
    private static final TensorView X = TensorView.external(0x9000, DataType.FLOAT32, 64);

    private static SubmitArgs aiv() {
        return new SubmitArgs().begin(-1, 3, -1, 2, false, false).tensor(TensorArgType.INPUT, X);
    }

    @Test
    void aSlotsRecordIsReusedByTheNextTaskOnlyAfterTheFirstCompleted() {
        LiveTasks live = new LiveTasks(RuntimeConfig.uniform(16, 4096, 64));
        long first = TaskId.of(1, 3);
        long wrapped = TaskId.of(1, 3 + 16);
        ChipTask t = live.claim(first).load(first, aiv(), new long[] {7});
        assertThat(live.get(first)).isSameAs(t);
        assertThat(t.shape).isEqualTo(TaskShape.AIV);
        assertThat(t.call(1).tensors()).containsExactly(X);
        assertThat(t.call(1).blockIdx()).isEqualTo(1);
        assertThat(live.get(wrapped)).isNull();
        assertThatThrownBy(() -> live.claim(wrapped)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has not completed");

        live.remove(first);
        assertThat(live.get(first)).isNull();
        ChipTask again = live.claim(wrapped).load(wrapped, aiv(), new long[0]);
        assertThat(again).isSameAs(t);
        assertThat(live.get(wrapped)).isSameAs(t);
        assertThat(again.nextBlock).isZero();
        assertThat(again.call(0).scalars()).isEmpty();
    }

    @Test
    void aRingsRecordsGrowWithTheSlotsTakenAndWrapAtTheWindow() {
        LiveTasks live = new LiveTasks(RuntimeConfig.uniform(4096, 4096, 64));
        long far = TaskId.of(2, 1000);
        assertThat(live.get(far)).as("a slot beyond the records made so far holds nothing").isNull();
        ChipTask t = live.claim(far).load(far, aiv(), new long[0]);
        assertThat(live.get(far)).isSameAs(t);
        assertThat(live.get(TaskId.of(2, 999))).isNull();
        live.remove(far);
        long wrapped = TaskId.of(2, 1000 + 4096);
        assertThat(live.claim(wrapped)).as("the window's slot, not a new record").isSameAs(t);
        long last = TaskId.of(2, 4095);
        assertThat(live.claim(last)).isNotSameAs(t);
    }
}
