package io.ptosim.properties;

import org.junit.jupiter.api.Test;

/**
 * The shared-HBM properties (issue 14) on generated programs of independent kernels. Each try runs
 * several chips, so the default is 40 seeds ({@code -Pdeep}: 2,000; {@code -Dptosim.seed=S}: one).
 */
class MemoryPropertiesTest {
    private static final long TRIES = Boolean.getBoolean("ptosim.deep") ? 2_000 : 40;

    @Test
    void moreHbmBandwidthNeverLengthensTheRun() {
        PropertyRunner.junit(getClass(), TRIES, (first, count) -> PropertyRunner.find(Property.HBM_MONOTONE, first, count));
    }

    @Test
    void moreBytesForOneKernelNeverShortenIt() {
        PropertyRunner.junit(getClass(), TRIES,
                (first, count) -> PropertyRunner.find(Property.MORE_BYTES_NEVER_FASTER, first, count));
    }
}
