package io.ptosim.traces;

import io.ptosim.platform.Platform;
import io.ptosim.trace.TraceEvent;
import java.util.List;
import java.util.Map;

/**
 * A hand-made event stream of a tiny chip (two clusters: AIC 0 and 1, AIVs 2..5; two scheduler threads):
 * an alloc_tensors task, an AIV task that reads its output, and a two-block AIC task after it whose
 * second block is pre-loaded onto the same core while the first runs. a2a3 costs: dispatch 120 ns,
 * complete 150 ns, release 60 ns, FIN visible 600 ns after the end.
 */
final class SmallRun {
    static final long ALLOC = 1L << 32;
    static final long AIV_TASK = 2L << 32;
    static final long AIC_TASK = (2L << 32) | 1;

    static final List<TraceEvent> EVENTS = List.of(
            new TraceEvent.Allocated(0, 880_000, 0, ALLOC),
            new TraceEvent.Submitted(1_000_000, 1_400_000, 1, AIV_TASK, -1, 0, -1, 1, 1),
            new TraceEvent.EdgeWired(1_400_000, ALLOC, AIV_TASK),
            new TraceEvent.Submitted(1_400_000, 1_800_000, 2, AIC_TASK, 1, -1, -1, 2, 2),
            new TraceEvent.EdgeWired(1_800_000, AIV_TASK, AIC_TASK),
            new TraceEvent.Ready(1_500_000, AIV_TASK),
            new TraceEvent.Dispatched(1_620_000, 0, AIV_TASK, 0, 2, 1_920_000, 3_000_000),
            new TraceEvent.BlockEnded(3_600_000, 0, AIV_TASK, 0, 2, 1_620_000, 1_920_000, 3_000_000, 3_000_000),
            new TraceEvent.Completed(3_750_000, 0, AIV_TASK),
            new TraceEvent.Ready(3_800_000, AIC_TASK),
            new TraceEvent.Dispatched(3_920_000, 0, AIC_TASK, 0, 0, 4_220_000, 5_000_000),
            new TraceEvent.Dispatched(4_040_000, 0, AIC_TASK, 1, 0, 5_000_000, 5_780_000),
            new TraceEvent.Released(4_100_000, 0, AIV_TASK),
            new TraceEvent.WatermarkAdvanced(4_100_000, 2, 1),
            new TraceEvent.BlockEnded(5_600_000, 0, AIC_TASK, 0, 0, 3_920_000, 4_220_000, 5_000_000, 4_900_000),
            new TraceEvent.BlockEnded(6_380_000, 0, AIC_TASK, 1, 0, 4_040_000, 5_000_000, 5_780_000, 5_780_000),
            new TraceEvent.Completed(6_500_000, 0, AIC_TASK),
            new TraceEvent.Released(6_600_000, 0, AIC_TASK),
            new TraceEvent.WatermarkAdvanced(6_600_000, 2, 2));

    private SmallRun() {
    }

    /** The tiny chip on {@code platform} (a2a3 or a5). */
    static Platform platform(String platform) {
        return Platform.load(platform, Map.of("topology.clusters", "2", "topology.schedulerThreads", "2"));
    }
}
