package io.ptosim.des;

import java.util.Arrays;
import java.util.Objects;

/**
 * The discrete-event engine: the one {@link EventLoop} whose time is virtual.
 *
 * <p>Time is a {@code long} of nanoseconds starting at 0. Events fire in (time, insertion sequence)
 * order, so equal-time events fire in the order they were scheduled and the order never depends on
 * identity, hashing or threads. Every run is bounded by {@link RunLimits} and returns a
 * {@link RunResult} saying why it stopped. Each fired event is folded into an {@link EventDigest}, and
 * all randomness comes from {@link #random()}, streams split by name from the one seed.
 *
 * <p>Not thread-safe: one thread drives a simulation, and events schedule further events from inside
 * {@link #run()}. An event's time and (sequence number, slot) payload wait in the {@link EventQueue},
 * its action and kind in {@link EventSlots}, so scheduling allocates nothing in steady state; a
 * {@link Timer}'s action and kind are stored once, and its events name the timer instead of a slot.
 * With many pending events, whenever the queue sorts out a batch of next events the loop touches all
 * their slots at once, so that the cache misses overlap. An event cancelled by handle has its sequence
 * number wait in a small set, a timer's cancelled or replaced event no longer matches the timer's
 * ticket; either is dropped when its entry comes up. A handle names only an event {@link #schedule}
 * made; one from another loop names no event here, and cancelling with it gives no defined result.
 */
public final class Simulation implements EventLoop {
    /** Bits of a queue payload that hold the slot; the rest hold the sequence number. */
    private static final int SLOT_BITS = 26;
    private static final long SLOT_MASK = (1L << SLOT_BITS) - 1;
    /** Below this many pending events the slots stay in cache and touching them ahead only costs. */
    private static final int TOUCH_MIN_PENDING = 1 << 14;
    /** Most events that may be pending at once (2^26). */
    public static final int MAX_PENDING = 1 << SLOT_BITS;
    /** Most timers one simulation may make. */
    public static final int MAX_TIMERS = 1 << 16;
    /** Payload slots from here on name a timer ({@code slot - TIMER_BASE}), below it an {@link EventSlots} slot. */
    private static final int TIMER_BASE = MAX_PENDING - MAX_TIMERS;
    /** Most events one simulation may schedule over its life (2^38 - 1). */
    public static final long MAX_SEQUENCE = (1L << (64 - SLOT_BITS)) - 1;

    private final EventQueue queue = new EventQueue();
    private final RandomStreams random;
    private RunLimits limits;

    private final EventSlots slots = new EventSlots(TIMER_BASE);
    private Timer[] timers = new Timer[8];
    private int timerCount;
    /** Ready queue entries whose slots {@link EventSlots#touch} already loaded. */
    private int touchedAhead;
    private final SequenceSet cancelled = new SequenceSet();

    private long now;
    private long lastSequence;
    /** Time and sequence of the last entry taken out of the queue (fired or cancelled). */
    private long takenTime = -1;
    private long takenSequence;
    private int pending;
    private long eventsFired;
    private long eventsAtInstant;
    private long digestState = EventDigest.INITIAL;
    private EventKind lastKind = EventKind.UNSPECIFIED;
    private boolean progressArmed;
    private long lastProgressNanos;
    private boolean stopRequested;
    private boolean running;

    /** A simulation with the given root seed and {@link RunLimits#DEFAULT}. */
    public Simulation(long seed) {
        this(seed, RunLimits.DEFAULT);
    }

    /** A simulation with the given root seed and run limits. */
    public Simulation(long seed, RunLimits limits) {
        this.random = new RandomStreams(seed);
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public long now() {
        return now;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Events are numbered by a sequence starting at 1, in scheduling order; the number enters the
     * digest and error messages.
     *
     * @throws IllegalStateException if {@link #MAX_PENDING} events are pending or
     *     {@link #MAX_SEQUENCE} were scheduled
     */
    @Override
    public EventHandle schedule(long atNanos, EventKind kind, Runnable action) {
        return new EventHandle(atNanos, scheduled(atNanos, kind, action) >>> SLOT_BITS);
    }

    /**
     * A {@link Timer} for {@code action}: an actor's one pending wake-up, scheduled and cancelled through
     * the timer, its events numbered and fired as {@link #schedule} numbers and fires them.
     *
     * @throws IllegalStateException if {@link #MAX_TIMERS} timers were made
     */
    public Timer timer(EventKind kind, Runnable action) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(action, "action");
        if (timerCount == MAX_TIMERS) {
            throw new IllegalStateException("more than " + MAX_TIMERS + " timers in one simulation");
        }
        if (timerCount == timers.length) {
            timers = Arrays.copyOf(timers, 2 * timerCount);
        }
        Timer t = new Timer(this, TIMER_BASE + timerCount, kind, action);
        timers[timerCount++] = t;
        return t;
    }

    /** {@link Timer#schedule}: cancels its pending event, then queues a new one. */
    void scheduleTimer(Timer t, long atNanos) {
        checkSchedule(atNanos);
        if (t.ticket != 0) {
            pending--;
        }
        long payload = (++lastSequence << SLOT_BITS) | t.slot;
        t.ticket = payload;
        queue.add(atNanos, payload);
        pending++;
    }

    /** {@link Timer#cancel}: its queued entry is dropped when it comes up. */
    boolean cancelTimer(Timer t) {
        if (t.ticket == 0) {
            return false;
        }
        t.ticket = 0;
        pending--;
        return true;
    }

    private void checkSchedule(long atNanos) {
        if (atNanos < now) {
            throw new IllegalArgumentException("cannot schedule an event at t=" + atNanos + " ns: it is before now=" + now
                    + " ns, and events may not be scheduled in the past");
        }
        if (lastSequence == MAX_SEQUENCE) {
            throw new IllegalStateException("more than " + MAX_SEQUENCE + " events scheduled in one simulation");
        }
    }

    /** Schedules an event and returns its queue payload: {@code sequence << SLOT_BITS | slot}. */
    private long scheduled(long atNanos, EventKind kind, Runnable action) {
        checkSchedule(atNanos);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(action, "action");
        int slot = slots.allocate(action, kind);
        long sequence = ++lastSequence;
        long payload = (sequence << SLOT_BITS) | slot;
        queue.add(atNanos, payload);
        pending++;
        return payload;
    }

    @Override
    public EventHandle scheduleAfter(long delayNanos, EventKind kind, Runnable action) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("delay must be >= 0 ns, got " + delayNanos + " ns");
        }
        if (delayNanos > Long.MAX_VALUE - now) {
            throw new IllegalArgumentException("now=" + now + " ns + delay=" + delayNanos
                    + " ns overflows virtual time (max " + Long.MAX_VALUE + " ns)");
        }
        return schedule(now + delayNanos, kind, action);
    }

    @Override
    public boolean cancel(EventHandle event) {
        return cancel(event.timeNanos(), event.sequence());
    }

    /** {@link #cancel(EventHandle)} for the event due at {@code timeNanos} with this sequence number. */
    public boolean cancel(long timeNanos, long sequence) {
        if (sequence <= 0 || sequence > lastSequence || hasFired(timeNanos, sequence)) {
            return false;
        }
        if (!cancelled.add(sequence)) {
            return false;
        }
        pending--;
        return true;
    }

    /**
     * Whether the event (time, sequence) has left the queue: entries leave in (time, sequence) order
     * and the clock never passes a pending event, so it has exactly when it is due before now or
     * orders at or before the last entry taken out.
     */
    private boolean hasFired(long time, long sequence) {
        return time < now || (time == takenTime && sequence <= takenSequence);
    }

    /** Runs until no event is pending, {@link #stop()} is called, or a {@link RunLimits} bound is hit. */
    public RunResult run() {
        return runLoop(Long.MAX_VALUE);
    }

    /**
     * Fires every event at or before {@code untilNanos}, then sets the clock to {@code untilNanos} and
     * returns {@link StopReason#UNTIL_REACHED}, even when nothing is left pending (unless a limit or
     * {@link #stop()} ended the run first).
     *
     * @throws IllegalArgumentException if {@code untilNanos} is before {@link #now()}
     */
    public RunResult runUntil(long untilNanos) {
        if (untilNanos < now) {
            throw new IllegalArgumentException("runUntil(t=" + untilNanos + " ns) is before now=" + now + " ns");
        }
        return runLoop(untilNanos);
    }

    /** Asks the current run to return, with {@link StopReason#STOPPED}, after the running event. */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Tells the progress watchdog that the model made progress (a task completed, a ring advanced).
     * The first call arms it; see {@link RunLimits#maxNanosWithoutProgress()}.
     */
    public void reportProgress() {
        progressArmed = true;
        lastProgressNanos = now;
    }

    /** The named random streams of this simulation, all derived from its seed. */
    public RandomStreams random() {
        return random;
    }

    /** The run limits in force. */
    public RunLimits limits() {
        return limits;
    }

    /** Replaces the run limits; they take effect at the next {@link #run()} or {@link #runUntil(long)}. */
    public void setLimits(RunLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** Events fired so far. */
    public long eventsFired() {
        return eventsFired;
    }

    /** Events scheduled and neither fired nor cancelled. */
    public int pending() {
        return pending;
    }

    /** The event-stream digest of the events fired so far. */
    public long digest() {
        return EventDigest.value(digestState);
    }

    private RunResult runLoop(long until) {
        if (running) {
            throw new IllegalStateException("run() or runUntil() called from inside an event");
        }
        running = true;
        stopRequested = false;
        try {
            return loop(until);
        } finally {
            running = false;
        }
    }

    private RunResult loop(long until) {
        final RunLimits lim = limits;
        while (true) {
            if (stopRequested) {
                return result(StopReason.STOPPED, "stopped by an event at t=" + now + " ns");
            }
            if (pending == 0) {
                if (until != Long.MAX_VALUE) {
                    advanceTo(until);
                    return result(StopReason.UNTIL_REACHED, "reached t=" + until + " ns; no event pending");
                }
                return result(StopReason.DRAINED, "no event pending at t=" + now + " ns after " + eventsFired + " events");
            }
            long t = queue.peekTime();
            if (t > until) {
                advanceTo(until);
                return result(StopReason.UNTIL_REACHED, "reached t=" + until + " ns; " + pending
                        + " events pending, the next at t=" + t + " ns");
            }
            RunResult limit = limitStop(lim, t);
            if (limit != null) {
                return limit;
            }
            if (t == now && eventsAtInstant >= lim.maxEventsAtOneInstant()) {
                if (dropCancelledHead()) {
                    continue;
                }
                return result(StopReason.NO_PROGRESS, "no progress: " + eventsAtInstant + " consecutive events at t="
                        + now + " ns without virtual time advancing (last kind: " + lastKind.name()
                        + "); a zero-delay event loop? (maxEventsAtOneInstant=" + lim.maxEventsAtOneInstant() + ")");
            }
            long payload = queue.poll();
            long sequence = payload >>> SLOT_BITS;
            int slot = (int) (payload & SLOT_MASK);
            takenTime = t;
            takenSequence = sequence;
            if (touchedAhead > 0) {
                touchedAhead--;
            } else if (pending >= TOUCH_MIN_PENDING) {
                touchedAhead = slots.touch(queue, SLOT_MASK);
            }
            if (slot >= TIMER_BASE) {
                Timer timer = timers[slot - TIMER_BASE];
                if (timer.ticket != payload) {
                    continue;
                }
                timer.ticket = 0;
                fire(t, sequence, timer.kind, timer.action);
                continue;
            }
            if (cancelled.size() > 0 && cancelled.remove(sequence)) {
                slots.release(slot);
                continue;
            }
            Runnable action = slots.action(slot);
            EventKind kind = slots.kind(slot);
            slots.release(slot);
            fire(t, sequence, kind, action);
        }
    }

    /** The stop for a time, event or progress bound the next event at {@code t} would cross; else null. */
    private RunResult limitStop(RunLimits lim, long t) {
        if (t > lim.maxVirtualTimeNanos()) {
            return result(StopReason.TIME_LIMIT, "virtual-time limit reached: the next event at t=" + t
                    + " ns is beyond maxVirtualTimeNanos=" + lim.maxVirtualTimeNanos() + " ns");
        }
        if (eventsFired >= lim.maxEvents()) {
            return result(StopReason.EVENT_LIMIT, "event limit reached: fired " + eventsFired
                    + " events (maxEvents); the next is at t=" + t + " ns");
        }
        if (progressArmed && t - lastProgressNanos > lim.maxNanosWithoutProgress()) {
            return result(StopReason.NO_PROGRESS, "no progress: nothing reported progress since t=" + lastProgressNanos
                    + " ns and the next event is at t=" + t + " ns, " + (t - lastProgressNanos)
                    + " ns later (maxNanosWithoutProgress=" + lim.maxNanosWithoutProgress() + " ns)");
        }
        return null;
    }

    /** Drops the earliest queue entry if it was cancelled; only called when it is due now. */
    private boolean dropCancelledHead() {
        long payload = queue.peekPayload();
        long sequence = payload >>> SLOT_BITS;
        int slot = (int) (payload & SLOT_MASK);
        if (slot >= TIMER_BASE) {
            if (timers[slot - TIMER_BASE].ticket == payload) {
                return false;
            }
        } else if (!cancelled.remove(sequence)) {
            return false;
        }
        queue.poll();
        takenTime = now;
        takenSequence = sequence;
        if (slot < TIMER_BASE) {
            slots.release(slot);
        }
        return true;
    }

    private void fire(long t, long sequence, EventKind kind, Runnable action) {
        pending--;
        if (t != now) {
            now = t;
            eventsAtInstant = 0;
        }
        eventsAtInstant++;
        eventsFired++;
        lastKind = kind;
        digestState = EventDigest.step(digestState, t, sequence, kind.code());
        try {
            action.run();
        } catch (RuntimeException e) {
            throw new EventFailedException(t, sequence, kind, e);
        }
    }

    private void advanceTo(long time) {
        if (time != now) {
            now = time;
            eventsAtInstant = 0;
        }
    }

    private RunResult result(StopReason reason, String message) {
        return new RunResult(reason, now, eventsFired, pending, digest(), message);
    }
}
