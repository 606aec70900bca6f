package io.ptosim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.platform.Platform;
import io.ptosim.workloads.Catalog;
import io.ptosim.workloads.ChipRun;
import io.ptosim.workloads.WorkloadInstance;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuntimeLayerTest {
    @ParameterizedTest
    @CsvSource({"vector-example, default, auto, 5", "paged-attention, CaseSmall1, auto, 13",
        "paged-attention, CaseSmall1, manual, 13", "paged-attention, CaseSmall1, partial-manual, 13"})
    void theRuntimeLayerCompletesEveryTaskTheChipRunCompletes(String workload, String caseName, String variant,
            long tasks) {
        WorkloadInstance w = Catalog.byName(workload).instance(caseName, variant);
        long chipTasks = ChipRun.run(w, "a2a3", Map.of(), false, 0).summary().tasks();
        assertThat(RuntimeLayer.run(w.program(), Platform.load("a2a3", Map.of()).runtime()))
                .isEqualTo(chipTasks).isEqualTo(tasks);
    }
}
