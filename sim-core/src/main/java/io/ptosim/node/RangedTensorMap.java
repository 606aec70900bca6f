package io.ptosim.node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HEAD's TensorMap (spec §4): per run and namespace, a list of writes, each a byte range and its
 * producer. A lookup returns every producer whose range overlaps the reader's; an insert drops the
 * writes the new range fully covers, then appends; consuming a task erases only its own writes. So a
 * reader of a whole buffer waits for every partial writer, and consuming an old writer never erases a
 * newer one. The lists hold live writes only (bounded by the live tasks); maps are looked up, never
 * iterated into output.
 */
public final class RangedTensorMap implements ProducerMap {
    private record Write(ProducerMap.Footprint footprint, int slot) {
    }

    private record Space(long run, int worker) {
    }

    private final Map<Space, List<Write>> spaces = new HashMap<>();
    private int size;

    @Override
    public void producers(long run, Footprint f, List<Integer> out) {
        List<Write> writes = spaces.get(new Space(run, f.key().worker()));
        if (writes == null) {
            return;
        }
        for (Write w : writes) {
            if (w.footprint().overlaps(f) && !out.contains(w.slot())) {
                out.add(w.slot());
            }
        }
    }

    @Override
    public void insert(long run, Footprint f, int slot) {
        if (slot < 0) {
            throw new IllegalArgumentException("producer slot " + slot + " for " + f + "; expected >= 0");
        }
        List<Write> writes = spaces.computeIfAbsent(new Space(run, f.key().worker()), s -> new ArrayList<>());
        int before = writes.size();
        writes.removeIf(w -> f.covers(w.footprint()));
        writes.add(new Write(f, slot));
        size += writes.size() - before;
    }

    @Override
    public void erase(long run, List<Footprint> outputs, int owner) {
        for (Footprint f : outputs) {
            Space s = new Space(run, f.key().worker());
            List<Write> writes = spaces.get(s);
            if (writes == null) {
                continue;
            }
            int before = writes.size();
            writes.removeIf(w -> w.slot() == owner && w.footprint().equals(f));
            size -= before - writes.size();
            if (writes.isEmpty()) {
                spaces.remove(s);
            }
        }
    }

    @Override
    public int lookup(long run, TensorKey key) {
        List<Write> writes = spaces.get(new Space(run, key.worker()));
        if (writes == null) {
            return NodeTensorMap.NO_PRODUCER;
        }
        Footprint probe = new Footprint(key, 1);
        for (int i = writes.size() - 1; i >= 0; i--) {
            if (writes.get(i).footprint().overlaps(probe)) {
                return writes.get(i).slot();
            }
        }
        return NodeTensorMap.NO_PRODUCER;
    }

    @Override
    public int size() {
        return size;
    }
}
