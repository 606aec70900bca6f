package io.ptosim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.trace.TraceEvent;
import io.ptosim.traces.SharedVectors;
import io.ptosim.traces.SwimlaneReader;
import io.ptosim.traces.SwimlaneRecords;
import io.ptosim.workloads.Catalog;
import io.ptosim.workloads.ChipRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ptosim run --swimlane}: simulated runs as chip_swimlane_records.json that simpler's reader rules accept. */
class SwimlaneRunTest {
    /** a2a3's system counter: 50 MHz, 20,000 ps a tick. */
    private static final long PS_PER_TICK = 20_000;

    @TempDir
    Path tmp;

    private Path run(String workload, String caseName, String name) {
        Path file = tmp.resolve(name);
        CliHarness cli = new CliHarness();
        assertThat(cli.run("run", workload, "--case", caseName, "--timing-only", "--swimlane", file.toString()))
                .as(cli.err.toString()).isZero();
        assertThat(cli.out.toString()).containsPattern("  swimlane +" + java.util.regex.Pattern.quote(file.toString())
                + " \\(\\d+ kernel blocks, \\d+ submits\\)");
        return file;
    }

    @Test
    void vectorExampleReadsBackWithItsCoresAndKernelTimesInTicks() {
        SwimlaneRecords r = SwimlaneReader.read(run("vector-example", "default", "v.json"));
        List<TraceEvent.Dispatched> dispatched = new ArrayList<>();
        ChipRun.run(Catalog.byName("vector-example").instance("default", "auto"), "a2a3", Map.of(), false, 0, c -> { },
                e -> {
                    if (e instanceof TraceEvent.Dispatched d) {
                        dispatched.add(d);
                    }
                });
        assertThat(r.level()).isEqualTo(4);
        assertThat(r.clockFreqHz()).isEqualTo(50_000_000L);
        assertThat(r.blocks()).as("one block per dispatched block, each joined to its AICPU row").hasSize(5)
                .hasSize(dispatched.size());
        assertThat(r.aicore()).extracting(SwimlaneRecords.AicoreRow::core)
                .as("five AIV tasks on the first AIVs of cluster 0 (cores 24 and 25 of 72)")
                .containsExactly(24, 24, 25, 24, 24);
        assertThat(r.aicore()).allSatisfy(row -> assertThat(r.coreTypes().get(row.core())).isEqualTo("aiv"));
        Map<Long, Long> expectedNs = new TreeMap<>();
        for (TraceEvent.Dispatched d : dispatched) {
            expectedNs.merge(d.taskId(), (d.endPs() / PS_PER_TICK - d.startPs() / PS_PER_TICK) * 20, Math::max);
        }
        Map<Long, Long> readNs = new TreeMap<>();
        r.kernelNanos().forEach((task, ns) -> readNs.put(task, ns[1]));
        assertThat(readNs).isEqualTo(expectedNs);
        assertThat(readNs.get(0L)).as("t0's add: 67 ticks of 20 ns").isEqualTo(1340);
    }

    @Test
    void pagedAttentionSmallHasAsManyRowsAndRecordsAsTheRuntimesOwnFile() {
        SwimlaneRecords ours = SwimlaneReader.read(run("paged-attention", "CaseSmall1", "pa.json"));
        SwimlaneRecords theirs = SwimlaneReader.read(SharedVectors.sample(
                "paged_attention-CaseSmall1/chip_swimlane_records.json"));
        assertThat(ours.blocks()).hasSize(theirs.blocks().size()).hasSize(12);
        assertThat(ours.orchestratorPhases()).as("12 submits and the alloc_tensors")
                .hasSize(theirs.orchestratorPhases().size()).hasSize(13);
        assertThat(ours.kernelNanos().keySet()).isEqualTo(theirs.kernelNanos().keySet());
        assertThat(ours.schedulerPhases()).hasSize(3);
    }

    @Test
    void theSameRunGivesTheSameBytes() throws IOException {
        assertThat(Files.readAllBytes(run("paged-attention", "CaseSmall1", "a.json")))
                .isEqualTo(Files.readAllBytes(run("paged-attention", "CaseSmall1", "b.json")));
    }
}
