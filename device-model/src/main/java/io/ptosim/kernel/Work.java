package io.ptosim.kernel;

/**
 * What one block of a kernel does, for the timing model: arithmetic and global-memory traffic.
 *
 * @param flops floating-point (or integer) operations
 * @param bytesRead bytes read from global memory
 * @param bytesWritten bytes written to global memory
 */
public record Work(double flops, long bytesRead, long bytesWritten) {
    /** No work at all (an empty kernel still pays the core's fixed overhead). */
    public static final Work NONE = new Work(0, 0, 0);

    /** Validates that nothing is negative. */
    public Work {
        if (flops < 0 || bytesRead < 0 || bytesWritten < 0) {
            throw new IllegalArgumentException("negative work: " + flops + " flops, " + bytesRead + " B read, "
                    + bytesWritten + " B written");
        }
    }
}
