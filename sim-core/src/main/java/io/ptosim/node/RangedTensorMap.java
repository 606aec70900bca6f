package io.ptosim.node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * HEAD's TensorMap (spec §4): per run and namespace, the live writes, each a footprint (a byte range,
 * and for a view its elements) and its producer. A lookup returns every producer whose write overlaps
 * the reader's ({@link Footprint#overlaps}: two views of one buffer by the L2 overlap test, so disjoint
 * column blocks or tiles make no edge), oldest write first; an insert drops the writes the new one
 * fully covers ({@link Footprint#covers}), then adds it; consuming a task erases only its own
 * writes. So a reader of a whole buffer waits for every partial writer, and consuming an old writer never
 * erases a newer one. Writes are indexed by their first byte, and a namespace remembers its longest
 * write, so a lookup visits only writes that can reach the reader. Maps are looked up, never iterated
 * into output.
 */
public final class RangedTensorMap implements ProducerMap {
    private record Write(Footprint f, int slot, long sequence) {
        long end() {
            return f.end();
        }
    }

    private record Space(long run, int worker) {
    }

    /** One namespace's writes by first byte. */
    private static final class Writes {
        final TreeMap<Long, List<Write>> byBegin = new TreeMap<>();
        long longest;
        int count;
    }

    private final Map<Space, Writes> spaces = new HashMap<>();
    private long sequence;
    private int size;

    @Override
    public void producers(long run, Footprint f, List<Integer> out) {
        for (Write x : overlapping(run, f)) {
            if (!out.contains(x.slot())) {
                out.add(x.slot());
            }
        }
    }

    /** The writes {@code f} overlaps, oldest first. */
    private List<Write> overlapping(long run, Footprint f) {
        Writes w = spaces.get(new Space(run, f.key().worker()));
        List<Write> hits = new ArrayList<>();
        if (w == null) {
            return hits;
        }
        for (List<Write> at : w.byBegin.subMap(f.key().ptr() - w.longest, false, f.end(), false).values()) {
            for (Write x : at) {
                if (x.end() > f.key().ptr() && f.overlaps(x.f())) {
                    hits.add(x);
                }
            }
        }
        hits.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
        return hits;
    }

    @Override
    public void insert(long run, Footprint f, int slot) {
        if (slot < 0) {
            throw new IllegalArgumentException("producer slot " + slot + " for " + f + "; expected >= 0");
        }
        Writes w = spaces.computeIfAbsent(new Space(run, f.key().worker()), s -> new Writes());
        long begin = f.key().ptr();
        var covered = w.byBegin.subMap(begin, true, f.end(), false).entrySet().iterator();
        while (covered.hasNext()) {
            List<Write> at = covered.next().getValue();
            int before = at.size();
            at.removeIf(x -> f.covers(x.f()));
            w.count -= before - at.size();
            size -= before - at.size();
            if (at.isEmpty()) {
                covered.remove();
            }
        }
        w.byBegin.computeIfAbsent(begin, b -> new ArrayList<>(1)).add(new Write(f, slot, sequence++));
        w.longest = Math.max(w.longest, f.bytes());
        w.count++;
        size++;
    }

    @Override
    public void erase(long run, List<Footprint> outputs, int owner) {
        for (Footprint f : outputs) {
            Space s = new Space(run, f.key().worker());
            Writes w = spaces.get(s);
            List<Write> at = w == null ? null : w.byBegin.get(f.key().ptr());
            if (at == null) {
                continue;
            }
            int before = at.size();
            at.removeIf(x -> x.slot() == owner && x.f().equals(f));
            w.count -= before - at.size();
            size -= before - at.size();
            if (at.isEmpty()) {
                w.byBegin.remove(f.key().ptr());
            }
            if (w.count == 0) {
                spaces.remove(s);
            }
        }
    }

    /** The latest writer whose bounding range holds the byte at {@code key} (a view's gaps count). */
    @Override
    public int lookup(long run, TensorKey key) {
        List<Write> hits = overlapping(run, new Footprint(key, 1));
        return hits.isEmpty() ? NodeTensorMap.NO_PRODUCER : hits.get(hits.size() - 1).slot();
    }

    @Override
    public int size() {
        return size;
    }
}
