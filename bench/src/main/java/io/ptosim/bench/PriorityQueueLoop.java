package io.ptosim.bench;

import io.ptosim.des.EventHandle;
import io.ptosim.des.EventKind;
import io.ptosim.des.EventLoop;
import java.util.PriorityQueue;

/**
 * The baseline every engine figure is measured against: the straightforward event loop on
 * {@link java.util.PriorityQueue}, one object per event, ordered by (time, sequence) with a
 * hand-written comparator. It honours the same ordering contract as the engine; cancellation is a
 * linear scan, as it would be in such a loop.
 */
public final class PriorityQueueLoop implements EventLoop {
    private record Scheduled(long time, long sequence, Runnable action) {
    }

    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>((a, b) -> a.time != b.time
            ? Long.compare(a.time, b.time) : Long.compare(a.sequence, b.sequence));
    private long now;
    private long nextSequence = 1;

    @Override
    public long now() {
        return now;
    }

    @Override
    public EventHandle schedule(long atNanos, EventKind kind, Runnable action) {
        if (atNanos < now) {
            throw new IllegalArgumentException("cannot schedule at t=" + atNanos + " ns before now=" + now + " ns");
        }
        long sequence = nextSequence++;
        queue.add(new Scheduled(atNanos, sequence, action));
        return new EventHandle(atNanos, sequence);
    }

    @Override
    public EventHandle scheduleAfter(long delayNanos, EventKind kind, Runnable action) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("delay must be >= 0 ns, got " + delayNanos);
        }
        return schedule(now + delayNanos, kind, action);
    }

    @Override
    public boolean cancel(EventHandle event) {
        return queue.removeIf(e -> e.sequence == event.sequence() && e.time == event.timeNanos());
    }

    /** Fires up to {@code maxEvents} events in order; returns how many fired. */
    public long run(long maxEvents) {
        long fired = 0;
        while (fired < maxEvents) {
            Scheduled e = queue.poll();
            if (e == null) {
                break;
            }
            now = e.time;
            fired++;
            e.action.run();
        }
        return fired;
    }

    /** Events pending. */
    public int pending() {
        return queue.size();
    }
}
