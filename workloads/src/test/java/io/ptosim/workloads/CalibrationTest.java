package io.ptosim.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.platform.Platform;
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

    @Test
    void everyTimingParameterOfBothPlatformsNamesItsSource() {
        for (String platform : List.of("a2a3", "a5")) {
            List<String> missing = Platform.load(platform, Map.of()).parameters().keySet().stream()
                    .filter(Calibration::isTimingKey).filter(k -> !Calibration.PROVENANCE.containsKey(k)).toList();
            assertThat(missing).as(platform + " keys without a source").isEmpty();
        }
        assertThat(Calibration.PROVENANCE.get("memory.hbmEfficiency")).startsWith("fitted on Case1");
    }

    @Test
    void theModelPredictsUnrollCase2AtAboutHalfCase1() {
        List<Calibration.Prediction> p = Calibration.predictions(w -> new Calibration.Judged(
                ChipRun.run(w, "a2a3", Map.of(), false, 0).summary(), "not judged")).stream()
                .filter(r -> r.workload().equals("paged-attention-unroll") && r.variant().equals("auto")).toList();
        double case1 = p.stream().filter(r -> r.caseName().equals("Case1")).findFirst().orElseThrow().elapsedUs();
        double case2 = p.stream().filter(r -> r.caseName().equals("Case2")).findFirst().orElseThrow().elapsedUs();
        assertThat(case2 / case1).isBetween(0.4, 0.6);
    }
}
