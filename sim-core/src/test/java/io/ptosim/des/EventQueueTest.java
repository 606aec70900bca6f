package io.ptosim.des;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class EventQueueTest {

    @Test
    void takesEntriesOutInTimeOrder() {
        EventQueue q = new EventQueue();
        long[] times = {50, 7, 1_000_000_000_000L, 7, 0, 63, 64, 65, 1L << 40};
        for (int i = 0; i < times.length; i++) {
            q.add(times[i], i);
        }
        List<Long> out = new ArrayList<>();
        while (!q.isEmpty()) {
            q.poll();
            out.add(q.lastTime());
        }
        assertThat(out).containsExactly(0L, 7L, 7L, 50L, 63L, 64L, 65L, 1_000_000_000_000L, 1L << 40);
    }

    @Test
    void equalTimesComeOutInInsertionOrderAcrossRedistribution() {
        EventQueue q = new EventQueue();
        q.add(10, 100);
        q.add(1_000, 1);
        q.add(1_000, 2);
        assertThat(q.poll()).isEqualTo(100);
        q.add(1_000, 3);
        q.add(500, 50);
        q.add(1_000, 4);
        assertThat(List.of(q.poll(), q.poll(), q.poll(), q.poll(), q.poll())).containsExactly(50L, 1L, 2L, 3L, 4L);
    }

    @Test
    void peekDoesNotCommitSoAnEarlierEntryMayStillArrive() {
        EventQueue q = new EventQueue();
        q.add(1_000, 1);
        assertThat(q.peekTime()).isEqualTo(1_000);
        q.add(200, 2);
        assertThat(q.peekTime()).isEqualTo(200);
        assertThat(q.poll()).isEqualTo(2);
        assertThat(q.poll()).isEqualTo(1);
    }

    @Test
    void acceptsAnEntryEarlierThanTheLastMinimumByRebasing() {
        EventQueue q = new EventQueue();
        q.add(100, 1);
        q.add(900, 2);
        q.add(900, 3);
        assertThat(q.peekPayload()).isEqualTo(1);
        assertThat(q.poll()).isEqualTo(1);
        assertThat(q.peekPayload()).isEqualTo(2);
        q.add(300, 4);
        assertThat(List.of(q.poll(), q.poll(), q.poll())).containsExactly(4L, 2L, 3L);
    }

    @Test
    void rejectsNegativeTimesAndEmptyReads() {
        EventQueue q = new EventQueue();
        assertThatThrownBy(() -> q.add(-1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event time must be >= 0 ns, got -1");
        assertThatThrownBy(q::peekTime).isInstanceOf(IllegalStateException.class).hasMessage("event queue is empty");
        assertThatThrownBy(q::poll).isInstanceOf(IllegalStateException.class).hasMessage("event queue is empty");
    }

    @Test
    void clearEmptiesAndResetsTheMinimum() {
        EventQueue q = new EventQueue();
        q.add(5_000, 1);
        q.poll();
        q.add(6_000, 2);
        q.clear();
        assertThat(q.isEmpty()).isTrue();
        q.add(3, 3);
        assertThat(q.peekTime()).isEqualTo(3);
        assertThat(q.size()).isEqualTo(1);
    }

    private record Ref(long time, long order, long payload) {
    }

    /**
     * Differential property: random interleavings of adds (mostly monotone, sometimes earlier than the
     * last minimum), peeks and polls give the same sequence as a
     * sorted-set reference ordered by (time, insertion order).
     */
    @Test
    void matchesASortedReferenceOnRandomOperations() {
        int tries = Tries.count(200);
        for (int seed = 0; seed < tries; seed++) {
            String failure = runDifferential(seed, 5, new int[1]);
            assertThat(failure).as("EventQueue differential, seed %d (repro: -Dptosim.tries=%d)", seed, seed + 1).isNull();
        }
    }

    /** Adds as often as polls, so the size wanders around the small-array limit and back to empty. */
    @Test
    void matchesASortedReferenceAcrossTheSmallAndRadixModes() {
        int tries = Tries.count(200);
        int crossings = 0;
        for (int seed = 0; seed < tries; seed++) {
            int[] maxSize = new int[1];
            String failure = runDifferential(seed, 3, maxSize);
            assertThat(failure).as("EventQueue differential around 32 entries, seed %d", seed).isNull();
            crossings += maxSize[0] > 32 ? 1 : 0;
        }
        assertThat(crossings).as("runs that outgrew the small array").isGreaterThan(tries / 4);
    }

    /** Random adds ({@code addsInTen} in ten), peeks and polls against a TreeSet; the largest size in {@code maxSize[0]}. */
    private static String runDifferential(long seed, int addsInTen, int[] maxSize) {
        RandomStream r = new RandomStreams(seed).stream("event-queue-differential");
        EventQueue q = new EventQueue();
        TreeSet<Ref> ref = new TreeSet<>(Comparator.comparingLong(Ref::time).thenComparingLong(Ref::order));
        long order = 0;
        long floor = 0;
        int ops = 50 + r.nextInt(3_000);
        long spread = 1L << r.nextInt(1, 50);
        for (int op = 0; op < ops; op++) {
            int kind = r.nextInt(10);
            if (kind < addsInTen || ref.isEmpty()) {
                long time = r.nextInt(8) == 0 ? floor : floor + r.nextLong(spread);
                if (r.nextInt(50) == 0) {
                    time = r.nextLong(floor + 1);
                }
                long payload = r.nextLong();
                q.add(time, payload);
                ref.add(new Ref(time, order++, payload));
            } else if (kind < 7) {
                if (q.peekTime() != ref.first().time()) {
                    return "op " + op + ": peekTime " + q.peekTime() + " != " + ref.first().time();
                }
            } else {
                Ref expected = ref.pollFirst();
                long got = q.poll();
                if (got != expected.payload() || q.lastTime() != expected.time()) {
                    return "op " + op + ": polled (" + q.lastTime() + ", " + got + ") expected " + expected;
                }
                floor = expected.time();
            }
            if (q.size() != ref.size()) {
                return "op " + op + ": size " + q.size() + " != " + ref.size();
            }
            maxSize[0] = Math.max(maxSize[0], q.size());
        }
        return null;
    }
}
