package io.ptosim.node;

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
     * The bytes a tensor argument covers in its namespace.
     *
     * @param key its address and namespace (−1 host, else the worker whose memory it is)
     * @param bytes its size (at least 1)
     */
    record Footprint(TensorKey key, long bytes) {
        /** Checks the size. */
        public Footprint {
            if (bytes < 1) {
                throw new IllegalArgumentException("footprint of " + bytes + " bytes at " + key + "; expected >= 1");
            }
        }

        /** One past its last byte. */
        public long end() {
            return key.ptr() + bytes;
        }

        /** Whether it shares a byte with {@code o} (same namespace, half-open ranges). */
        public boolean overlaps(Footprint o) {
            return key.worker() == o.key.worker() && key.ptr() < o.end() && o.key.ptr() < end();
        }

        /** Whether it covers every byte of {@code o}. */
        public boolean covers(Footprint o) {
            return key.worker() == o.key.worker() && key.ptr() <= o.key.ptr() && o.end() <= end();
        }
    }
}
