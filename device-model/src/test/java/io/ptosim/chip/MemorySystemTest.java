package io.ptosim.chip;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.des.Simulation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared-HBM model alone: max-min fair rates, exact remaining bytes, ends moving as flows start and finish. */
class MemorySystemTest {
    private static final class Recorder implements MemorySystem.Listener {
        final long[] done = new long[8];
        final List<String> log = new ArrayList<>();

        Recorder() {
            Arrays.fill(done, -1);
        }

        @Override
        public void projected(int core, long finPs) {
            log.add("projected " + core + " " + finPs);
        }

        @Override
        public void done(int core, long atPs) {
            done[core] = atPs;
        }

        @Override
        public void settled() {
        }
    }

    @Test
    void equalStreamsShareTheCapacityEqually() {
        for (int k : new int[] {1, 2, 4, 8}) {
            Simulation sim = new Simulation(0);
            Recorder r = new Recorder();
            MemorySystem m = new MemorySystem(sim, 8, 400, r);
            for (int c = 0; c < k; c++) {
                m.start(c, 1000, 1_000_000, 200);
            }
            runOut(sim, m);
            // each at min(200, 400 / k) GB/s: 1 MB takes 5 us alone, 5 us * k / 2 beyond two streams
            long expected = 1000 + (k <= 2 ? 5_000_000L : 2_500_000L * k);
            for (int c = 0; c < k; c++) {
                assertThat(r.done[c]).as("k = %d, core %d", k, c).isEqualTo(expected);
            }
        }
    }

    @Test
    void computeBoundFlowsTakeOnlyTheirDemand() {
        Simulation sim = new Simulation(0);
        Recorder r = new Recorder();
        MemorySystem m = new MemorySystem(sim, 8, 200, r);
        m.start(0, 0, 14_000_000, 200);
        for (int c = 1; c <= 3; c++) {
            m.start(c, 0, 1_000_000, MemorySystem.demandCap(1_000_000, 50_000_000, 200));
        }
        sim.run();
        // the three take 20 GB/s each (their demand) and end at 50 us as if alone; the stream gets the
        // remaining 140 GB/s until then (7 MB), then 200 GB/s for the last 7 MB (35 us)
        assertThat(r.done[1]).isEqualTo(50_000_000);
        assertThat(r.done[2]).isEqualTo(50_000_000);
        assertThat(r.done[3]).isEqualTo(50_000_000);
        assertThat(r.done[0]).isEqualTo(85_000_000);
    }

    @Test
    void aSecondStreamMidWayMovesTheFirstOnesEnd() {
        Simulation sim = new Simulation(0);
        Recorder r = new Recorder();
        MemorySystem m = new MemorySystem(sim, 8, 200, r);
        assertThat(m.start(0, 0, 1_000_000, 200)).as("alone: 5 us").isEqualTo(5_000_000);
        m.start(1, 2_000_000, 1_000_000, 200);
        sim.run();
        // 0.4 MB alone by 2 us, then 0.6 MB at 100 GB/s: 6 us more; the second then has 0.4 MB left at 200
        assertThat(r.done[0]).isEqualTo(8_000_000);
        assertThat(r.done[1]).isEqualTo(10_000_000);
        assertThat(r.log).containsExactly("projected 0 5000000", "projected 0 8000000", "projected 1 12000000",
                "projected 1 10000000");
    }

    @Test
    void unlimitedCapacityLeavesEachFlowAtItsCap() {
        Simulation sim = new Simulation(0);
        Recorder r = new Recorder();
        MemorySystem m = new MemorySystem(sim, 8, 0, r);
        for (int c = 0; c < 8; c++) {
            m.start(c, 0, 1_000_000, 200);
        }
        runOut(sim, m);
        assertThat(r.done).containsOnly(5_000_000L);
    }

    /** Runs the events, then catches the model up to the end, as a poll of each core would when quiet. */
    private static void runOut(Simulation sim, MemorySystem m) {
        sim.run();
        m.advanceTo(Long.MAX_VALUE);
    }

    @Test
    void aQuietModelKeepsNoEventButCatchesUpOnDemand() {
        Simulation sim = new Simulation(0);
        Recorder r = new Recorder();
        MemorySystem m = new MemorySystem(sim, 8, 400, r);
        m.start(0, 0, 1_000_000, 200);
        m.start(1, 1_000, 1_000_000, 100);
        // 300 of 400 GB/s: each flow at its cap, final from the start
        assertThat(sim.pending()).isZero();
        m.advanceTo(7_000_000);
        assertThat(r.done[0]).isEqualTo(5_000_000);
        assertThat(r.done[1]).as("not finished by 7 us").isEqualTo(-1);
        m.advanceTo(Long.MAX_VALUE);
        assertThat(r.done[1]).isEqualTo(10_001_000);
        assertThat(r.log).containsExactly("projected 0 5000000", "projected 1 10001000");
    }

    @Test
    void aQuietModelStillProcessesAFinishItIsAskedToNotify() {
        Simulation sim = new Simulation(0);
        Recorder r = new Recorder();
        MemorySystem m = new MemorySystem(sim, 8, 400, r);
        m.start(0, 0, 1_000_000, 200);
        m.start(1, 0, 2_000_000, 200);
        m.notifyOnFinish(0);
        assertThat(sim.pending()).isEqualTo(1);
        sim.run();
        assertThat(r.done[0]).isEqualTo(5_000_000);
        assertThat(r.done[1]).isEqualTo(-1);
        assertThat(sim.now()).isEqualTo(5_000);
    }

    @Test
    void aRegistrationThatOverfillsTheCapacityBringsTheEventsBack() {
        Simulation sim = new Simulation(0);
        Recorder r = new Recorder();
        MemorySystem m = new MemorySystem(sim, 8, 200, r);
        m.start(0, 0, 1_000_000, 100);
        assertThat(sim.pending()).isZero();
        sim.runUntil(3_000);
        // a second 200 GB/s flow from 3 us: 300 GB/s asked of 200; the first has 0.7 MB left and gets 100
        m.start(1, 3_000_000, 1_000_000, 200);
        assertThat(sim.pending()).isEqualTo(1);
        sim.run();
        assertThat(r.done[0]).as("unchanged: its share stays its cap").isEqualTo(10_000_000);
        assertThat(r.done[1]).as("100 GB/s until 10 us, then 200").isEqualTo(3_000_000 + 7_000_000 + 1_500_000);
    }

    @Test
    void aFlowStartingBeforeTheFrontierStreamsFromIt() {
        Simulation sim = new Simulation(0);
        Recorder r = new Recorder();
        MemorySystem m = new MemorySystem(sim, 8, 200, r);
        m.start(0, 0, 1_000, 200);
        m.advanceTo(5_000);
        assertThat(m.nowPs()).isEqualTo(5_000);
        assertThat(m.start(1, 4_000, 1_000, 200)).isEqualTo(10_000);
        assertThat(m.clamped()).isEqualTo(1);
    }

    @Test
    void picosecondsRoundUpButNotForNoise() {
        assertThat(MemorySystem.ceilPs(15.0)).isEqualTo(15);
        assertThat(MemorySystem.ceilPs(15.000000000001)).isEqualTo(15);
        assertThat(MemorySystem.ceilPs(15.01)).isEqualTo(16);
        assertThat(MemorySystem.ceilPs(1000.0 * 1_048_576 / (1600.0 / 24))).isEqualTo(15_728_640);
    }
}
