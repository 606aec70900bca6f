package io.ptosim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ptosim.chip.RunSummary;
import io.ptosim.platform.Platform;
import io.ptosim.report.RunSeries;
import io.ptosim.workloads.Catalog;
import io.ptosim.workloads.ChipRun;
import io.ptosim.workloads.WorkloadInstance;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report page's series over time agree with the run's own summary. */
class RunSeriesTest {
    private static final int BINS = 600;

    private record Run(RunSummary summary, RunSeries series) {
    }

    private static Run run(String workload, String caseName, Map<String, String> settings) {
        WorkloadInstance w = Catalog.byName(workload).instance(caseName, "auto");
        Platform p = ChipRun.platform(w, "a2a3", settings);
        RunSeries series = new RunSeries(p.clusters(), 2 * p.clusters());
        RunSummary s = ChipRun.run(w, p, false, 0, c -> { }, series).summary();
        return new Run(s, series);
    }

    @Test
    void tasksInFlightPeakAtTheRunsHighWaterAndBusyCoresAverageToItsUtilisation() {
        for (String c : new String[] {"CaseSmall1", "CaseVarSeq4"}) {
            Run r = run("paged-attention", c, Map.of());
            RunSummary s = r.summary();
            for (int ring = 0; ring < s.peakLive().size(); ring++) {
                assertThat(r.series().peakInFlight(ring)).as("%s ring %d", c, ring).isEqualTo(s.peakLive().get(ring));
            }
            RunSeries.Binned b = r.series().binned(s.elapsedNs() * 1000, BINS);
            assertThat(b.startUs()).hasSize(BINS).startsWith(0.0);
            assertThat(Arrays.stream(b.aicBusy()).average().orElseThrow()).as(c)
                    .isCloseTo(100 * s.aicUtilization(), within(1e-6));
            assertThat(Arrays.stream(b.aivBusy()).average().orElseThrow()).as(c)
                    .isCloseTo(100 * s.aivUtilization(), within(1e-6));
            assertThat(Arrays.stream(b.waiting()).min().orElseThrow()).as("never below zero").isNotNegative();
            assertThat(Arrays.stream(b.waiting()).max().orElseThrow()).as("someone waited for a core").isPositive();
            for (Map.Entry<Integer, long[]> e : b.inFlight().entrySet()) {
                assertThat(Arrays.stream(e.getValue()).max().orElseThrow()).isEqualTo(s.peakLive().get(e.getKey()));
            }
        }
    }

    @Test
    void theWaitsAddUpToTheOrchestratorsBlockedTime() {
        Run r = run("paged-attention", "CaseSmall1", Map.of("ring.heapBytes", "8192"));
        RunSummary s = r.summary();
        long summaryPs = 1000 * s.blockedNs().values().stream().mapToLong(Long::longValue).sum();
        assertThat(summaryPs).as("an 8 KiB heap makes the orchestrator wait").isPositive();
        Map<String, long[]> waits = r.series().blocked(s.elapsedNs() * 1000);
        assertThat(waits).isNotEmpty();
        assertThat(waits.values().stream().mapToLong(w -> w[1]).sum()).isEqualTo(summaryPs);
        assertThat(waits.values()).allMatch(w -> w[0] >= 1);
    }
}
