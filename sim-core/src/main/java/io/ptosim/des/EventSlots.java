package io.ptosim.des;

import java.util.Arrays;

/**
 * Where a pending event's action and kind wait while its time waits in the {@link EventQueue}: one
 * reference array, two entries per slot (so both share a cache line), with freed slots recycled
 * last-in first-out so that a new event reuses a slot still in cache.
 */
final class EventSlots {
    private static final int INITIAL_SLOTS = 64;

    private final int maxSlots;
    /** Per slot: the action at [2s] and its kind at [2s + 1]; null while the slot is free. */
    private Object[] refs = new Object[2 * INITIAL_SLOTS];
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
        free[freeCount++] = slot;
    }

    /**
     * Loads the slots of the queue's ready entries, whose payloads carry their slot in the bits of
     * {@code slotMask} (a slot past those ever used names a timer, which has none). The loads are
     * independent, so with many pending events their cache misses overlap here instead of costing one
     * each, in turn, when the events fire.
     *
     * @return how many ready entries were touched
     */
    int touch(EventQueue queue, long slotMask) {
        int n = queue.readyCount();
        int live = 0;
        for (int i = 0; i < n; i++) {
            int slot = (int) (queue.readyPayload(i) & slotMask);
            if (slot < used && refs[2 * slot] != null) {
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
    }
}
