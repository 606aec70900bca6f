package io.ptosim.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The TensorMap rules written as plainly as possible, to check the real one against: one list of
 * every write ever registered, scanned newest first; no hashing, no pools, no retirement.
 */
public final class ReferenceTensorMap implements TensorMapModel {
    private record Entry(long producer, TensorView view) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final List<Boolean> removed = new ArrayList<>();

    @Override
    public int insert(TensorView view, long producerTaskId) {
        entries.add(new Entry(producerTaskId, view));
        removed.add(false);
        return entries.size() - 1;
    }

    @Override
    public void lookup(TensorView probe, Hits hits) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            if (removed.get(i) || e.view().bufferAddr() != probe.bufferAddr()) {
                continue;
            }
            Overlap o = Overlap.check(probe, e.view());
            if (o != Overlap.NO_OVERLAP) {
                hits.hit(i, e.producer(), e.view(), o);
            }
        }
    }

    @Override
    public void remove(int entry) {
        removed.set(entry, true);
    }
}
