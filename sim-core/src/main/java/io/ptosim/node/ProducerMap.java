package io.ptosim.node;

import io.ptosim.runtime.Overlap;
import io.ptosim.runtime.TensorView;
import java.util.List;

/**
 * Who last wrote a tensor, as the node orchestrator asks it (spec §4): {@link NodeTensorMap} keys by
 * exact address (V1), {@link RangedTensorMap} by overlapping byte ranges (HEAD).
 */
public interface ProducerMap {
    /** Adds to {@code out}, in insertion order and without repeats, the producers whose writes overlap {@code f}. */
    void producers(long run, Footprint f, List<Integer> out);

    /** Records {@code slot} as a writer of {@code f}. */
    void insert(long run, Footprint f, int slot);

    /** Forgets what the consumed task {@code owner} wrote ({@code outputs}), by the map's erase rule. */
    void erase(long run, List<Footprint> outputs, int owner);

    /** The latest writer of the byte at {@code key}, or −1. */
    int lookup(long run, TensorKey key);

    /** Entries over all runs. */
    int size();

    /**
     * The bytes a tensor argument covers in its namespace, and for a view ({@link NodeTensor#isView}) the
     * view, whose gaps it does not cover.
     *
     * @param key its first byte's address and namespace (−1 host, else the worker whose memory it is)
     * @param bytes its bounding size (at least 1)
     * @param view the view of its buffer, or null for a plain tensor (dense in its bytes)
     */
    record Footprint(TensorKey key, long bytes, TensorView view) {
        /** Checks the size. */
        public Footprint {
            if (bytes < 1) {
                throw new IllegalArgumentException("footprint of " + bytes + " bytes at " + key + "; expected >= 1");
            }
        }

        /** A plain tensor's footprint. */
        public Footprint(TensorKey key, long bytes) {
            this(key, bytes, null);
        }

        /** One past its last byte. */
        public long end() {
            return key.ptr() + bytes;
        }

        /**
         * Whether it shares a byte with {@code o}: same namespace and bounding ranges that meet; for two views
         * of one buffer, the L2 runtime's {@link Overlap#check} decides (exact for boxes of one layout,
         * conservatively "overlap" otherwise).
         */
        public boolean overlaps(Footprint o) {
            if (key.worker() != o.key.worker() || key.ptr() >= o.end() || o.key.ptr() >= end()) {
                return false;
            }
            return !sameBuffer(o) || Overlap.check(view, o.view) != Overlap.NO_OVERLAP;
        }

        /**
         * Whether it writes every byte of {@code o}: a dense footprint by byte range; a view with gaps only a
         * view of the same buffer that {@link Overlap#check} finds it contains.
         */
        public boolean covers(Footprint o) {
            if (key.worker() != o.key.worker()) {
                return false;
            }
            if (view != null && view.extent() != view.numel()) {
                return sameBuffer(o) && Overlap.check(view, o.view) == Overlap.COVERED;
            }
            return key.ptr() <= o.key.ptr() && o.end() <= end();
        }

        private boolean sameBuffer(Footprint o) {
            return view != null && o.view != null && view.bufferAddr() == o.view.bufferAddr()
                    && view.bufferSize() == o.view.bufferSize();
        }
    }
}
