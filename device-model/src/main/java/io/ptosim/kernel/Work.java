package io.ptosim.kernel;

import io.ptosim.runtime.DataType;
import java.util.Objects;

/**
 * What one block of a kernel does, in physical terms for the timing model: its arithmetic (FLOPs, a
 * multiply-add counting two), the element type it computes in, the matrix tile it multiplies when it is
 * a cube matmul (M×K by K×N; {@link Tile#NONE} for vector work), and its global-memory traffic.
 *
 * @param flops floating-point (or integer) operations
 * @param bytesRead bytes read from global memory
 * @param bytesWritten bytes written to global memory
 * @param dtype the element type of the operands the unit computes on
 * @param tile the matmul tile (one repetition of it; {@code flops} may cover several), or {@link Tile#NONE}
 */
public record Work(double flops, long bytesRead, long bytesWritten, DataType dtype, Tile tile) {
    /** No work at all (an empty kernel still pays the core's fixed overhead). */
    public static final Work NONE = new Work(0, 0, 0);

    /**
     * A matrix tile: {@code m} rows of the left operand, {@code n} columns of the right one, {@code k} the
     * reduction; all three 0 for none.
     *
     * @param m rows of A and C
     * @param n columns of B and C
     * @param k the shared dimension
     */
    public record Tile(int m, int n, int k) {
        /** No tile: vector work. */
        public static final Tile NONE = new Tile(0, 0, 0);

        /** Checks the dimensions are all positive, or all 0. */
        public Tile {
            boolean none = m == 0 && n == 0 && k == 0;
            if (!none && (m <= 0 || n <= 0 || k <= 0)) {
                throw new IllegalArgumentException("tile " + m + "x" + n + "x" + k + "; expected positive dimensions");
            }
        }

        /** Whether this is a real tile. */
        public boolean present() {
            return m > 0;
        }

        /** Multiply-adds of one repetition: {@code m·n·k}. */
        public double macs() {
            return (double) m * n * k;
        }
    }

    /** Validates that nothing is negative. */
    public Work {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(tile, "tile");
        if (flops < 0 || bytesRead < 0 || bytesWritten < 0) {
            throw new IllegalArgumentException("negative work: " + flops + " flops, " + bytesRead + " B read, "
                    + bytesWritten + " B written");
        }
    }

    /** Vector (or untiled) work in FLOAT32. */
    public Work(double flops, long bytesRead, long bytesWritten) {
        this(flops, bytesRead, bytesWritten, DataType.FLOAT32, Tile.NONE);
    }

    /**
     * {@code repeats} cube matmuls of an {@code m×k} by {@code k×n} tile in {@code dtype}: {@code 2·m·n·k}
     * FLOPs each.
     */
    public static Work matmul(DataType dtype, int m, int n, int k, long repeats, long bytesRead, long bytesWritten) {
        Tile t = new Tile(m, n, k);
        return new Work(2.0 * t.macs() * repeats, bytesRead, bytesWritten, dtype, t);
    }

    /** Vector work of {@code flops} element operations in {@code dtype}. */
    public static Work vector(DataType dtype, double flops, long bytesRead, long bytesWritten) {
        return new Work(flops, bytesRead, bytesWritten, dtype, Tile.NONE);
    }

    /** Bytes moved to and from global memory. */
    public long bytes() {
        return bytesRead + bytesWritten;
    }
}
