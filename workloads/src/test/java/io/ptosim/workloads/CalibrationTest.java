package io.ptosim.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The a2a3 platform file reproduces the four paged-attention Case1 silicon figures within 5 % (virtual
 * time, so deterministic), and the partial-manual / auto ratios point the way the hardware's do.
 */
class CalibrationTest {
    @Test
    void theA2a3CostModelMatchesTheCase1SiliconFigures() {
        List<Calibration.Row> rows = Calibration.run(Map.of());
        for (Calibration.Row r : rows) {
            assertThat(Math.abs(r.elapsedErrorPct())).as(r.target() + " elapsed " + r.elapsedUs())
                    .isLessThanOrEqualTo(Calibration.TOLERANCE_PCT);
            assertThat(Math.abs(r.orchErrorPct())).as(r.target() + " orch " + r.orchUs())
                    .isLessThanOrEqualTo(Calibration.TOLERANCE_PCT);
        }
        assertThat(rows.get(1).elapsedUs()).as("non-unroll: partial-manual faster than auto")
                .isLessThan(rows.get(0).elapsedUs());
        assertThat(Calibration.withinTolerance(rows)).isTrue();
        assertThat(Calibration.markdown(rows)).contains("| paged-attention | auto | 36791.2 |");
    }
}
