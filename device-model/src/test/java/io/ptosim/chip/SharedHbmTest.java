package io.ptosim.chip;

import static io.ptosim.program.Args.args;
import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.kernel.CoreType;
import io.ptosim.kernel.DurationModel;
import io.ptosim.kernel.Kernel;
import io.ptosim.kernel.KernelTable;
import io.ptosim.kernel.Work;
import io.ptosim.platform.Platform;
import io.ptosim.program.Orchestration;
import io.ptosim.program.Program;
import io.ptosim.runtime.DataType;
import io.ptosim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Blocks streaming from the die's shared HBM on the whole chip: closed forms of fair sharing, moving ends. */
class SharedHbmTest {
    private static final int STREAM = 0;
    private static final int COMPUTE = 1;
    /** A vector kernel reading scalar 0's bytes with no arithmetic. */
    private static final KernelTable KERNELS = KernelTable.of(
            new Kernel(STREAM, "stream", CoreType.AIV,
                    new DurationModel.FromWork(call -> new Work(0, call.scalar(0), 0))),
            new Kernel(COMPUTE, "compute", CoreType.AIV, new DurationModel.Fixed(10_000)));
    private static final long B = 1 << 20;
    private static final long OVERHEAD_PS = 350_000;

    private record Run(RunSummary summary, List<TraceEvent> events) {
        List<TraceEvent.BlockEnded> ends() {
            List<TraceEvent.BlockEnded> out = new ArrayList<>();
            for (TraceEvent e : events) {
                if (e instanceof TraceEvent.BlockEnded b) {
                    out.add(b);
                }
            }
            return out;
        }
    }

    /** Runs {@code p} on a2a3 with the HBM at its full peak (efficiency 1) unless {@code settings} say otherwise. */
    private static Run run(Program p, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(Map.of("memory.hbmEfficiency", "1"));
        all.putAll(settings);
        Chip chip = new Chip(Platform.load("a2a3", all), p, KERNELS, Map.of(), false, 0);
        List<TraceEvent> events = new ArrayList<>();
        chip.traceTo(events::add);
        RunSummary s = chip.run();
        assertThat(s.completed()).isTrue();
        return new Run(s, events);
    }

    @Test
    void kCoresStreamingAtOnceEachGetAFairShare() {
        for (int k : new int[] {1, 2, 4, 8, 16, 24}) {
            Orchestration orch = new Orchestration("stream-" + k);
            orch.submitAiv(STREAM, args().output(DataType.FLOAT32, 16).scalar(B).blockNum(k).requireSyncStart());
            List<TraceEvent.BlockEnded> ends = run(orch.build(), Map.of()).ends();
            assertThat(ends).hasSize(k);
            // rate min(200 GB/s per core, 1600 GB/s / k): 1000 * B / rate ps, here a whole number
            long memoryPs = k <= 8 ? 5 * B : 5 * B * k / 8;
            long start = ends.get(0).startPs();
            for (TraceEvent.BlockEnded e : ends) {
                assertThat(e.startPs()).as("one instant (sync start)").isEqualTo(start);
                assertThat(e.endPs() - e.startPs()).as("k = %d", k).isEqualTo(OVERHEAD_PS + memoryPs);
                assertThat(e.soloEndPs() - e.startPs()).as("alone: its core's 200 GB/s").isEqualTo(OVERHEAD_PS + 5 * B);
            }
        }
    }

    @Test
    void aSecondStreamStartingMidWayMovesTheFirstOnesEnd() {
        Orchestration orch = new Orchestration("two-streams");
        orch.submitAiv(STREAM, args().output(DataType.FLOAT32, 16).scalar(B));
        orch.submitAiv(STREAM, args().output(DataType.FLOAT32, 16).scalar(B));
        Run r = run(orch.build(), Map.of("memory.hbmGbps", "200"));
        List<TraceEvent.Dispatched> dispatches = new ArrayList<>();
        for (TraceEvent e : r.events()) {
            if (e instanceof TraceEvent.Dispatched d) {
                dispatches.add(d);
            }
        }
        TraceEvent.BlockEnded a = r.ends().get(0);
        TraceEvent.BlockEnded b = r.ends().get(1);
        long gap = b.startPs() - a.startPs();
        assertThat(gap).as("the second starts mid-way").isPositive().isLessThan(5 * B);
        assertThat(dispatches.get(0).endPs()).as("projected alone").isEqualTo(a.startPs() + 5 * B + OVERHEAD_PS);
        // alone at 200 GB/s for gap ps (0.2 B/ps), then 100 GB/s each: (B - gap / 5) bytes take 10 ps a byte
        long aMemoryDone = b.startPs() + 10 * B - 2 * gap;
        assertThat(a.endPs()).isEqualTo(aMemoryDone + OVERHEAD_PS);
        // the second moved (aMemoryDone - its start) / 10 bytes at 100 GB/s, the rest alone at 200
        long left1000 = 1000 * B - 100 * (aMemoryDone - b.startPs());
        assertThat(b.endPs()).isEqualTo(aMemoryDone + (left1000 + 199) / 200 + OVERHEAD_PS);
    }

    @Test
    void computeOnlyBlocksNeverTouchTheMemorySystem() {
        Orchestration orch = new Orchestration("compute");
        orch.submitAiv(COMPUTE, args().output(DataType.FLOAT32, 16).blockNum(48).requireSyncStart());
        Run r = run(orch.build(), Map.of("memory.hbmGbps", "1"));
        for (TraceEvent.BlockEnded e : r.ends()) {
            assertThat(e.endPs() - e.startPs()).isEqualTo(OVERHEAD_PS + 10_000_000);
        }
    }

    @Test
    void theSameProgramGivesTheSameTraceTwice() {
        Orchestration orch = new Orchestration("mixed");
        for (int i = 0; i < 40; i++) {
            orch.submitAiv(i % 3 == 0 ? COMPUTE : STREAM,
                    args().output(DataType.FLOAT32, 16).scalar(B / (1 + i % 5)).blockNum(1 + i % 4));
        }
        Program p = orch.build();
        Run one = run(p, Map.of());
        Run two = run(p, Map.of());
        assertThat(two.summary().digest()).isEqualTo(one.summary().digest());
        assertThat(two.events()).isEqualTo(one.events());
        assertThat(one.summary().digest()).isEqualTo("2192a607f3fcc549");
    }
}
