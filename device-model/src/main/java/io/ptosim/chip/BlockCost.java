package io.ptosim.chip;

/**
 * What one kernel block costs its core, before sharing: a fixed overhead, the compute time alone, and
 * the bytes it moves to and from global memory. The block's end is {@code max(start + computePs, the
 * instant its bytes are moved) + overheadPs}; the bytes move at the rate the die's {@link MemorySystem}
 * grants (0 bytes never touch it).
 *
 * @param overheadPs fixed per-block time around the kernel, ps, >= 0
 * @param computePs the kernel's compute time alone, ps, >= 0
 * @param bytes bytes read plus bytes written, >= 0
 */
public record BlockCost(long overheadPs, long computePs, long bytes) {
    /** Validates that nothing is negative. */
    public BlockCost {
        if (overheadPs < 0 || computePs < 0 || bytes < 0) {
            throw new IllegalArgumentException("negative block cost: overhead " + overheadPs + " ps, compute "
                    + computePs + " ps, " + bytes + " B");
        }
    }

    /** The block's duration when it streams its bytes alone at {@code capGbps} (GB/s = bytes per ns). */
    public long uncontendedPs(double capGbps) {
        return uncontendedPs(overheadPs, computePs, bytes, capGbps);
    }

    /** {@link #uncontendedPs(double)} of a cost given by its parts (no record built on the hot path). */
    static long uncontendedPs(long overheadPs, long computePs, long bytes, double capGbps) {
        long memory = bytes == 0 ? 0 : MemorySystem.ceilPs(bytes * 1000.0 / MemorySystem.demandCap(bytes, computePs, capGbps));
        return overheadPs + Math.max(computePs, memory);
    }
}
