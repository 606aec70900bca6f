package io.ptosim.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec §11 scenarios 27 (ready queues) and 31 (the advance lock), lost ready tasks, and code 10. */
class SchedulerStateTest {
    private static final long A = TaskId.of(0, 1);
    private static final long B = TaskId.of(0, 2);
    private static final long C = TaskId.of(0, 3);

    private static SubmitRequest dummy() {
        return new SubmitRequest(new int[] {-1, -1, -1}, List.of(), List.of(), 1, false, false);
    }

    private static long submitted(SubmitOutcome o) {
        assertThat(o).isInstanceOf(SubmitOutcome.Submitted.class);
        return ((SubmitOutcome.Submitted) o).taskId();
    }

    @Test
    void scenario27ABoundedFifoFailsTheSeventeenthPushAndPopsBatchesInOrder() {
        ReadyQueue q = new ReadyQueue(16);
        assertThat(q.push(A, TaskShape.AIC)).isTrue();
        assertThat(q.push(B, TaskShape.AIC)).isTrue();
        assertThat(q.push(C, TaskShape.AIC)).isTrue();
        assertThat(new long[] {q.poll(TaskShape.AIC), q.poll(TaskShape.AIC), q.poll(TaskShape.AIC)})
                .containsExactly(A, B, C);
        assertThat(q.poll(TaskShape.AIC)).isEqualTo(TaskId.INVALID);
        for (int i = 0; i < 16; i++) {
            assertThat(q.push(TaskId.of(1, i), TaskShape.AIV)).as("push %d", i).isTrue();
        }
        assertThat(q.push(TaskId.of(1, 16), TaskShape.AIV)).isFalse();
        assertThat(q.push(TaskId.of(2, 0), TaskShape.AIC)).as("another shape's queue has room").isTrue();
        assertThat(q.poll(TaskShape.AIV)).isEqualTo(TaskId.of(1, 0));
        assertThat(q.push(TaskId.of(1, 16), TaskShape.AIV)).isTrue();
        ReadyQueue three = new ReadyQueue(16);
        three.push(A, TaskShape.MIX);
        three.push(B, TaskShape.MIX);
        three.push(C, TaskShape.MIX);
        long[] out = new long[5];
        assertThat(three.pollBatch(TaskShape.MIX, out, 5)).isEqualTo(3);
        assertThat(out).startsWith(A, B, C);
    }

    @Test
    void aTaskThatBecomesReadyWhileItsQueueIsFullIsLostAsInTheRuntime() {
        L2Runtime rt = new L2Runtime(RuntimeConfig.uniform(16, 4096, 64).withReadyQueueCapacity(2));
        submitted(rt.submit(dummy()));
        submitted(rt.submit(dummy()));
        long third = submitted(rt.submit(dummy()));
        assertThat(rt.ready().size()).isEqualTo(2);
        assertThat(rt.lostReadyTasks()).isEqualTo(1);
        assertThat(rt.ready().snapshot()).doesNotContain(third);
    }

    @Test
    void scenario31AConsumedHeadWaitsForTheAdvanceLockAndAPendingRetry() {
        L2Runtime rt = new L2Runtime(RuntimeConfig.uniform(64, 4096, 64));
        for (int d = 0; d < 2; d++) {
            rt.beginScope(ScopeMode.AUTO);
        }
        long head = 0;
        for (int i = 0; i <= 17; i++) {
            rt.beginScope(ScopeMode.AUTO);
            head = submitted(rt.submit(dummy()));
            rt.endScope();
            if (i == 17) {
                rt.holdAdvanceLock(3);
            }
            rt.ready().remove(head);
            rt.complete(head);
            rt.release(head);
        }
        assertThat(head).isEqualTo(TaskId.of(3, 17));
        assertThat(rt.state(head)).isEqualTo(TaskState.CONSUMED);
        assertThat(rt.ring(3).watermark()).isEqualTo(17);
        assertThat(rt.advancePending(3)).isTrue();
        assertThat(rt.retryAdvance(3)).as("retry while the lock is held").isFalse();
        assertThat(rt.ring(3).watermark()).isEqualTo(17);
        assertThat(rt.advancePending(3)).isTrue();
        rt.releaseAdvanceLock(3);
        assertThat(rt.retryAdvance(3)).isTrue();
        assertThat(rt.ring(3).watermark()).isEqualTo(18);
        assertThat(rt.advancePending(3)).isFalse();
        assertThat(rt.retryAdvance(3)).as("nothing pending").isFalse();
        assertThatThrownBy(() -> rt.releaseAdvanceLock(3)).isInstanceOf(IllegalStateException.class)
                .hasMessage("ring 3's advance lock is not held");
    }

    @Test
    void code10AScopeTaskListSmallerThanTheWindowsOverflowsWithTheSpecText() {
        L2Runtime rt = new L2Runtime(RuntimeConfig.uniform(16, 4096, 64).withScopeTasksCapacity(3));
        for (int i = 0; i < 3; i++) {
            submitted(rt.submit(dummy()));
        }
        SubmitOutcome o = rt.submit(dummy());
        assertThat(o).isInstanceOf(SubmitOutcome.Fatal.class);
        SubmitOutcome.Fatal f = (SubmitOutcome.Fatal) o;
        assertThat(f.code().code()).isEqualTo(10);
        assertThat(f.message()).isEqualTo("FATAL: Scope task list overflow: 3 tasks held by open scopes fill the scope"
                + " task list; end scopes sooner or raise its capacity (the runtime's is the sum of the task windows)");
        assertThat(rt.totalTasks()).as("nothing allocated").isEqualTo(3);
    }

    @Test
    void theDefaultScopeTaskListIsTheSumOfTheWindowsSoCode10StaysOutOfReach() {
        assertThat(new L2Runtime(RuntimeConfig.DEFAULT).scopeTasksCapacity()).isEqualTo(65536);
        assertThat(RuntimeConfig.DEFAULT.readyQueueCapacity()).isEqualTo(65536);
    }

    @Test
    void a5PublishesTheWatermarkEverySixteenAdvancesAtTheEndOrOnRequest() {
        L2Runtime rt = new L2Runtime(RuntimeConfig.uniform(64, 4096, 64).withWatermarkPublishEvery(16));
        rt.beginScope(ScopeMode.AUTO);
        long[] tasks = new long[20];
        for (int i = 0; i < 20; i++) {
            tasks[i] = submitted(rt.submit(dummy()));
        }
        rt.endScope();
        for (int i = 0; i < 15; i++) {
            rt.ready().remove(tasks[i]);
            rt.complete(tasks[i]);
            rt.release(tasks[i]);
        }
        assertThat(rt.consumedFrontier(1)).isEqualTo(15);
        assertThat(rt.ring(1).watermark()).as("15 advances: not yet published").isZero();
        rt.ready().remove(tasks[15]);
        rt.complete(tasks[15]);
        rt.release(tasks[15]);
        assertThat(rt.ring(1).watermark()).as("the 16th advance publishes").isEqualTo(16);
        rt.ready().remove(tasks[16]);
        rt.complete(tasks[16]);
        rt.release(tasks[16]);
        assertThat(rt.ring(1).watermark()).isEqualTo(16);
        assertThat(rt.publishWatermarks()).as("an exact publication request").isTrue();
        assertThat(rt.ring(1).watermark()).isEqualTo(17);
        for (int i = 17; i < 20; i++) {
            rt.ready().remove(tasks[i]);
            rt.complete(tasks[i]);
            rt.release(tasks[i]);
        }
        assertThat(rt.ring(1).watermark()).as("reaching the next id publishes").isEqualTo(20);
    }
}
