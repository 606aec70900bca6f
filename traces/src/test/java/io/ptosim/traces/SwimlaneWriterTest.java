package io.ptosim.traces;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ptosim.trace.TraceEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** chip_swimlane_records.json from a hand-made event stream: ticks, join keys, synthesized records, levels, layout. */
class SwimlaneWriterTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path write(String platform, int level) {
        Path file = tmp.resolve(platform + "-" + level + ".json");
        try (SwimlaneWriter w = new SwimlaneWriter(file, SmallRun.platform(platform), level)) {
            SmallRun.EVENTS.forEach(w::accept);
            w.finish("ignored");
            assertThat(w.contents()).isEqualTo("3 kernel blocks, 3 submits");
        }
        return file;
    }

    @Test
    void itReadsBackWithExactTicksOfTheFiftyMegahertzCounterAndOneBlockPerDispatch() {
        SwimlaneRecords r = SwimlaneReader.read(write("a2a3", 4));
        assertThat(r.level()).isEqualTo(4);
        assertThat(r.clockFreqHz()).isEqualTo(50_000_000L);
        assertThat(r.coreTypes()).containsExactly("aic", "aic", "aiv", "aiv", "aiv", "aiv");
        assertThat(r.coreToThread()).as("clusters alternate between the two threads, AIVs follow their cluster")
                .containsExactly(0, 1, 0, 0, 1, 1);
        assertThat(r.aicore()).extracting(a -> List.of(a.core(), a.taskId(), a.regTaskId(), a.start(), a.end()))
                .containsExactly(List.of(2, SmallRun.AIV_TASK, 1L, 96L, 150L),
                        List.of(0, SmallRun.AIC_TASK, 1L, 211L, 250L), List.of(0, SmallRun.AIC_TASK, 2L, 250L, 289L));
        assertThat(r.aicpu()).extracting(a -> List.of(a.core(), a.regTaskId(), a.dispatch(), a.finish()))
                .as("dispatch ticks, and finish = end + 600 ns FIN visibility")
                .containsExactly(List.of(2, 1L, 81L, 180L), List.of(0, 1L, 196L, 280L), List.of(0, 2L, 202L, 319L));
        assertThat(r.blocks()).hasSize(3);
        assertThat(r.kernelNanos()).containsEntry(SmallRun.AIV_TASK, new long[] {-1, 1080})
                .containsEntry(SmallRun.AIC_TASK, new long[] {780, -1});
        assertThat(r.orchestratorPhases()).extracting(o -> List.of(o.submitIdx(), o.taskId(), o.start(), o.end()))
                .as("submit_idx counts the alloc_tensors call too")
                .containsExactly(List.of(0L, SmallRun.ALLOC, 0L, 44L), List.of(1L, SmallRun.AIV_TASK, 50L, 70L),
                        List.of(2L, SmallRun.AIC_TASK, 70L, 90L));
    }

    @Test
    void onA5ATickIsANanosecond() {
        SwimlaneRecords r = SwimlaneReader.read(write("a5", 4));
        assertThat(r.clockFreqHz()).isEqualTo(1_000_000_000L);
        assertThat(r.aicore().get(0).start()).isEqualTo(1920);
        assertThat(r.kernelNanos().get(SmallRun.AIV_TASK)).containsExactly(-1, 1080);
    }

    @Test
    void schedulerRecordsAreSynthesizedOnePerBatchCompletionAndReleaseStrictlyInSequence() {
        SwimlaneRecords r = SwimlaneReader.read(write("a2a3", 4));
        assertThat(r.schedulerPhases()).hasSize(2);
        assertThat(r.schedulerPhases().get(1)).as("thread 1's cores ran nothing").isEmpty();
        assertThat(r.schedulerPhases().get(0)).extracting(p -> p.kind() + " " + p.start() + "-" + p.end() + " x"
                + p.tasksProcessed()).containsExactly("dispatch 75-81 x1", "complete 180-187 x1",
                        "dispatch 190-202 x2", "release 202-205 x1", "complete 317-325 x1", "release 327-330 x1");
        long end = 0;
        for (SwimlaneRecords.Phase p : r.schedulerPhases().get(0)) {
            assertThat(p.start()).isGreaterThanOrEqualTo(end);
            end = p.end();
        }
    }

    @Test
    void keysAreInTheRuntimeWritersOrderWithTheQueueDepthsAndLoopPasses() throws IOException {
        JsonNode root = MAPPER.readTree(write("a2a3", 4).toFile());
        assertThat(names(root)).containsExactly("chip_swimlane_level", "metadata", "aicore_tasks", "aicpu_tasks",
                "aicpu_scheduler_phases", "aicpu_orchestrator_phases");
        assertThat(names(root.get("metadata"))).containsExactly("clock_freq_hz", "num_cores", "core_types",
                "core_to_thread");
        JsonNode phases = root.get("aicpu_scheduler_phases").get(0);
        assertThat(names(phases.get(0))).containsExactly("kind", "start_cycles", "end_cycles", "loop_iter",
                "tasks_processed", "pop_hit", "pop_miss", "shared_at_start", "shared_at_end");
        assertThat(names(phases.get(1))).containsExactly("kind", "start_cycles", "end_cycles", "loop_iter",
                "tasks_processed", "shared_at_start", "shared_at_end");
        assertThat(phases.get(2).toString()).as("the two-block batch: one task popped, AIC queue 1 -> 0")
                .isEqualTo("{\"kind\":\"dispatch\",\"start_cycles\":190,\"end_cycles\":202,\"loop_iter\":2,"
                        + "\"tasks_processed\":2,\"pop_hit\":1,\"pop_miss\":0,\"shared_at_start\":[1,0,0],"
                        + "\"shared_at_end\":[0,0,0]}");
        List<Integer> passes = new ArrayList<>();
        phases.forEach(p -> passes.add(p.get("loop_iter").asInt()));
        assertThat(passes).containsExactly(1, 2, 2, 2, 3, 3);
        assertThat(names(root.get("aicpu_orchestrator_phases").get(0).get(0))).containsExactly("submit_idx", "task_id",
                "start_cycles", "end_cycles");
    }

    @Test
    void lowerLevelsLeaveOutWhatTheRuntimeLeavesOut() throws IOException {
        JsonNode one = MAPPER.readTree(write("a2a3", 1).toFile());
        assertThat(names(one)).containsExactly("chip_swimlane_level", "metadata", "aicore_tasks", "aicpu_tasks");
        assertThat(one.get("aicpu_tasks").size()).as("level 1 still writes an empty aicpu_tasks").isZero();
        assertThat(names(one.get("metadata"))).doesNotContain("core_to_thread");
        assertThat(SwimlaneReader.read(write("a2a3", 1)).blocks()).hasSize(3);
        assertThat(SwimlaneReader.read(write("a2a3", 2)).blocks()).hasSize(3);
        JsonNode three = MAPPER.readTree(write("a2a3", 3).toFile());
        assertThat(names(three)).contains("aicpu_scheduler_phases").doesNotContain("aicpu_orchestrator_phases");
    }

    @Test
    void anUnfinishedWriterLeavesNothingBehind() throws IOException {
        Path file = tmp.resolve("unfinished.json");
        try (SwimlaneWriter w = new SwimlaneWriter(file, SmallRun.platform("a2a3"), 4)) {
            for (TraceEvent e : SmallRun.EVENTS) {
                w.accept(e);
            }
            try (Stream<Path> files = Files.list(tmp)) {
                assertThat(files.count()).as("section spools while it runs").isGreaterThan(0);
            }
        }
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void theLayoutFollowsTheRuntimesOwnFile() throws IOException {
        Path sample = SharedVectors.sample("vector_example-default/chip_swimlane_records.json");
        JsonNode theirs = MAPPER.readTree(sample.toFile());
        JsonNode ours = MAPPER.readTree(write("a2a3", 4).toFile());
        assertThat(names(ours)).isEqualTo(names(theirs));
        assertThat(names(ours.get("metadata"))).isEqualTo(names(theirs.get("metadata")));
        assertThat(ours.get("aicore_tasks").get(0).size()).isEqualTo(theirs.get("aicore_tasks").get(0).size());
        assertThat(ours.get("aicpu_tasks").get(0).size()).isEqualTo(theirs.get("aicpu_tasks").get(0).size());
        for (String kind : List.of("dispatch", "complete", "release")) {
            assertThat(names(phase(ours, kind))).as(kind).isEqualTo(names(phase(theirs, kind)));
        }
        assertThat(names(ours.get("aicpu_orchestrator_phases").get(0).get(0)))
                .isEqualTo(names(theirs.get("aicpu_orchestrator_phases").get(0).get(0)));
        List<String> ourLines = Files.readAllLines(write("a2a3", 4));
        List<String> theirLines = Files.readAllLines(sample);
        assertThat(ourLines.get(0)).isEqualTo(theirLines.get(0));
        assertThat(ourLines.get(1)).isEqualTo(theirLines.get(1));
        assertThat(ourLines.stream().filter(l -> l.startsWith("    [")).findFirst().orElseThrow())
                .as("a row per line at the runtime's indent").matches("    \\[\\d+(, \\d+){5}\\],");
    }

    private static JsonNode phase(JsonNode root, String kind) {
        for (JsonNode thread : root.get("aicpu_scheduler_phases")) {
            for (JsonNode p : thread) {
                if (p.get("kind").asText().equals(kind)) {
                    return p;
                }
            }
        }
        throw new AssertionError("no " + kind + " record");
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            out.add(it.next());
        }
        return out;
    }
}
