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

/** A slot holds its task's record until completion, never two tasks at once; completed records are refilled. */
class LiveTasksTest {
    private static final TensorView X = TensorView.external(0x9000, DataType.FLOAT32, 64);

    private static final TensorView[] TENSORS = {X};

    private static SubmitArgs aiv() {
        return new SubmitArgs().begin(-1, 3, -1, 2, false, false).tensor(TensorArgType.INPUT, X);
    }

    @Test
    void aSlotsRecordIsReusedByTheNextTaskOnlyAfterTheFirstCompleted() {
        LiveTasks live = new LiveTasks(RuntimeConfig.uniform(16, 4096, 64));
        long first = TaskId.of(1, 3);
        long wrapped = TaskId.of(1, 3 + 16);
        ChipTask t = live.claim(first).load(first, aiv(), TENSORS, new long[] {7});
        assertThat(live.get(first)).isSameAs(t);
        assertThat(t.shape).isEqualTo(TaskShape.AIV);
        assertThat(t.call(1).tensors()).containsExactly(X);
        assertThat(t.call(1).blockIdx()).isEqualTo(1);
        assertThat(live.get(wrapped)).isNull();
        assertThatThrownBy(() -> live.claim(wrapped)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has not completed");

        live.remove(first);
        assertThat(live.get(first)).isNull();
        ChipTask again = live.claim(wrapped).load(wrapped, aiv(), TENSORS, new long[0]);
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
        ChipTask t = live.claim(far).load(far, aiv(), TENSORS, new long[0]);
        assertThat(live.get(far)).isSameAs(t);
        assertThat(live.get(TaskId.of(2, 999))).isNull();
        long wrapped = TaskId.of(2, 1000 + 4096);
        assertThatThrownBy(() -> live.claim(wrapped)).as("the window wraps onto the live task's slot")
                .isInstanceOf(IllegalStateException.class);
        long last = TaskId.of(2, 4095);
        assertThat(live.claim(last)).as("a new record while the first is live").isNotSameAs(t);
    }

    @Test
    void aCompletedTasksRecordServesTheNextSubmitInAnySlot() {
        LiveTasks live = new LiveTasks(RuntimeConfig.uniform(4096, 4096, 64));
        long a = TaskId.of(0, 5);
        long b = TaskId.of(3, 77);
        ChipTask ta = live.claim(a).load(a, aiv(), TENSORS, new long[0]);
        ChipTask tb = live.claim(b).load(b, aiv(), TENSORS, new long[0]);
        live.remove(a);
        live.remove(b);
        assertThat(live.get(a)).isNull();
        long c = TaskId.of(1, 2000);
        long d = TaskId.of(1, 2001);
        assertThat(live.claim(c)).as("the record freed last comes back first").isSameAs(tb);
        assertThat(live.claim(d)).isSameAs(ta);
        assertThat(live.claim(TaskId.of(1, 2002))).as("none free: a new record").isNotIn(ta, tb);
        live.remove(TaskId.of(2, 9));
        assertThat(live.claim(TaskId.of(2, 9))).as("removing a task that is not live frees nothing").isNotIn(ta, tb);
    }
}
