package io.ptosim.des;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@link EventLoop} of the hardware path: wall-clock nanoseconds since the loop was made, one
 * thread (the one that calls {@link #run}) running every action, timers ordered by (time, insertion
 * sequence) as in a {@link Simulation}. Other threads hand work to it only through {@link #post} or an
 * {@link #expect expected completion}; {@link #schedule} and {@link #cancel} belong to the loop's
 * thread (or to the thread that made it, before {@link #run}).
 *
 * <p>A run ends when no timer is pending, nothing posted waits and every expected completion has
 * arrived, as a simulation ends when its queue drains; and it is bounded: when nothing happens for
 * the idle limit, it returns {@link StopReason#NO_PROGRESS} naming the completions still awaited.
 * An action that throws ends the run with an {@link EventFailedException} (a bug, never a report).
 */
public final class RealTimeLoop implements EventLoop {
    private record Timer(long at, long sequence, EventKind kind, Runnable action) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }

    /** Work another thread will post exactly once; the loop waits for it. */
    public final class Completion {
        private final String what;
        private final long since;
        private final AtomicBoolean done = new AtomicBoolean();

        private Completion(String what) {
            this.what = what;
            this.since = now();
        }

        /**
         * Hands {@code action} to the loop (callable from any thread, once).
         *
         * @throws IllegalStateException if this completion was already posted
         */
        public void post(Runnable action) {
            if (!done.compareAndSet(false, true)) {
                throw new IllegalStateException("completion '" + what + "' posted twice");
            }
            RealTimeLoop.this.post(() -> {
                synchronized (awaited) {
                    awaited.remove(this);
                }
                action.run();
            });
        }

        @Override
        public String toString() {
            return what + " (waiting " + (now() - since) / 1_000_000 + " ms)";
        }
    }

    private final long origin = System.nanoTime();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final Set<Long> cancelled = new TreeSet<>();
    private final ConcurrentLinkedQueue<Runnable> posted = new ConcurrentLinkedQueue<>();
    private final List<Completion> awaited = new ArrayList<>();
    private volatile Thread owner = Thread.currentThread();
    private long sequence;
    private long fired;

    /** A loop owned by the calling thread until {@link #run} moves it to the thread that runs it. */
    public RealTimeLoop() {
    }

    @Override
    public long now() {
        return System.nanoTime() - origin;
    }

    /** {@inheritDoc} A time already past runs as soon as the loop gets to it. */
    @Override
    public EventHandle schedule(long atNanos, EventKind kind, Runnable action) {
        checkOwner("schedule");
        long seq = sequence++;
        timers.add(new Timer(atNanos, seq, kind, action));
        return new EventHandle(atNanos, seq);
    }

    @Override
    public EventHandle scheduleAfter(long delayNanos, EventKind kind, Runnable action) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("delay " + delayNanos + " ns; expected >= 0");
        }
        return schedule(Math.addExact(now(), delayNanos), kind, action);
    }

    @Override
    public boolean cancel(EventHandle event) {
        checkOwner("cancel");
        for (Timer t : timers) {
            if (t.sequence == event.sequence()) {
                return cancelled.add(t.sequence);
            }
        }
        return false;
    }

    /** Hands {@code action} to the loop's thread; callable from any thread. */
    public void post(Runnable action) {
        posted.add(action);
        LockSupport.unpark(owner);
    }

    /**
     * Registers work another thread will report with {@link Completion#post}: until it does, a run does
     * not end (except by its idle limit, which names it).
     */
    public Completion expect(String what) {
        Completion c = new Completion(what);
        synchronized (awaited) {
            awaited.add(c);
        }
        return c;
    }

    /**
     * Runs until nothing is left to do, or until nothing has happened for {@code idleLimitNanos}.
     *
     * @return {@link StopReason#DRAINED} or {@link StopReason#NO_PROGRESS}, with a message naming what
     *     was still awaited
     * @throws EventFailedException if an action threw
     */
    public RunResult run(long idleLimitNanos) {
        owner = Thread.currentThread();
        long lastActivity = now();
        while (true) {
            boolean worked = false;
            Runnable p;
            while ((p = posted.poll()) != null) {
                fire(now(), -1, EventKind.UNSPECIFIED, p);
                worked = true;
            }
            Timer next = timers.peek();
            while (next != null && (cancelled.contains(next.sequence) || next.at <= now())) {
                timers.poll();
                if (!cancelled.remove(next.sequence)) {
                    fire(next.at, next.sequence, next.kind, next.action);
                    worked = true;
                }
                next = timers.peek();
            }
            if (worked) {
                lastActivity = now();
                continue;
            }
            int waiting;
            synchronized (awaited) {
                waiting = awaited.size();
            }
            if (next == null && waiting == 0 && posted.isEmpty()) {
                return result(StopReason.DRAINED, "drained");
            }
            long idle = now() - lastActivity;
            if (idle >= idleLimitNanos) {
                return result(StopReason.NO_PROGRESS, "nothing happened for " + idle / 1_000_000 + " ms; still awaited: "
                        + awaitedList());
            }
            long wait = idleLimitNanos - idle;
            if (next != null) {
                wait = Math.min(wait, next.at - now());
            }
            if (wait > 0 && posted.isEmpty()) {
                LockSupport.parkNanos(this, wait);
            }
        }
    }

    /** The completions still awaited, oldest first. */
    public String awaitedList() {
        synchronized (awaited) {
            return awaited.isEmpty() ? "none" : awaited.toString();
        }
    }

    private void fire(long at, long seq, EventKind kind, Runnable action) {
        fired++;
        try {
            action.run();
        } catch (RuntimeException | Error e) {
            throw new EventFailedException(at, seq, kind, e);
        }
    }

    private RunResult result(StopReason reason, String message) {
        return new RunResult(reason, now(), fired, timers.size(), 0, message);
    }

    private void checkOwner(String what) {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException(what + " from thread '" + Thread.currentThread().getName()
                    + "'; only the loop's thread may; other threads use post");
        }
    }
}
