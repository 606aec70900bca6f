package io.ptosim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ptosim.trace.TraceEvent;
import io.ptosim.traces.DepsGraph;
import io.ptosim.traces.DepsJsonReader;
import io.ptosim.traces.SharedVectors;
import io.ptosim.workloads.Catalog;
import io.ptosim.workloads.ChipRun;
import io.ptosim.workloads.Workload;
import io.ptosim.workloads.WorkloadInstance;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** {@code ptosim run --trace/--deps} and {@code ptosim replay} from the command line. */
class ReplayCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    @TempDir
    Path tmp;

    private final CliHarness cli = new CliHarness();

    /** The case a replay test uses: the smallest that every variant of the workload has. */
    private static String caseFor(Workload w) {
        return w.cases().contains("CaseSmall1") ? "CaseSmall1" : w.defaultCase();
    }

    @TestFactory
    Stream<DynamicTest> aRecordedRunOfEveryWorkloadAndVariantReplaysIdentically() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Workload w : Catalog.all()) {
            for (String variant : w.variants()) {
                tests.add(DynamicTest.dynamicTest(w.name() + " " + variant, () -> {
                    Path trace = tmp.resolve(w.name() + "-" + variant + ".ptrace");
                    CliHarness run = new CliHarness();
                    assertThat(run.run("run", w.name(), "--case", caseFor(w), "--variant", variant, "--timing-only",
                            "--trace", trace.toString())).as(run.err.toString()).isZero();
                    String digest = run.out.toString().replaceAll("(?s).*digest +(\\w+).*", "$1");
                    CliHarness replay = new CliHarness();
                    assertThat(replay.run("replay", trace.toString())).as(replay.out.toString()).isZero();
                    assertThat(replay.out.toString()).containsPattern("  identical \\(\\d+ events, digest " + digest + "\\)\n");
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> theDepsJsonOfEveryWorkloadAndVariantRebuildsWithEqualEdges() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Workload w : Catalog.all()) {
            for (String variant : w.variants()) {
                tests.add(DynamicTest.dynamicTest(w.name() + " " + variant, () -> {
                    Path deps = tmp.resolve(w.name() + "-" + variant + ".deps.json");
                    CliHarness run = new CliHarness();
                    assertThat(run.run("run", w.name(), "--case", caseFor(w), "--variant", variant, "--timing-only",
                            "--deps", deps.toString())).as(run.err.toString()).isZero();
                    CliHarness replay = new CliHarness();
                    assertThat(replay.run("replay", deps.toString())).as(replay.out.toString()).isZero();
                    assertThat(replay.out.toString()).containsPattern("  edges +(\\d+) recorded, \\1 rebuilt .*: equal");
                }));
            }
        }
        return tests.stream();
    }

    /** The run's events, in memory. */
    private static List<TraceEvent> events(WorkloadInstance w, Map<String, String> settings) {
        List<TraceEvent> events = new ArrayList<>();
        ChipRun.run(w, "a2a3", settings, false, 0, c -> { }, events::add);
        return events;
    }

    @Test
    void aChangedCostParameterIsCaughtAtTheFirstEventItChanges() throws IOException {
        WorkloadInstance w = Catalog.byName("paged-attention").instance("CaseSmall1", "auto");
        Path trace = tmp.resolve("pa.ptrace");
        assertThat(cli.run("run", "paged-attention", "--case", "CaseSmall1", "--timing-only", "--trace",
                trace.toString())).isZero();
        List<TraceEvent> recorded = events(w, Map.of());
        List<TraceEvent> changed = events(w, Map.of("core.finVisibleNs", "601"));
        int first = 0;
        while (recorded.get(first).equals(changed.get(first))) {
            first++;
        }
        assertThat(recorded.get(first)).as("FIN visibility first shows when a block's end is seen").isInstanceOf(
                TraceEvent.BlockEnded.class);
        Path edited = tmp.resolve("edited.ptrace");
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(trace)),
                StandardCharsets.UTF_8))) {
            r.lines().forEach(lines::add);
        }
        lines.set(0, lines.get(0).replace("\"settings\":{}", "\"settings\":{\"core.finVisibleNs\":\"601\"}"));
        Files.write(edited, lines);
        assertThat(cli.run("replay", edited.toString())).isEqualTo(1);
        TraceEvent.BlockEnded c = (TraceEvent.BlockEnded) recorded.get(first);
        int op = recorded.stream().filter(e -> e instanceof TraceEvent.Submitted s && s.taskId() == c.taskId())
                .mapToInt(e -> ((TraceEvent.Submitted) e).op()).findFirst().orElseThrow();
        assertThat(cli.out.toString()).containsPattern("  DIVERGED     at event " + first + " \\(t = [0-9.]+ us\\), op "
                + op + "\n");
        assertThat(cli.out.toString()).contains("  DIVERGED     at event " + first + " (t = ")
                .contains("  expected     block_end " + c.timePs() + " " + c.thread() + " " + c.taskId() + " ")
                .contains("  actual       block_end " + ((TraceEvent.BlockEnded) changed.get(first)).timePs());
    }

    @Test
    void aWhatIfPrintsBothSummariesWithDeltas() {
        Path trace = tmp.resolve("v.ptrace");
        assertThat(cli.run("run", "vector-example", "--timing-only", "--trace", trace.toString())).isZero();
        CliHarness replay = new CliHarness();
        assertThat(replay.run("replay", trace.toString(), "--platform", "a5", "--set", "core.dispatchToStartNs=900"))
                .isZero();
        assertThat(replay.out.toString()).containsPattern("  identical \\(\\d+ events, digest \\w{16}\\)")
                .contains("what if: a5 {core.dispatchToStartNs=900}")
                .containsPattern("  tasks +5 +5 +\\+0\\.0 %")
                .containsPattern("  elapsed us +[0-9.]+ +[0-9.]+ +[+-][0-9.]+ %");
    }

    @Test
    void edgesLinkedAtAManualHybridScopeEndAreCountedAndTraced() throws IOException {
        Path trace = tmp.resolve("pm.txt");
        Path deps = tmp.resolve("pm.deps.json");
        assertThat(cli.run("run", "paged-attention", "--case", "CaseSmall1", "--variant", "partial-manual",
                "--timing-only", "--json", "--trace", trace.toString(), "--trace-plain", "--deps", deps.toString()))
                .isZero();
        long recorded = DepsJsonReader.read(deps).edges().size();
        assertThat(recorded).isEqualTo(15);
        assertThat(MAPPER.readTree(cli.out.toString()).path("edges").asLong()).isEqualTo(recorded);
        assertThat(Files.readAllLines(trace).stream().filter(l -> l.startsWith("edge "))).hasSize((int) recorded);
    }

    @Test
    void replayJsonNamesTheOutcomeAndTheWhatIf() throws IOException {
        Path trace = tmp.resolve("j.ptrace");
        assertThat(cli.run("run", "vector-example", "--timing-only", "--trace", trace.toString())).isZero();
        CliHarness replay = new CliHarness();
        assertThat(replay.run("replay", trace.toString(), "--json", "--seed", "7")).isZero();
        JsonNode j = MAPPER.readTree(replay.out.toString());
        assertThat(j.path("identical").asBoolean()).isTrue();
        assertThat(j.path("divergence").isNull()).isTrue();
        assertThat(j.path("digest").asText()).isEqualTo(j.path("recorded_digest").asText()).hasSize(16);
        assertThat(j.path("events").asLong()).isGreaterThan(20);
        assertThat(j.path("what_if").path("seed").asLong()).isEqualTo(7);
        assertThat(j.path("what_if").path("tasks").asLong()).isEqualTo(5);
    }

    @Test
    void theDepsJsonOfVectorExampleIsTheWorkedExampleAndReplaysWithEqualEdges() throws IOException {
        Path deps = tmp.resolve("deps.json");
        assertThat(cli.run("run", "vector-example", "--timing-only", "--deps", deps.toString())).isZero();
        DepsGraph g = DepsJsonReader.read(deps);
        assertThat(g.tasks()).extracting(t -> t.taskId()).containsExactly(0L, 4294967296L, 4294967297L, 4294967298L,
                4294967299L);
        assertThat(g.tasks()).extracting(t -> Arrays.toString(t.kernelIds())).containsExactly("[-1, 0, -1]",
                "[-1, 1, -1]", "[-1, 1, -1]", "[-1, 2, -1]", "[-1, 0, -1]");
        assertThat(g.tasks().get(4).args()).extracting(a -> a.type().name()).containsExactly("INPUT", "INPUT",
                "OUTPUT_EXISTING");
        assertThat(g.tensors()).hasSize(7);
        assertThat(g.edges()).extracting(e -> e.pred() + ">" + e.succ() + "[" + e.arg() + "] " + e.source())
                .containsExactlyInAnyOrder("0>4294967296[0] CREATOR", "0>4294967297[0] CREATOR",
                        "4294967296>4294967298[0] CREATOR", "4294967297>4294967298[1] CREATOR",
                        "4294967298>4294967299[0] CREATOR", "0>4294967299[1] CREATOR");
        assertThat(Files.readString(deps)).endsWith("}\n").doesNotContain("\n{");
        CliHarness replay = new CliHarness();
        assertThat(replay.run("replay", deps.toString())).as(replay.out.toString()).isZero();
        assertThat(replay.out.toString()).contains("  edges        6 recorded, 6 rebuilt (6 distinct pairs): equal")
                .contains("  durations    every kernel block 1000 ns (no --swimlane)")
                .contains("  tasks        5   (edges 6, kernel blocks dispatched 5)");
    }

    @TestFactory
    Stream<DynamicTest> everyDepsJsonSimplerWroteReplaysWithItsSwimlaneAndExitsZero() throws IOException {
        return SharedVectors.perSample("deps.json", 10, deps -> {
            Path records = deps.resolveSibling("chip_swimlane_records.json");
            CliHarness replay = new CliHarness();
            List<String> args = new ArrayList<>(List.of("replay", deps.toString(), "--json"));
            if (Files.exists(records)) {
                args.addAll(List.of("--swimlane", records.toString()));
            }
            assertThat(replay.run(args.toArray(String[]::new))).as(replay.out + "" + replay.err).isZero();
            JsonNode j = MAPPER.readTree(replay.out.toString());
            DepsGraph g = DepsJsonReader.read(deps);
            assertThat(j.path("edge_check").path("equal").asBoolean()).isTrue();
            assertThat(j.path("edge_check").path("recorded").asInt()).isEqualTo(g.edges().size());
            assertThat(j.path("completed").asBoolean()).isTrue();
            assertThat(j.path("traced_tasks").asInt()).isEqualTo(Files.exists(records) ? g.tasks().size() : 0);
        });
    }

    @Test
    void swimlaneRecordsOfAnotherRunAreWarnedAbout() throws IOException {
        Path deps = tmp.resolve("deps.json");
        Path records = tmp.resolve("chip_swimlane_records.json");
        assertThat(cli.run("run", "vector-example", "--timing-only", "--deps", deps.toString(), "--swimlane",
                records.toString())).isZero();
        CliHarness same = new CliHarness();
        assertThat(same.run("replay", deps.toString(), "--swimlane", records.toString())).isZero();
        assertThat(same.out.toString()).contains("  durations    5 of 5 tasks from " + records);
        assertThat(same.err.toString()).isEmpty();

        ObjectNode doc = (ObjectNode) MAPPER.readTree(records.toFile());
        for (JsonNode row : doc.get("aicore_tasks")) {
            ((ArrayNode) row).set(1, ((ArrayNode) row).get(1).asLong() + 1000);
        }
        Path other = tmp.resolve("other_swimlane_records.json");
        Files.writeString(other, doc.toString());
        CliHarness replay = new CliHarness();
        assertThat(replay.run("replay", deps.toString(), "--swimlane", other.toString())).isZero();
        assertThat(replay.out.toString()).contains("  durations    0 of 5 tasks from " + other);
        assertThat(replay.err.toString()).isEqualTo("ptosim replay: warning: no task of " + deps + " has a record in "
                + other + " (the records of another run?); every kernel block took --kernel-ns 1000 ns\n");
    }

    @Test
    void aRecordedGraphMissingAnEdgeTheRulesGiveIsReportedAndExitsOne() throws IOException {
        Path deps = tmp.resolve("deps.json");
        assertThat(cli.run("run", "vector-example", "--timing-only", "--deps", deps.toString())).isZero();
        ObjectNode doc = (ObjectNode) MAPPER.readTree(deps.toFile());
        ArrayNode edges = (ArrayNode) doc.get("edges");
        for (int i = 0; i < edges.size(); i++) {
            if (edges.get(i).path("succ").asText().equals("4294967296")) {
                edges.remove(i);
                break;
            }
        }
        Path edited = tmp.resolve("edited.deps.json");
        Files.writeString(edited, doc.toString());
        CliHarness replay = new CliHarness();
        assertThat(replay.run("replay", edited.toString())).isEqualTo(1);
        assertThat(replay.out.toString()).contains("  edges        5 recorded, 6 rebuilt (5 distinct pairs): 1"
                + " difference(s)").contains("edge (pred 0, succ 4294967296, creator");
        assertThat(replay.err.toString()).contains("the rebuilt program's edges differ from " + edited);
    }

    @Test
    void badTracesAreOneLineErrorsWithExitTwo() throws IOException {
        Path garbage = tmp.resolve("garbage.json");
        Files.writeString(garbage, "{\"tasks\":[{\"task_id\":0}],\"tensors\":[],\"edges\":[]}");
        assertThat(cli.run("replay", garbage.toString())).isEqualTo(2);
        assertThat(cli.err.toString()).isEqualTo("ptosim replay: " + garbage + ": tasks[0].task_id: expected an unsigned"
                + " 64-bit value as a decimal string, got 0\n");
        CliHarness other = new CliHarness();
        Path unknown = tmp.resolve("other.json");
        Files.writeString(unknown, "[1,2]");
        assertThat(other.run("replay", unknown.toString())).isEqualTo(2);
        assertThat(other.err.toString()).isEqualTo("ptosim replay: " + unknown + ": not a trace ptosim reads; expected"
                + " one of ptosim trace (.ptrace), deps.json, chip_swimlane_records.json, Perfetto trace-event JSON"
                + " (merged_swimlane.json, --perfetto), name_map_*.json, scope_stats.jsonl\n");
        CliHarness names = new CliHarness();
        Path nameMap = tmp.resolve("name_map.json");
        Files.writeString(nameMap, "{\"level\": 2, \"callable_id_to_name\": {\"0\": \"QK\"}}");
        assertThat(names.run("replay", nameMap.toString())).isEqualTo(2);
        assertThat(names.err.toString()).startsWith("ptosim replay: TRACE " + nameMap + " is name_map_*.json; replay takes"
                + " a ptosim trace, or a deps.json with the swimlane records given by --swimlane\n");
        CliHarness missing = new CliHarness();
        assertThat(missing.run("replay", tmp.resolve("none.ptrace").toString())).isEqualTo(2);
        assertThat(missing.err.toString()).contains("none.ptrace is not a readable file");
    }
}
