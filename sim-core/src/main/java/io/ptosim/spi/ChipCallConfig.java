package io.ptosim.spi;

/**
 * How a chip task runs (V1 {@code ChipCallConfig}, spec §2): its block dim, AICPU threads, and the
 * profiling and tensor-dump switches.
 *
 * @param blockDim clusters the task may use
 * @param aicpuThreadNum AICPU threads
 * @param enableProfiling whether the chip records profiling data
 * @param enableDumpTensor whether the chip dumps tensors
 */
public record ChipCallConfig(int blockDim, int aicpuThreadNum, boolean enableProfiling, boolean enableDumpTensor) {
    /** The V1 defaults: block dim 24, 3 AICPU threads, profiling and dumps off. */
    public static final ChipCallConfig DEFAULT = new ChipCallConfig(24, 3, false, false);
}
