package io.ptosim.traces;

import static io.ptosim.program.Args.args;
import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.chip.Chip;
import io.ptosim.kernel.CoreType;
import io.ptosim.kernel.DurationModel;
import io.ptosim.kernel.Kernel;
import io.ptosim.kernel.KernelTable;
import io.ptosim.platform.Platform;
import io.ptosim.program.Orchestration;
import io.ptosim.program.Task;
import io.ptosim.program.Tensor;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.ScopeMode;
import io.ptosim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Perfetto ring counter follows the runtime's own count of live tasks, read from submits and watermarks. */
class RingOccupancyTest {
    @Test
    void itEqualsTheRuntimesLiveCountAtEverySubmitOfARealRun() {
        Orchestration orch = new Orchestration("rings");
        Tensor x = orch.external("x", 0x10000, DataType.FLOAT32, 64);
        for (int batch = 0; batch < 6; batch++) {
            orch.scope(ScopeMode.AUTO, () -> {
                Task a = orch.submitAic(0, args().input(x).output(DataType.FLOAT32, 64));
                orch.scope(ScopeMode.AUTO, () -> {
                    Task b = orch.submitAiv(1, args().input(a.output(0)).output(DataType.FLOAT32, 64));
                    orch.submitAiv(1, args().input(b.output(0)).output(DataType.FLOAT32, 64));
                });
            });
        }
        KernelTable kernels = KernelTable.of(new Kernel(0, "k0", CoreType.AIC, new DurationModel.Fixed(2_000)),
                new Kernel(1, "k1", CoreType.AIV, new DurationModel.Fixed(1_000)));
        Platform platform = Platform.load("a2a3", Map.of("ring.taskWindow", "4"));
        Chip chip = new Chip(platform, orch.build(), kernels, Map.of(), false, 0);
        List<TraceEvent> events = new ArrayList<>();
        chip.traceTo(events::add);
        assertThat(chip.run().completed()).isTrue();
        RingOccupancy rings = new RingOccupancy();
        int submits = 0;
        int watermarks = 0;
        for (TraceEvent e : events) {
            switch (e) {
                case TraceEvent.Submitted s -> {
                    int ring = rings.allocated(s.taskId());
                    assertThat(rings.live(ring)).as("live on ring %d at %s", ring, s).isEqualTo(s.ringLive());
                    submits++;
                }
                case TraceEvent.Allocated a -> rings.allocated(a.taskId());
                case TraceEvent.WatermarkAdvanced w -> {
                    rings.watermark(w.ring(), w.watermark());
                    watermarks++;
                }
                default -> { }
            }
        }
        assertThat(submits).isEqualTo(18);
        assertThat(watermarks).as("a window of 4 forces reuse").isGreaterThan(4);
    }
}
