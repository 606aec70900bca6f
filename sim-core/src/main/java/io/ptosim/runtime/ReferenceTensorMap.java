package io.ptosim.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The TensorMap rules written as plainly as possible, to check the real one against: one list of
 * every access ever registered (writes, and tracked reads), scanned newest first; no hashing, no pools,
 * no retirement.
 */
public final class ReferenceTensorMap implements TensorMapModel {
    private record Entry(long producer, TensorView view, boolean reader) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final List<Boolean> removed = new ArrayList<>();

    @Override
    public int insert(TensorView view, long producerTaskId) {
        return add(new Entry(producerTaskId, view, false));
    }

    @Override
    public int insertReader(TensorView view, long readerTaskId) {
        return add(new Entry(readerTaskId, view, true));
    }

    private int add(Entry e) {
        entries.add(e);
        removed.add(false);
        return entries.size() - 1;
    }

    @Override
    public void lookup(TensorView probe, Hits hits) {
        scan(probe, false, hits);
    }

    @Override
    public void lookupReaders(TensorView probe, Hits hits) {
        scan(probe, true, hits);
    }

    private void scan(TensorView probe, boolean readers, Hits hits) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            if (removed.get(i) || e.reader() != readers || e.view().bufferAddr() != probe.bufferAddr()) {
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
