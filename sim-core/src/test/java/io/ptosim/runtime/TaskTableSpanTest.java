package io.ptosim.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The task table keeps state for the tasks from the watermark on, in fewer slots than the window: it
 * grows with the live span without losing a task's edges, and what the window still says of a task
 * behind the watermark (it holds its slot, CONSUMED) stays true after its slot state is gone.
 */
class TaskTableSpanTest {
    private static final RuntimeConfig WINDOW_1024 = RuntimeConfig.uniform(1024, 64L << 20, 4096);

    private static SubmitRequest dummyAfter(long... deps) {
        List<SubmitRequest.Dep> d = new ArrayList<>();
        for (long t : deps) {
            d.add(new SubmitRequest.Dep(t, DepKind.WAIT));
        }
        return new SubmitRequest(new int[] {-1, -1, -1}, List.of(), d, 1, false, false);
    }

    private static long submitted(SubmitOutcome o) {
        assertThat(o).isInstanceOf(SubmitOutcome.Submitted.class);
        return ((SubmitOutcome.Submitted) o).taskId();
    }

    /** Submits a lone task in a scope of its own, then completes and releases it: it retires at once. */
    private static long retiredAtOnce(L2Runtime rt) {
        rt.beginScope(ScopeMode.AUTO);
        long t = submitted(rt.submit(dummyAfter()));
        rt.endScope();
        rt.ready().remove(t);
        rt.complete(t);
        rt.release(t);
        return t;
    }

    @Test
    void aChainOfThreeHundredLiveTasksKeepsEveryEdgeAsTheTableGrowsThenRetiresInOrder() {
        L2Runtime rt = new L2Runtime(WINDOW_1024);
        rt.beginScope(ScopeMode.AUTO);
        List<Long> chain = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            chain.add(submitted(i == 0 ? rt.submit(dummyAfter()) : rt.submit(dummyAfter(chain.get(i - 1)))));
        }
        rt.endScope();
        for (int i = 1; i < 300; i++) {
            long t = chain.get(i);
            assertThat(rt.faninProducers(t)).as("task %d", i).containsExactly(chain.get(i - 1));
            assertThat(rt.fanin(t)).as("task %d: fanin count, refcount", i).containsExactly(2, 1);
            assertThat(rt.state(t)).isEqualTo(TaskState.PENDING);
        }
        assertThat(rt.fanoutPins(chain.get(0))).isEqualTo(1);
        for (int i = 0; i < 300; i++) {
            long t = chain.get(i);
            assertThat(rt.ready().snapshot()).as("ready before task %d", i).containsExactly(t);
            rt.ready().remove(t);
            rt.complete(t);
            rt.release(t);
        }
        int ring = TaskId.ring(chain.get(0));
        assertThat(rt.ring(ring).watermark()).isEqualTo(300);
        assertThat(rt.completedTasks()).isEqualTo(300);
        assertThat(rt.state(chain.get(299))).isEqualTo(TaskState.CONSUMED);
    }

    @Test
    void aTaskBehindTheWatermarkHoldsItsWindowSlotAsConsumedUntilTheWindowWraps() {
        L2Runtime rt = new L2Runtime(WINDOW_1024);
        long first = retiredAtOnce(rt);
        for (int i = 1; i < 200; i++) {
            retiredAtOnce(rt);
        }
        assertThat(rt.holds(first)).isTrue();
        assertThat(rt.state(first)).isEqualTo(TaskState.CONSUMED);
        assertThat(rt.kept(first)).as("199 tasks later its slot state is gone").isFalse();
        assertThatThrownBy(() -> rt.faninProducers(first)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("behind its ring's watermark");
        for (int i = 200; i < 1024; i++) {
            retiredAtOnce(rt);
        }
        assertThat(rt.holds(first)).as("the window is 1024 tasks: the 1024th after it still leaves the slot").isTrue();
        long wrapped = retiredAtOnce(rt);
        assertThat(TaskId.local(wrapped) - TaskId.local(first)).isEqualTo(1024);
        assertThat(rt.holds(first)).isFalse();
        assertThat(rt.holds(wrapped)).isTrue();
        assertThat(rt.kept(wrapped)).isTrue();
    }
}
