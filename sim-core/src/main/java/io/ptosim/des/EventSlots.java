package io.ptosim.des;

import java.util.Arrays;

/**
 * Where a pending event's action and kind wait while its time waits in the {@link EventQueue}: one
 * reference array, two entries per slot (so both share a cache line), with freed slots recycled
 * last-in first-out so that a new event reuses a slot still in cache.
 */
final class EventSlots {
    private static final int INITIAL_SLOTS = 64;
    /** The action of a slot whose event was cancelled by ticket; the slot is freed when its entry comes up. */
    private static final Runnable CANCELLED = () -> {
    };

    private final int maxSlots;
    /** Per slot: the action at [2s] and its kind at [2s + 1]; null while the slot is free. */
    private Object[] refs = new Object[2 * INITIAL_SLOTS];
    /** Per slot: the queue payload (ticket) of the event in it, 0 while the slot is free. */
    private long[] tickets = new long[INITIAL_SLOTS];
    private int[] free = new int[INITIAL_SLOTS];
    private int freeCount;
    private int used;
    /** Written by {@link #touch} so that its loads cannot be optimised away. */
    private int touched;

    EventSlots(int maxSlots) {
        this.maxSlots = maxSlots;
    }

    /** Stores an event and returns its slot. */
    int allocate(Runnable action, EventKind kind) {
        int slot;
        if (freeCount > 0) {
            slot = free[--freeCount];
        } else {
            if (used == free.length) {
                grow();
            }
            slot = used++;
        }
        refs[2 * slot] = action;
        refs[2 * slot + 1] = kind;
        return slot;
    }

    /** Records the queue payload of the event just stored in {@code slot}. */
    void setTicket(int slot, long ticket) {
        tickets[slot] = ticket;
    }

    /**
     * Marks the event of {@code ticket} cancelled, if it is still waiting in its slot.
     *
     * @return false if it already fired or was cancelled
     */
    boolean cancel(int slot, long ticket) {
        if (slot >= used || tickets[slot] != ticket || refs[2 * slot] == CANCELLED) {
            return false;
        }
        refs[2 * slot] = CANCELLED;
        return true;
    }

    /** Whether the event in {@code slot} was cancelled by ticket. */
    boolean cancelled(int slot) {
        return refs[2 * slot] == CANCELLED;
    }

    Runnable action(int slot) {
        return (Runnable) refs[2 * slot];
    }

    EventKind kind(int slot) {
        return (EventKind) refs[2 * slot + 1];
    }

    /** Frees a slot, dropping its references. */
    void release(int slot) {
        refs[2 * slot] = null;
        refs[2 * slot + 1] = null;
        tickets[slot] = 0;
        free[freeCount++] = slot;
    }

    /**
     * Loads the slots of the queue's ready entries, whose payloads carry their slot in the bits of
     * {@code slotMask}. The loads are independent, so with many pending events their cache misses
     * overlap here instead of costing one each, in turn, when the events fire.
     *
     * @return how many ready entries were touched
     */
    int touch(EventQueue queue, long slotMask) {
        int n = queue.readyCount();
        int live = 0;
        for (int i = 0; i < n; i++) {
            if (refs[2 * (int) (queue.readyPayload(i) & slotMask)] != null) {
                live++;
            }
        }
        touched = live;
        return n;
    }

    private void grow() {
        int old = free.length;
        if (old >= maxSlots) {
            throw new IllegalStateException("more than " + maxSlots + " events pending");
        }
        int capacity = Math.min(old * 2, maxSlots);
        refs = Arrays.copyOf(refs, 2 * capacity);
        free = Arrays.copyOf(free, capacity);
        tickets = Arrays.copyOf(tickets, capacity);
    }
}
