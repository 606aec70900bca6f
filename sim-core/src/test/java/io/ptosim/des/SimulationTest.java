package io.ptosim.des;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationTest {
    private static final EventKind POLL = EventKind.of(7, "poll");

    private final Simulation sim = new Simulation(1);
    private final List<String> fired = new ArrayList<>();

    private Runnable record(String name) {
        return () -> fired.add(name + "@" + sim.now());
    }

    @Test
    void firesInTimeOrderAndAdvancesTheClock() {
        sim.schedule(30, record("c"));
        sim.schedule(10, record("a"));
        sim.schedule(20, record("b"));
        RunResult result = sim.run();
        assertThat(fired).containsExactly("a@10", "b@20", "c@30");
        assertThat(result.reason()).isEqualTo(StopReason.DRAINED);
        assertThat(result.nowNanos()).isEqualTo(30);
        assertThat(result.eventsFired()).isEqualTo(3);
        assertThat(result.pending()).isZero();
    }

    @Test
    void equalTimesFireInInsertionOrderIncludingEventsScheduledByEvents() {
        sim.schedule(5, () -> {
            fired.add("first@5");
            sim.scheduleAfter(0, record("child-of-first"));
        });
        sim.schedule(5, record("second"));
        sim.schedule(5, record("third"));
        sim.run();
        assertThat(fired).containsExactly("first@5", "second@5", "third@5", "child-of-first@5");
    }

    @Test
    void cancelledEventsNeverFireAndDoNotMoveTheClock() {
        EventHandle a = sim.schedule(100, record("a"));
        sim.schedule(50, record("b"));
        assertThat(sim.cancel(a)).isTrue();
        assertThat(sim.cancel(a)).isFalse();
        assertThat(sim.pending()).isEqualTo(1);
        RunResult result = sim.run();
        assertThat(fired).containsExactly("b@50");
        assertThat(result.nowNanos()).isEqualTo(50);
    }

    @Test
    void aTimerKeepsOnePendingEventThatARescheduleReplacesAndACancelDrops() {
        Timer a = sim.timer(EventKind.UNSPECIFIED, () -> fired.add("a@" + sim.now()));
        sim.schedule(50, record("b"));
        a.schedule(100);
        assertThat(a.pending()).isTrue();
        assertThat(a.dueNanos()).isEqualTo(100);
        a.schedule(70);
        assertThat(sim.pending()).as("the rescheduled event replaces the first").isEqualTo(2);
        assertThat(a.cancel()).isTrue();
        assertThat(a.cancel()).isFalse();
        assertThat(sim.pending()).isEqualTo(1);
        sim.run();
        assertThat(fired).containsExactly("b@50");
        assertThat(sim.now()).as("the cancelled events do not move the clock").isEqualTo(50);
        a.schedule(60);
        a.schedule(80);
        sim.run();
        assertThat(fired).containsExactly("b@50", "a@80");
        assertThat(a.pending()).as("fired").isFalse();
        assertThat(a.cancel()).isFalse();
        assertThat(sim.eventsFired()).isEqualTo(2);
    }

    @Test
    void aTimersEventsAreNumberedAndOrderedAsScheduledEvents() {
        Simulation viaSchedule = new Simulation(7);
        Simulation viaTimer = new Simulation(7);
        List<String> order = new ArrayList<>();
        Timer t = viaTimer.timer(EventKind.of(5, "tick"), () -> order.add("timer@" + viaTimer.now()));
        viaSchedule.schedule(10, EventKind.of(5, "tick"), () -> { });
        viaSchedule.schedule(10, EventKind.UNSPECIFIED, () -> { });
        t.schedule(10);
        viaTimer.schedule(10, EventKind.UNSPECIFIED, () -> order.add("other@" + viaTimer.now()));
        viaSchedule.run();
        viaTimer.run();
        assertThat(order).containsExactly("timer@10", "other@10");
        assertThat(viaTimer.digest()).isEqualTo(viaSchedule.digest());
        assertThatThrownBy(() -> t.schedule(9)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before now=10");
    }

    @Test
    void handlesNameTheEventByTimeAndSequence() {
        EventHandle a = sim.schedule(10, record("a"));
        EventHandle b = sim.schedule(10, record("b"));
        assertThat(a).isEqualTo(new EventHandle(10, 1));
        assertThat(b).isEqualTo(new EventHandle(10, 2));
        assertThat(sim.scheduleAfter(5, record("c"))).isEqualTo(new EventHandle(5, 3));
    }

    @Test
    void cancelRejectsFiredAndUnknownHandles() {
        EventHandle a = sim.schedule(1, record("a"));
        EventHandle b = sim.schedule(1, record("b"));
        sim.runUntil(1);
        assertThat(sim.cancel(a)).isFalse();
        assertThat(sim.cancel(b)).as("the last event fired, at the current instant").isFalse();
        assertThat(sim.cancel(new EventHandle(1, 0))).isFalse();
        assertThat(sim.cancel(new EventHandle(1, -1))).isFalse();
        assertThat(sim.cancel(new EventHandle(50, 3))).as("sequence not issued yet").isFalse();
        assertThat(sim.cancel(new EventHandle(Long.MAX_VALUE, Long.MAX_VALUE))).isFalse();
        assertThat(sim.pending()).isZero();
    }

    @Test
    void aFiringEventCannotCancelItself() {
        EventHandle[] self = new EventHandle[1];
        boolean[] result = {true};
        self[0] = sim.schedule(7, () -> result[0] = sim.cancel(self[0]));
        sim.schedule(8, record("next"));
        sim.run();
        assertThat(result[0]).isFalse();
        assertThat(fired).containsExactly("next@8");
        assertThat(sim.pending()).isZero();
    }

    @Test
    void aCancelledEventCannotBeCancelledAgainAfterItsEntryCameUp() {
        sim.schedule(10, record("x"));
        EventHandle y = sim.schedule(10, record("y"));
        boolean[] again = new boolean[1];
        sim.schedule(10, () -> again[0] = sim.cancel(y));
        sim.schedule(20, record("z"));
        assertThat(sim.cancel(y)).isTrue();
        sim.runUntil(10);
        assertThat(again[0]).isFalse();
        assertThat(sim.pending()).isEqualTo(1);
        sim.run();
        assertThat(sim.cancel(y)).isFalse();
        assertThat(sim.pending()).isZero();
        assertThat(fired).containsExactly("x@10", "z@20");
    }

    @Test
    void aCancelledEventLeftInTheQueueStaysCancelledAfterTheRunDrains() {
        EventHandle late = sim.schedule(1_000, record("late"));
        sim.schedule(10, record("early"));
        assertThat(sim.cancel(late)).isTrue();
        assertThat(sim.run().reason()).isEqualTo(StopReason.DRAINED);
        assertThat(sim.cancel(late)).isFalse();
        assertThat(sim.pending()).isZero();
        sim.schedule(2_000, record("next"));
        sim.run();
        assertThat(fired).containsExactly("early@10", "next@2000");
    }

    @Test
    void anEventCanCancelALaterOneAtTheSameInstant() {
        EventHandle[] victim = new EventHandle[1];
        sim.schedule(9, () -> assertThat(sim.cancel(victim[0])).isTrue());
        victim[0] = sim.schedule(9, record("victim"));
        sim.schedule(9, record("survivor"));
        sim.run();
        assertThat(fired).containsExactly("survivor@9");
    }

    @Test
    void runUntilFiresDueEventsThenSetsTheClock() {
        sim.schedule(10, record("a"));
        sim.schedule(20, record("b"));
        sim.schedule(30, record("c"));
        RunResult first = sim.runUntil(25);
        assertThat(first.reason()).isEqualTo(StopReason.UNTIL_REACHED);
        assertThat(first.message()).isEqualTo("reached t=25 ns; 1 events pending, the next at t=30 ns");
        assertThat(sim.now()).isEqualTo(25);
        sim.schedule(27, record("late"));
        sim.run();
        assertThat(fired).containsExactly("a@10", "b@20", "late@27", "c@30");
    }

    @Test
    void runUntilIncludesEventsExactlyAtTheBound() {
        sim.schedule(25, record("edge"));
        assertThat(sim.runUntil(25).reason()).isEqualTo(StopReason.UNTIL_REACHED);
        assertThat(fired).containsExactly("edge@25");
    }

    @Test
    void runUntilAdvancesTheClockEvenWhenNothingIsLeft() {
        sim.schedule(10, record("a"));
        RunResult result = sim.runUntil(1_000);
        assertThat(result.reason()).isEqualTo(StopReason.UNTIL_REACHED);
        assertThat(result.message()).isEqualTo("reached t=1000 ns; no event pending");
        assertThat(sim.now()).isEqualTo(1_000);
        assertThat(sim.run().reason()).isEqualTo(StopReason.DRAINED);
        assertThat(sim.now()).isEqualTo(1_000);
    }

    @Test
    void stopReturnsAfterTheRunningEventAndRunResumes() {
        sim.schedule(1, () -> {
            fired.add("stopper");
            sim.stop();
        });
        sim.schedule(2, record("after"));
        RunResult stopped = sim.run();
        assertThat(stopped.reason()).isEqualTo(StopReason.STOPPED);
        assertThat(stopped.pending()).isEqualTo(1);
        assertThat(fired).containsExactly("stopper");
        assertThat(sim.run().reason()).isEqualTo(StopReason.DRAINED);
        assertThat(fired).containsExactly("stopper", "after@2");
    }

    @Test
    void eventLimitEndsAnEndlessModel() {
        Simulation bounded = new Simulation(1, RunLimits.DEFAULT.withMaxEvents(1_000));
        bounded.schedule(0, new Runnable() {
            @Override
            public void run() {
                bounded.scheduleAfter(3, this);
            }
        });
        RunResult result = bounded.run();
        assertThat(result.reason()).isEqualTo(StopReason.EVENT_LIMIT);
        assertThat(result.eventsFired()).isEqualTo(1_000);
        assertThat(result.nowNanos()).isEqualTo(2_997);
        assertThat(result.message()).isEqualTo("event limit reached: fired 1000 events (maxEvents); the next is at t=3000 ns");
        assertThat(result.reason().isLimit()).isTrue();
    }

    @Test
    void virtualTimeLimitStopsBeforeTheFirstEventBeyondIt() {
        Simulation bounded = new Simulation(1, RunLimits.DEFAULT.withMaxVirtualTimeNanos(1_000));
        bounded.schedule(1_000, () -> fired.add("at-limit"));
        bounded.schedule(1_001, () -> fired.add("beyond"));
        RunResult result = bounded.run();
        assertThat(result.reason()).isEqualTo(StopReason.TIME_LIMIT);
        assertThat(fired).containsExactly("at-limit");
        assertThat(result.pending()).isEqualTo(1);
        assertThat(result.message()).isEqualTo(
                "virtual-time limit reached: the next event at t=1001 ns is beyond maxVirtualTimeNanos=1000 ns");
    }

    @Test
    void aZeroDelayLoopIsReportedAsNoProgress() {
        Simulation spinning = new Simulation(1, RunLimits.DEFAULT.withMaxEventsAtOneInstant(10_000));
        spinning.schedule(42, POLL, new Runnable() {
            @Override
            public void run() {
                spinning.scheduleAfter(0, POLL, this);
            }
        });
        RunResult result = spinning.run();
        assertThat(result.reason()).isEqualTo(StopReason.NO_PROGRESS);
        assertThat(result.eventsFired()).isEqualTo(10_000);
        assertThat(result.message()).isEqualTo("no progress: 10000 consecutive events at t=42 ns without virtual time"
                + " advancing (last kind: poll); a zero-delay event loop? (maxEventsAtOneInstant=10000)");
    }

    @Test
    void cancelledEntriesDoNotCountTowardsNoProgress() {
        Simulation s = new Simulation(1, RunLimits.DEFAULT.withMaxEventsAtOneInstant(3));
        List<String> log = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            s.schedule(5, () -> log.add("x"));
        }
        EventHandle cancelled = s.schedule(5, () -> log.add("cancelled"));
        s.schedule(6, () -> log.add("later"));
        s.cancel(cancelled);
        assertThat(s.run().reason()).isEqualTo(StopReason.DRAINED);
        assertThat(log).containsExactly("x", "x", "x", "later");
    }

    @Test
    void aPollingModelThatStopsReportingProgressIsStopped() {
        Simulation s = new Simulation(1, RunLimits.DEFAULT.withMaxNanosWithoutProgress(10_000));
        int[] completions = {0};
        s.schedule(0, POLL, new Runnable() {
            @Override
            public void run() {
                if (completions[0] < 3) {
                    completions[0]++;
                    s.reportProgress();
                }
                s.scheduleAfter(1_000, POLL, this);
            }
        });
        RunResult result = s.run();
        assertThat(result.reason()).isEqualTo(StopReason.NO_PROGRESS);
        assertThat(result.nowNanos()).isEqualTo(12_000);
        assertThat(result.message()).isEqualTo("no progress: nothing reported progress since t=2000 ns and the next"
                + " event is at t=13000 ns, 11000 ns later (maxNanosWithoutProgress=10000 ns)");
    }

    @Test
    void theProgressWatchdogSleepsUntilTheModelFirstReports() {
        Simulation s = new Simulation(1, RunLimits.DEFAULT.withMaxNanosWithoutProgress(10));
        s.schedule(1_000_000, () -> { });
        assertThat(s.run().reason()).isEqualTo(StopReason.DRAINED);
    }

    @Test
    void badTimesAreRejectedWithClearMessages() {
        sim.runUntil(100);
        assertThatThrownBy(() -> sim.schedule(99, record("x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot schedule an event at t=99 ns: it is before now=100 ns, and events may not be"
                        + " scheduled in the past");
        assertThatThrownBy(() -> sim.scheduleAfter(-5, record("x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delay must be >= 0 ns, got -5 ns");
        assertThatThrownBy(() -> sim.scheduleAfter(Long.MAX_VALUE, record("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("now=100 ns + delay=9223372036854775807 ns overflows virtual time (max 9223372036854775807 ns)");
        assertThatThrownBy(() -> sim.runUntil(50)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("runUntil(t=50 ns) is before now=100 ns");
        assertThatThrownBy(() -> sim.schedule(-1, record("x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("t=-1 ns");
        assertThat(sim.pending()).isZero();
    }

    @Test
    void runLimitsMustBePositive() {
        assertThatThrownBy(() -> RunLimits.DEFAULT.withMaxEvents(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("run limit maxEvents must be > 0, got 0");
        assertThatThrownBy(() -> RunLimits.DEFAULT.withMaxNanosWithoutProgress(-3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("run limit maxNanosWithoutProgress must be > 0, got -3");
    }

    @Test
    void aFailingEventIsNamedAndTheSimulationCanGoOn() {
        EventKind dispatch = EventKind.of(3, "dispatch");
        sim.schedule(5, record("before"));
        sim.schedule(7, dispatch, () -> {
            throw new IllegalStateException("core busy");
        });
        sim.schedule(9, record("after"));
        assertThatThrownBy(sim::run).isInstanceOf(EventFailedException.class)
                .hasMessage("event #2 (dispatch) at t=7 ns failed: java.lang.IllegalStateException: core busy")
                .hasCauseInstanceOf(IllegalStateException.class)
                .satisfies(e -> {
                    EventFailedException f = (EventFailedException) e;
                    assertThat(f.timeNanos()).isEqualTo(7);
                    assertThat(f.sequence()).isEqualTo(2);
                    assertThat(f.kind()).isSameAs(dispatch);
                });
        assertThat(sim.run().reason()).isEqualTo(StopReason.DRAINED);
        assertThat(fired).containsExactly("before@5", "after@9");
    }

    @Test
    void runCannotBeCalledFromInsideAnEvent() {
        sim.schedule(1, sim::run);
        assertThatThrownBy(sim::run).isInstanceOf(EventFailedException.class)
                .hasRootCauseMessage("run() or runUntil() called from inside an event");
    }

    @Test
    void slotsAreRecycledSoPendingEventsCanGrowAndShrink() {
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 10_000; i++) {
                sim.scheduleAfter(i % 97, () -> { });
            }
            assertThat(sim.pending()).isEqualTo(10_000);
            sim.run();
            assertThat(sim.pending()).isZero();
        }
        assertThat(sim.eventsFired()).isEqualTo(30_000);
    }
}
