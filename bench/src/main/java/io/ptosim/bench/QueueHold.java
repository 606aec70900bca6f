package io.ptosim.bench;

import io.ptosim.des.EventQueue;
import java.util.PriorityQueue;

/**
 * The hold model on a bare event queue: take the earliest entry, add one at its time plus a random
 * delay. One implementation per queue measured: the engine's {@link EventQueue}, the
 * {@link QuaternaryHeapQueue} candidate, and {@link PriorityQueue} as the baseline. Each writes its
 * loop out against its own concrete queue, on purpose: a shared loop over an interface would measure
 * an interface call per step as well.
 */
public abstract sealed class QueueHold {
    /** The queues that can be measured. */
    public enum Queue {
        /** The engine's radix heap ({@link EventQueue}). */
        RADIX_HEAP,
        /** The 4-ary heap candidate. */
        QUATERNARY_HEAP,
        /** java.util.PriorityQueue of (time, sequence, payload) objects. */
        PRIORITY_QUEUE
    }

    final HoldModel model;

    QueueHold(HoldModel model) {
        this.model = model;
    }

    /** A queue of the given kind holding {@code pending} entries drawn from {@code seed}. */
    public static QueueHold create(Queue queue, int pending, long seed) {
        HoldModel model = new HoldModel(pending, seed);
        return switch (queue) {
            case RADIX_HEAP -> new OnRadixHeap(model);
            case QUATERNARY_HEAP -> new OnQuaternaryHeap(model);
            case PRIORITY_QUEUE -> new OnPriorityQueue(model);
        };
    }

    /** Performs {@code steps} hold steps; returns a checksum of the payloads taken out. */
    public abstract long hold(long steps);

    private static final class OnRadixHeap extends QueueHold {
        private final EventQueue queue = new EventQueue();

        OnRadixHeap(HoldModel model) {
            super(model);
            for (int i = 0; i < model.pending(); i++) {
                queue.add(model.initialTime(i), i);
            }
        }

        @Override
        public long hold(long steps) {
            long sum = 0;
            for (long i = 0; i < steps; i++) {
                long t = queue.peekTime();
                long p = queue.poll();
                queue.add(t + model.nextDelay(), p);
                sum += p;
            }
            return sum;
        }
    }

    private static final class OnQuaternaryHeap extends QueueHold {
        private final QuaternaryHeapQueue queue = new QuaternaryHeapQueue();

        OnQuaternaryHeap(HoldModel model) {
            super(model);
            for (int i = 0; i < model.pending(); i++) {
                queue.add(model.initialTime(i), i);
            }
        }

        @Override
        public long hold(long steps) {
            long sum = 0;
            for (long i = 0; i < steps; i++) {
                long t = queue.peekTime();
                long p = queue.poll();
                queue.add(t + model.nextDelay(), p);
                sum += p;
            }
            return sum;
        }
    }

    private static final class OnPriorityQueue extends QueueHold {
        private record Entry(long time, long sequence, long payload) {
        }

        private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> a.time != b.time
                ? Long.compare(a.time, b.time) : Long.compare(a.sequence, b.sequence));
        private long sequence;

        OnPriorityQueue(HoldModel model) {
            super(model);
            for (int i = 0; i < model.pending(); i++) {
                queue.add(new Entry(model.initialTime(i), sequence++, i));
            }
        }

        @Override
        public long hold(long steps) {
            long sum = 0;
            for (long i = 0; i < steps; i++) {
                Entry e = queue.poll();
                queue.add(new Entry(e.time + model.nextDelay(), sequence++, e.payload));
                sum += e.payload;
            }
            return sum;
        }
    }
}
