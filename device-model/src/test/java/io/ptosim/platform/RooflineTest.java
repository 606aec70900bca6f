package io.ptosim.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ptosim.kernel.CoreType;
import io.ptosim.kernel.Work;
import io.ptosim.runtime.DataType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RooflineTest {
    private final Roofline r = new Roofline(Platform.load("a2a3", Map.of()));

    @Test
    void aSixteenRowTileLoadsOneBFractalPerMultiplyAndReachesHalfThePeak() {
        // Case1 unroll QK: 16 query rows against 64 blocks x 128 keys, D = 128, bf16.
        Work.Tile t = new Work.Tile(16, 8192, 128);
        assertThat(r.tileCycles(t, 2)).isEqualTo((8 + 512 * 8) * 512 / 256.0);
        assertThat(r.tileEfficiency(t, 2)).isCloseTo(4096.0 / 8208, within(1e-12));
    }

    @Test
    void aSixtyFourRowTileAmortisesItsLoadsAndRunsAtThePeak() {
        Work.Tile t = new Work.Tile(64, 4096, 128);
        // multiply cycles 4*256*8 = 8192; loads (4*8 + 256*8) * 512 / 256 = 4160
        assertThat(r.tileCycles(t, 2)).isEqualTo(8192);
        assertThat(r.tileEfficiency(t, 2)).isEqualTo(1.0);
    }

    @Test
    void partialFractalsCostWholeOnes() {
        assertThat(r.tileCycles(new Work.Tile(17, 16, 16), 2)).isEqualTo(r.tileCycles(new Work.Tile(32, 16, 16), 2));
        assertThat(r.tileEfficiency(new Work.Tile(17, 64, 64), 2)).isLessThan(r.tileEfficiency(new Work.Tile(32, 64, 64), 2));
    }

    @Test
    void computeTimeFollowsTheClockTheDtypeAndTheRepeats() {
        Work one = Work.matmul(DataType.BFLOAT16, 64, 4096, 128, 1, 0, 0);
        Work three = Work.matmul(DataType.BFLOAT16, 64, 4096, 128, 3, 0, 0);
        assertThat(r.computePs(CoreType.AIC, one)).isCloseTo(8192 / 1.59 * 1000, within(1e-6));
        assertThat(r.computePs(CoreType.AIC, three)).isCloseTo(3 * r.computePs(CoreType.AIC, one), within(1e-6));
        // fp32 halves the reduction depth per fractal: twice the cycles for the same tile
        assertThat(r.tileCycles(new Work.Tile(128, 128, 128), 4)).isEqualTo(2 * r.tileCycles(new Work.Tile(128, 128, 128), 2));
        // vector: 2048 bits a cycle, 64 fp32 lanes
        assertThat(r.computePs(CoreType.AIV, Work.vector(DataType.FLOAT32, 6400, 0, 0))).isCloseTo(100 / 1.59 * 1000,
                within(1e-6));
        assertThat(r.computePs(CoreType.AIV, Work.vector(DataType.FLOAT16, 6400, 0, 0))).isCloseTo(50 / 1.59 * 1000,
                within(1e-6));
        assertThat(r.cubePeakFlops(2)).isCloseTo(13.02e12, within(0.01e12));
        assertThat(r.computePs(CoreType.AIC, Work.NONE)).isZero();
    }
}
