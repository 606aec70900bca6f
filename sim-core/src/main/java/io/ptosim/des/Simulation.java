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
 * {@link #run()}. Pending events live in an {@link EventQueue}; their actions, kinds and sequence
 * numbers in slot arrays recycled through a free list, so scheduling allocates nothing in steady state.
 */
public final class Simulation implements EventLoop {
    /** Bits of an event id (and queue payload) that hold the slot; the rest hold the sequence number. */
    static final int SLOT_BITS = 26;
    /** Most events that may be pending at once. */
    public static final int MAX_PENDING = 1 << SLOT_BITS;
    /** Most events one simulation may schedule over its life. */
    public static final long MAX_SEQUENCE = (1L << (64 - SLOT_BITS)) - 1;

    private static final long SLOT_MASK = MAX_PENDING - 1;
    private static final int INITIAL_SLOTS = 64;

    private final EventQueue queue = new EventQueue();
    private final RandomStreams random;
    private RunLimits limits;

    /** Per slot: the action at [2s] and its kind at [2s + 1]; both null once fired or cancelled. */
    private Object[] refs = new Object[2 * INITIAL_SLOTS];
    /** Per slot: sequence number of the event that last held it, to validate cancel ids. */
    private long[] slotSequences = new long[INITIAL_SLOTS];
    private int[] freeSlots = new int[INITIAL_SLOTS];
    private int freeCount;
    private int slotsUsed;
    /** Cancelled events whose queue entries are still queued (their slots are freed when popped). */
    private int cancelledQueued;

    private long now;
    private long lastSequence;
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
    public long schedule(long atNanos, EventKind kind, Runnable action) {
        if (atNanos < now) {
            throw new IllegalArgumentException("cannot schedule an event at t=" + atNanos + " ns: it is before now=" + now
                    + " ns, and events may not be scheduled in the past");
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(action, "action");
        if (lastSequence == MAX_SEQUENCE) {
            throw new IllegalStateException("more than " + MAX_SEQUENCE + " events scheduled in one simulation");
        }
        int slot = allocateSlot();
        long sequence = ++lastSequence;
        refs[2 * slot] = action;
        refs[2 * slot + 1] = kind;
        slotSequences[slot] = sequence;
        long id = (sequence << SLOT_BITS) | slot;
        queue.add(atNanos, id);
        pending++;
        return id;
    }

    @Override
    public long scheduleAfter(long delayNanos, EventKind kind, Runnable action) {
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
    public boolean cancel(long eventId) {
        long slotBits = eventId & SLOT_MASK;
        long sequence = eventId >>> SLOT_BITS;
        if (slotBits >= slotsUsed || sequence == 0) {
            return false;
        }
        int slot = (int) slotBits;
        if (slotSequences[slot] != sequence || refs[2 * slot] == null) {
            return false;
        }
        refs[2 * slot] = null;
        refs[2 * slot + 1] = null;
        cancelledQueued++;
        pending--;
        return true;
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

    /** Replaces the run limits; takes effect at the next event. */
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
                discardCancelled();
                if (until != Long.MAX_VALUE) {
                    now = until;
                    return result(StopReason.UNTIL_REACHED, "reached t=" + until + " ns; no event pending");
                }
                return result(StopReason.DRAINED, "no event pending at t=" + now + " ns after " + eventsFired + " events");
            }
            long t = queue.peekTime();
            if (t > until) {
                now = until;
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
            long id = queue.poll();
            int slot = (int) (id & SLOT_MASK);
            Object action = refs[2 * slot];
            if (action == null) {
                releaseCancelled(slot);
                continue;
            }
            fire(t, id >>> SLOT_BITS, slot, (Runnable) action);
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
        int slot = (int) (queue.peekPayload() & SLOT_MASK);
        if (refs[2 * slot] != null) {
            return false;
        }
        queue.poll();
        releaseCancelled(slot);
        return true;
    }

    /** Nothing is pending: drop the queue entries of cancelled events and free their slots. */
    private void discardCancelled() {
        while (cancelledQueued > 0) {
            releaseCancelled((int) (queue.poll() & SLOT_MASK));
        }
        queue.clear();
    }

    private void releaseCancelled(int slot) {
        cancelledQueued--;
        freeSlots[freeCount++] = slot;
    }

    private void fire(long t, long sequence, int slot, Runnable action) {
        EventKind kind = (EventKind) refs[2 * slot + 1];
        refs[2 * slot] = null;
        refs[2 * slot + 1] = null;
        freeSlots[freeCount++] = slot;
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

    private RunResult result(StopReason reason, String message) {
        return new RunResult(reason, now, eventsFired, pending, digest(), message);
    }

    private int allocateSlot() {
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        if (slotsUsed == slotSequences.length) {
            growSlots();
        }
        return slotsUsed++;
    }

    private void growSlots() {
        int old = slotSequences.length;
        if (old >= MAX_PENDING) {
            throw new IllegalStateException("more than " + MAX_PENDING + " events pending");
        }
        int cap = Math.min(old * 2, MAX_PENDING);
        refs = Arrays.copyOf(refs, 2 * cap);
        slotSequences = Arrays.copyOf(slotSequences, cap);
        freeSlots = Arrays.copyOf(freeSlots, cap);
    }
}
