package io.ptosim.runtime;

import java.util.Arrays;

/**
 * A ring's dependency-list pool (spec §6.3): fanout-list nodes allocated linearly ({@code top}, from 1)
 * and reclaimed only by moving {@code tail} forward; index = counter mod capacity. A full pool returns
 * -1 ({@code DEP_POOL_OVERFLOW} when it cannot be reclaimed). Each node holds a consumer task id and
 * a reference to the next node (the caller's encoding, which may name a node of another ring's pool), so
 * a fanout list is a chain, newest first. The node arrays grow with the nodes used, up to the capacity,
 * so a small run pays for the nodes it takes, not for the whole pool.
 */
public final class DepListPool {
    /** The end of a list. */
    public static final int NIL = -1;

    /** Nodes the arrays start with; they double as the allocation counter reaches their end. */
    private static final int INITIAL_NODES = 64;

    private final int capacity;
    private long[] consumer;
    private long[] next;
    private long top = 1;
    /** {@code top mod capacity}, kept as {@code top} moves (no division per node). */
    private int topIndex;
    private long tail = 1;
    private long highWater;

    /**
     * A pool of {@code capacity} nodes.
     *
     * @throws IllegalArgumentException if the capacity is below 4
     */
    public DepListPool(int capacity) {
        if (capacity < 4) {
            throw new IllegalArgumentException("dep pool capacity " + capacity + "; expected >= 4");
        }
        this.capacity = capacity;
        topIndex = (int) (top % capacity);
        consumer = new long[Math.min(capacity, INITIAL_NODES)];
        next = new long[consumer.length];
    }

    /** Allocates a node, or returns {@link #NIL} when the pool is full. */
    public int allocate() {
        if (used() >= capacity) {
            return NIL;
        }
        int index = topIndex;
        if (index >= consumer.length) {
            int grown = (int) Math.min(capacity, Math.max(2L * consumer.length, index + 1L));
            consumer = Arrays.copyOf(consumer, grown);
            next = Arrays.copyOf(next, grown);
        }
        top++;
        topIndex = index + 1 == capacity ? 0 : index + 1;
        highWater = Math.max(highWater, used());
        return index;
    }

    /**
     * Allocates a node for {@code consumerTaskId} linked to {@code nextRef} (the old head); returns the
     * node's index, or NIL when the pool is full.
     */
    public int prepend(long nextRef, long consumerTaskId) {
        int node = allocate();
        if (node == NIL) {
            return NIL;
        }
        consumer[node] = consumerTaskId;
        next[node] = nextRef;
        return node;
    }

    /** The consumer task id of a node. */
    public long consumer(int node) {
        return consumer[node];
    }

    /** The reference {@code node} links to (as given to {@link #prepend}). */
    public long next(int node) {
        return next[node];
    }

    /** Frees every node allocated before counter value {@code newTail}; moving backwards is ignored. */
    public void advanceTail(long newTail) {
        if (newTail > tail) {
            tail = Math.min(newTail, top);
        }
    }

    /** Nodes in use. */
    public long used() {
        return top - tail;
    }

    /** The allocation counter (a task's {@code dep_pool_mark} records it). */
    public long top() {
        return top;
    }

    /** The reclaim counter. */
    public long tail() {
        return tail;
    }

    /** The most nodes ever in use. */
    public long highWater() {
        return highWater;
    }

    /** Nodes in the pool. */
    public int capacity() {
        return capacity;
    }
}
