package io.ptosim.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChipRunTest {
    @Test
    void vectorExampleRunsOnTheSimulatedChipAndMatchesTheGolden() {
        WorkloadInstance w = new VectorExample().instance("default", "auto");
        ChipRun.Result r = ChipRun.run(w, "a2a3", Map.of(), true, 1);
        assertThat(r.summary().error()).isEmpty();
        assertThat(r.summary().completed()).isTrue();
        assertThat(r.golden()).isEmpty();
        assertThat(r.summary().tasks()).isEqualTo(5);
        assertThat(r.summary().dispatches()).isEqualTo(5);
        assertThat(r.summary().edges()).isEqualTo(6);
    }
}
