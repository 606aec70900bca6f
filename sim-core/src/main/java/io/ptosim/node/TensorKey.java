package io.ptosim.node;

/**
 * What a node's TensorMap is keyed by (spec §4): a tensor's address plus the namespace it lives in. Worker
 * {@value #HOST} is the host, whose virtual addresses are globally unique; {@code 0..N-1} is the NEXT_LEVEL
 * worker whose device memory a {@code child_memory} tensor lives in, since two chips may return the same
 * device address.
 *
 * @param ptr the tensor's address
 * @param worker {@value #HOST} for the host, else the NEXT_LEVEL worker's logical index
 */
public record TensorKey(long ptr, int worker) {
    /** The worker index of the host namespace. */
    public static final int HOST = -1;

    /**
     * Checks the worker index.
     *
     * @throws IllegalArgumentException if {@code worker} is below {@value #HOST}
     */
    public TensorKey {
        if (worker < HOST) {
            throw new IllegalArgumentException("tensor key worker " + worker + "; expected -1 (host) or a worker index >= 0");
        }
    }

    /** The key of a host tensor at {@code ptr}. */
    public static TensorKey host(long ptr) {
        return new TensorKey(ptr, HOST);
    }

    /** Whether this key is in the host namespace. */
    public boolean isHost() {
        return worker == HOST;
    }

    /** {@code 0x1000@host} or {@code 0x2000@w1}. */
    @Override
    public String toString() {
        return "0x" + Long.toHexString(ptr) + (worker == HOST ? "@host" : "@w" + worker);
    }
}
