package io.ptosim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ptosim.platform.Platform;
import io.ptosim.trace.TraceEvent;
import io.ptosim.trace.TraceSinks;
import io.ptosim.traces.PerfettoBudget;
import io.ptosim.traces.PerfettoFile;
import io.ptosim.traces.PerfettoWriter;
import io.ptosim.traces.SwimlaneWriter;
import io.ptosim.workloads.Catalog;
import io.ptosim.workloads.ChipRun;
import io.ptosim.workloads.WorkloadInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** {@code ptosim run --perfetto}: real runs as trace-event JSON that nests per track and draws every edge. */
class PerfettoRunTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Runs {@code ptosim run ARGS --timing-only --json} and returns the summary. */
    private static JsonNode run(String... args) throws IOException {
        CliHarness cli = new CliHarness();
        List<String> all = new ArrayList<>(List.of("run"));
        all.addAll(List.of(args));
        all.addAll(List.of("--timing-only", "--json"));
        assertThat(cli.run(all.toArray(String[]::new))).as(cli.err.toString()).isZero();
        return MAPPER.readTree(cli.out.toString());
    }

    /** The events of the same run, in memory. */
    private static List<TraceEvent> events(WorkloadInstance w) {
        List<TraceEvent> events = new ArrayList<>();
        ChipRun.run(w, "a2a3", Map.of(), false, 0, c -> { }, events::add);
        return events;
    }

    @TestFactory
    Stream<DynamicTest> vectorExampleAndPagedAttentionNestPerTrackWithAnArrowPerEdge() {
        return Stream.of(new String[] {"vector-example", "default", "6"},
                new String[] {"paged-attention", "CaseSmall1", "17"})
                .map(c -> DynamicTest.dynamicTest(c[0] + " " + c[1], () -> {
                    Path file = tmp.resolve(c[0] + ".json");
                    JsonNode summary = run(c[0], "--case", c[1], "--perfetto", file.toString());
                    assertThat(summary.get("perfetto").asText()).isEqualTo(file.toString());
                    PerfettoFile f = PerfettoFile.read(file);
                    assertThat(f.misnested()).isEmpty();
                    List<JsonNode[]> arrows = f.flows("dependency");
                    long wired = events(Catalog.byName(c[0]).instance(c[1], "auto")).stream()
                            .filter(e -> e instanceof TraceEvent.EdgeWired).count();
                    assertThat(arrows).hasSize((int) summary.get("edges").asLong())
                            .hasSize((int) wired).hasSize(Integer.parseInt(c[2]));
                    for (JsonNode[] a : arrows) {
                        assertThat(f.bindsToSlice(a[0])).as("start of %s", a[0]).isTrue();
                        assertThat(f.bindsToSlice(a[1])).as("end of %s", a[1]).isTrue();
                    }
                    assertThat(f.slices().stream().filter(s -> s.cat().equals("kernel")))
                            .hasSize((int) summary.get("dispatches").asLong());
                    assertThat(f.slices().stream().filter(s -> s.cat().equals("orchestrator")))
                            .hasSize((int) summary.get("tasks").asLong());
                    assertThat(f.metadata().get("ptosim_sampled").asBoolean()).isFalse();
                }));
    }

    @Test
    void theSameRunGivesTheSameBytes() throws IOException {
        Path a = tmp.resolve("a.json");
        Path b = tmp.resolve("b.json");
        run("paged-attention", "--case", "CaseSmall1", "--perfetto", a.toString());
        run("paged-attention", "--case", "CaseSmall1", "--perfetto", b.toString());
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    }

    @Test
    void aForcedSmallLimitKeepsOneRunOfTasksInFourAndTheMetadataSaysSo() throws IOException {
        WorkloadInstance w = Catalog.byName("paged-attention").instance("CaseSmall1", "auto");
        Platform platform = ChipRun.platform(w, "a2a3", Map.of());
        Path file = tmp.resolve("sampled.json");
        try (PerfettoWriter writer = new PerfettoWriter(file, platform, w.kernels(), new PerfettoBudget(40, 13, 2))) {
            ChipRun.Result r = ChipRun.run(w, platform, false, 0, c -> { }, writer);
            writer.finish(r.summary().digest());
            assertThat(writer.contents()).endsWith("sampled (see its metadata)");
        }
        PerfettoFile f = PerfettoFile.read(file);
        JsonNode m = f.metadata();
        assertThat(m.get("ptosim_sampled").asBoolean()).isTrue();
        assertThat(m.get("kept_every").asLong()).as("13 tasks x 12 events over 40").isEqualTo(4);
        assertThat(m.get("reason").asText()).contains("kept one run of 2 consecutive tasks in every 4");
        assertThat(f.events().size() - f.events("M").size()).isLessThanOrEqualTo(40);
        assertThat(f.slices().stream().filter(s -> s.cat().equals("kernel")).map(PerfettoFile.Slice::name))
                .as("submits 0, 1, 8 and 9: the alloc_tensors, two QKs and an online update")
                .containsExactly("qk(r2t0)", "qk(r2t8)", "online_update(r2t7)");
        assertThat(f.flows("dependency")).as("the update's arrow from the alloc_tensors, both kept")
                .extracting(a -> a[0].get("pid").asInt() + " -> " + a[1].get("pid").asInt()).containsExactly("1 -> 4");
        assertThat(f.misnested()).isEmpty();
    }

    @Test
    void runHelpListsPerfettoAndSwimlaneOnOneLineEach() {
        CliHarness cli = new CliHarness();
        assertThat(cli.run("run", "--help")).isZero();
        List<String> lines = cli.out.toString().lines().toList();
        for (String option : List.of("--perfetto=FILE", "--swimlane=FILE")) {
            int at = lines.stream().filter(l -> l.trim().startsWith(option)).findFirst().map(lines::indexOf).orElse(-1);
            assertThat(at).as(option).isNotNegative();
            assertThat(lines.get(at)).contains("Write ");
            assertThat(lines.get(at + 1).trim()).as("the line after " + option).startsWith("-");
        }
    }

    @Test
    void aFileThatCannotBeWrittenIsRefusedBeforeTheRunAndNoOtherFileIsWritten() throws IOException {
        CliHarness cli = new CliHarness();
        Path swimlane = tmp.resolve("swimlane.json");
        assertThat(cli.run("run", "vector-example", "--timing-only", "--swimlane", swimlane.toString(), "--trace",
                tmp.resolve("run.ptrace").toString(), "--perfetto", tmp.resolve("no/such/dir/p.json").toString()))
                .isEqualTo(2);
        assertThat(cli.err.toString()).startsWith("ptosim run: --perfetto " + tmp.resolve("no/such/dir/p.json")
                + ": cannot write there: the directory " + tmp.resolve("no/such/dir") + " does not exist");
        assertThat(cli.out.toString()).isEmpty();
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aRunThatThrowsLeavesNoHalfWrittenFile() throws IOException {
        WorkloadInstance w = Catalog.byName("paged-attention").instance("CaseSmall1", "auto");
        Platform platform = ChipRun.platform(w, "a2a3", Map.of());
        List<TraceEvent> seen = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (PerfettoWriter p = new PerfettoWriter(tmp.resolve("p.json"), platform, w.kernels(),
                    PerfettoBudget.forTasks(13));
                    SwimlaneWriter s = new SwimlaneWriter(tmp.resolve("s.json"), platform, 4)) {
                ChipRun.run(w, platform, false, 0, c -> { }, TraceSinks.all(List.of(p, s, e -> {
                    seen.add(e);
                    if (e instanceof TraceEvent.Completed) {
                        throw new IllegalStateException("the sink failed");
                    }
                })));
            }
        }).hasMessageContaining("the sink failed");
        assertThat(seen).isNotEmpty();
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).isEmpty();
        }
    }
}
