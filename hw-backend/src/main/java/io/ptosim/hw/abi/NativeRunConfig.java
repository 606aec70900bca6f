package io.ptosim.hw.abi;

/**
 * The {@code CallConfig} fields a run sets; every other field is zero.
 *
 * @param aicpuThreadNum AICPU threads, 0 for the architecture's default
 */
public record NativeRunConfig(int aicpuThreadNum) {
    /** The architecture's defaults. */
    public static final NativeRunConfig DEFAULT = new NativeRunConfig(0);

    /** Rejects a negative thread count. */
    public NativeRunConfig {
        if (aicpuThreadNum < 0) {
            throw new IllegalArgumentException("aicpuThreadNum " + aicpuThreadNum + ": expected >= 0 (0 = default)");
        }
    }
}
