package io.ptosim.node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A node's TensorMap (spec §4): for each run, the task slot that last wrote each {@link TensorKey}, one
 * producer per key. V1 has a single namespace, so its callers pass run 0; HEAD keys by run as well. The
 * two differ in {@link #eraseOutputs}: V1 erases unconditionally, HEAD only while the key still maps to the
 * task being consumed. Lookups only; nothing iterates the map in an order that reaches output.
 */
public final class NodeTensorMap implements ProducerMap {
    /** The slot {@link #lookup} returns for a key with no producer. */
    public static final int NO_PRODUCER = -1;

    private final Compat compat;
    private final Map<Long, Map<TensorKey, Integer>> runs = new HashMap<>();
    private int size;

    /** An empty map following {@code compat}'s erase rule. */
    public NodeTensorMap(Compat compat) {
        this.compat = Objects.requireNonNull(compat, "compat");
    }

    /** The behaviour this map follows. */
    public Compat compat() {
        return compat;
    }

    /**
     * Records {@code slot} as the producer of {@code key} in {@code run}, replacing any earlier producer.
     *
     * @throws IllegalArgumentException if {@code slot} is negative
     */
    public void insert(long run, TensorKey key, int slot) {
        Objects.requireNonNull(key, "key");
        if (slot < 0) {
            throw new IllegalArgumentException("producer slot " + slot + " for " + key + " in run " + run
                    + "; expected a slot >= 0");
        }
        Integer old = runs.computeIfAbsent(run, r -> new HashMap<>()).put(key, slot);
        if (old == null) {
            size++;
        }
    }

    /** The producer slot of {@code key} in {@code run}, or {@value #NO_PRODUCER} if none. */
    @Override
    public int lookup(long run, TensorKey key) {
        Map<TensorKey, Integer> keys = runs.get(run);
        Integer slot = keys == null ? null : keys.get(key);
        return slot == null ? NO_PRODUCER : slot;
    }

    /**
     * Erases the output keys of the consumed task {@code owner} in {@code run}. V1 erases every key, even
     * one a newer writer has taken over since; HEAD erases a key only while it still maps to {@code owner},
     * so consuming an old writer never erases a newer writer's entry (spec §15 scenarios 16 and 28).
     */
    public void eraseOutputs(long run, List<TensorKey> keys, int owner) {
        Map<TensorKey, Integer> map = runs.get(run);
        if (map == null) {
            return;
        }
        for (TensorKey key : keys) {
            boolean erased = compat == Compat.V1 ? map.remove(key) != null : map.remove(key, owner);
            if (erased) {
                size--;
            }
        }
        if (map.isEmpty()) {
            runs.remove(run);
        }
    }

    /** The producer of {@code f}'s exact address (V1 keys by address, whatever the size). */
    @Override
    public void producers(long run, Footprint f, List<Integer> out) {
        int p = lookup(run, f.key());
        if (p != NO_PRODUCER && !out.contains(p)) {
            out.add(p);
        }
    }

    @Override
    public void insert(long run, Footprint f, int slot) {
        insert(run, f.key(), slot);
    }

    @Override
    public void erase(long run, List<Footprint> outputs, int owner) {
        List<TensorKey> keys = new ArrayList<>();
        for (Footprint f : outputs) {
            keys.add(f.key());
        }
        eraseOutputs(run, keys, owner);
    }

    /** Entries over all runs. */
    @Override
    public int size() {
        return size;
    }

    /** Entries of {@code run}. */
    public int size(long run) {
        Map<TensorKey, Integer> keys = runs.get(run);
        return keys == null ? 0 : keys.size();
    }
}
