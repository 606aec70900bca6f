package io.ptosim.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptosim.des.EventHandle;
import io.ptosim.des.EventQueue;
import io.ptosim.des.RandomStream;
import io.ptosim.des.RandomStreams;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's contestants must honour the same contract, or the comparison means nothing. */
class BaselinesTest {

    @Test
    void theQuaternaryHeapAndTheEventQueueAgreeOnEveryHoldStep() {
        RandomStream r = new RandomStreams(3).stream("baseline-agreement");
        EventQueue radix = new EventQueue();
        QuaternaryHeapQueue quaternary = new QuaternaryHeapQueue();
        for (int i = 0; i < 2_000; i++) {
            long t = r.nextLong(500);
            radix.add(t, i);
            quaternary.add(t, i);
        }
        for (int step = 0; step < 50_000; step++) {
            long t = quaternary.peekTime();
            assertThat(radix.peekTime()).as("step %d", step).isEqualTo(t);
            long p = quaternary.poll();
            assertThat(radix.poll()).as("step %d", step).isEqualTo(p);
            long next = t + (r.nextInt(4) == 0 ? 0 : r.nextLong(1_000));
            radix.add(next, p);
            quaternary.add(next, p);
        }
        assertThat(quaternary.size()).isEqualTo(2_000);
    }

    @Test
    void thePriorityQueueLoopFiresInTimeThenSchedulingOrder() {
        PriorityQueueLoop loop = new PriorityQueueLoop();
        List<String> fired = new ArrayList<>();
        loop.schedule(20, () -> fired.add("b"));
        loop.schedule(10, () -> {
            fired.add("a");
            loop.scheduleAfter(10, () -> fired.add("c"));
        });
        EventHandle cancelled = loop.schedule(15, () -> fired.add("never"));
        assertThat(loop.cancel(cancelled)).isTrue();
        assertThat(loop.run(100)).isEqualTo(3);
        assertThat(fired).containsExactly("a", "b", "c");
        assertThat(loop.now()).isEqualTo(20);
        assertThatThrownBy(() -> loop.schedule(5, () -> { })).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyHoldVariantKeepsItsQueueFullAndAgreesOnTheChecksum() {
        long radix = QueueHold.create(QueueHold.Queue.RADIX_HEAP, 500, 9).hold(20_000);
        assertThat(QueueHold.create(QueueHold.Queue.QUATERNARY_HEAP, 500, 9).hold(20_000)).isEqualTo(radix);
        assertThat(QueueHold.create(QueueHold.Queue.PRIORITY_QUEUE, 500, 9).hold(20_000)).isEqualTo(radix);
        long[] now = new long[EngineHold.Engine.values().length];
        for (EngineHold.Engine engine : EngineHold.Engine.values()) {
            EngineHold hold = EngineHold.create(engine, 500, 9);
            hold.fire(20_000);
            now[engine.ordinal()] = hold.now();
        }
        assertThat(now[0]).as("40 events of mean delay 100 us on each of 500 chains: about 4 ms")
                .isBetween(3_000_000L, 5_000_000L);
        assertThat(now).as("every engine fires the same events in the same order").containsOnly(now[0]);
    }

    @Test
    void theMedianIsTheMiddleValue() {
        assertThat(QuickBench.median(new double[] {5, 1, 3})).isEqualTo(3);
        assertThat(QuickBench.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }
}
