package io.ptosim.des;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class RealTimeLoopTest {
    @Test
    void timersRunInTimeThenInsertionOrderAndTheRunEndsWhenNothingIsLeft() {
        RealTimeLoop loop = new RealTimeLoop();
        List<String> order = new ArrayList<>();
        loop.scheduleAfter(2_000_000, () -> order.add("late"));
        loop.schedule(0, () -> order.add("first"));
        loop.schedule(0, () -> order.add("second"));
        EventHandle cancelled = loop.scheduleAfter(1_000_000, () -> order.add("cancelled"));
        assertThat(loop.cancel(cancelled)).isTrue();
        RunResult r = loop.run(5_000_000_000L);
        assertThat(r.reason()).isEqualTo(StopReason.DRAINED);
        assertThat(order).containsExactly("first", "second", "late");
        assertThat(loop.now()).isGreaterThanOrEqualTo(2_000_000);
    }

    @Test
    void anExpectedCompletionFromAnotherThreadKeepsTheRunGoingUntilItIsPosted() throws InterruptedException {
        RealTimeLoop loop = new RealTimeLoop();
        List<String> seen = new ArrayList<>();
        RealTimeLoop.Completion c = loop.expect("chip 0: run");
        CountDownLatch started = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            try {
                started.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            c.post(() -> seen.add("reply on " + Thread.currentThread().getName()));
        }, "native-waiter");
        other.start();
        loop.schedule(0, started::countDown);
        RunResult r = loop.run(10_000_000_000L);
        other.join();
        assertThat(r.reason()).isEqualTo(StopReason.DRAINED);
        assertThat(seen).containsExactly("reply on " + Thread.currentThread().getName());
        assertThatThrownBy(() -> c.post(() -> { })).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("posted twice");
    }

    @Test
    void aCompletionThatNeverComesEndsTheRunAtTheIdleLimitNamingIt() {
        RealTimeLoop loop = new RealTimeLoop();
        loop.expect("chip 1: run 'hang'");
        RunResult r = loop.run(20_000_000);
        assertThat(r.reason()).isEqualTo(StopReason.NO_PROGRESS);
        assertThat(r.message()).contains("still awaited: [chip 1: run 'hang' (waiting");
    }

    @Test
    void anActionThatThrowsEndsTheRunAsABugAndOtherThreadsMayNotSchedule() throws InterruptedException {
        RealTimeLoop loop = new RealTimeLoop();
        loop.schedule(0, () -> {
            throw new IllegalStateException("boom");
        });
        assertThatThrownBy(() -> loop.run(1_000_000_000L)).isInstanceOf(EventFailedException.class)
                .hasRootCauseMessage("boom");
        List<Throwable> thrown = new ArrayList<>();
        Thread t = new Thread(() -> {
            try {
                loop.scheduleAfter(0, () -> { });
            } catch (IllegalStateException e) {
                thrown.add(e);
            }
        });
        t.start();
        t.join();
        assertThat(thrown).singleElement().extracting(Throwable::getMessage).asString()
                .contains("only the loop's thread may");
    }
}
