package io.ptosim.traces;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Perfetto timeline of a hand-made event stream: tracks, slices, arrows, counters, sampling, the limit. */
class PerfettoWriterTest {
    @TempDir
    Path tmp;

    private Path write(String name, PerfettoBudget budget) {
        Path file = tmp.resolve(name);
        try (PerfettoWriter w = new PerfettoWriter(file, SmallRun.platform("a2a3"), null, budget)) {
            SmallRun.EVENTS.forEach(w::accept);
            w.finish("00ff");
        }
        return file;
    }

    private PerfettoFile whole() throws IOException {
        return PerfettoFile.read(write("whole.json", PerfettoBudget.forTasks(3)));
    }

    @Test
    void everyEventBecomesASliceACounterSampleOrAnArrowOnItsTrack() throws IOException {
        PerfettoFile f = whole();
        assertThat(f.slices()).extracting(s -> s.pid() + "/" + s.tid() + " " + s.name() + " " + s.startNs() + "-"
                + s.endNs()).containsExactly(
                        "1/4000 alloc(r1t0) 0-880",
                        "1/4000 submit(r2t0) 1000-1400",
                        "1/4000 submit(r2t1) 1400-1800",
                        "4/10020 func_0(r2t0) 1920-3000",
                        "2/30000 dispatch(1) 1500-1620",
                        "2/30000 complete(1) 3600-3750",
                        "2/30000 dispatch(2) 3800-4040",
                        "2/30000 release(1) 4040-4100",
                        "4/10000 func_1(r2t1) 4220-5000",
                        "4/10000 func_1(r2t1) 5000-5780",
                        "2/30000 complete(1) 6350-6500",
                        "2/30000 release(1) 6540-6600");
        assertThat(f.events("C")).extracting(c -> c.get("name").asText() + " " + c.get("args") + " @" + c.get("ts"))
                .containsExactly(
                        "ring_live {\"ring1\":1} @0.88",
                        "ring_live {\"ring2\":1} @1.4",
                        "ring_live {\"ring2\":2} @1.8",
                        "ready_queue {\"AIV\":1} @1.5",
                        "ready_queue {\"AIV\":0} @1.62",
                        "ready_queue {\"AIC\":1} @3.8",
                        "ready_queue {\"AIC\":0} @4.04",
                        "ring_live {\"ring2\":1} @4.1",
                        "ring_live {\"ring2\":0} @6.6");
        assertThat(f.misnested()).as("a pre-loaded block starts as the previous one ends").isEmpty();
        assertThat(f.metadata().get("events").asLong()).isEqualTo(f.events().size() - f.events("M").size())
                .isEqualTo(25);
        assertThat(f.metadata().get("ptosim_sampled").asBoolean()).isFalse();
    }

    @Test
    void anArrowRunsFromEachProducersFirstSliceToItsConsumersFirstSlice() throws IOException {
        PerfettoFile f = whole();
        List<JsonNode[]> arrows = f.flows("dependency");
        assertThat(arrows).extracting(a -> a[0].get("pid") + "/" + a[0].get("tid") + "@" + a[0].get("ts") + " -> "
                + a[1].get("pid") + "/" + a[1].get("tid") + "@" + a[1].get("ts")).containsExactly(
                        "1/4000@0 -> 4/10020@1.92",
                        "4/10020@1.92 -> 4/10000@4.22");
        for (JsonNode[] a : arrows) {
            assertThat(f.bindsToSlice(a[0])).isTrue();
            assertThat(f.bindsToSlice(a[1])).isTrue();
        }
        assertThat(f.metadata().get("dependency_arrows").asLong()).isEqualTo(2);
    }

    @Test
    void coreTracksAreNamedAndSortedSoEachClusterSitsTogether() throws IOException {
        PerfettoFile f = whole();
        assertThat(f.threadName(4, 10000)).isEqualTo("AIC_0");
        assertThat(f.threadName(4, 10030)).isEqualTo("AIV_3");
        assertThat(f.threadName(2, 30010)).isEqualTo("Sched_1");
        assertThat(f.threadName(1, 4000)).isEqualTo("Orch_0");
        assertThat(f.events("M").stream().filter(e -> e.get("name").asText().equals("thread_sort_index")
                && e.get("pid").asInt() == 4).map(e -> e.get("tid").asInt() + ":" + e.get("args").get("sort_index")))
                .containsExactly("10000:0", "10010:3", "10020:1", "10030:2", "10040:4", "10050:5");
    }

    @Test
    void theSameEventsGiveTheSameBytes() throws IOException {
        assertThat(Files.readAllBytes(write("a.json", PerfettoBudget.forTasks(3))))
                .isEqualTo(Files.readAllBytes(write("b.json", PerfettoBudget.forTasks(3))));
    }

    @Test
    void aRunExpectedOverTheLimitKeepsEveryNthTaskAndSaysSo() throws IOException {
        PerfettoBudget budget = new PerfettoBudget(10, 3, 1);
        assertThat(budget.keptEvery()).as("3 tasks x 12 events over 10").isEqualTo(4);
        PerfettoFile f = PerfettoFile.read(write("sampled.json", budget));
        assertThat(f.slices()).extracting(PerfettoFile.Slice::name).as("task 0 and scheduler records 0 and 4")
                .containsExactly("alloc(r1t0)", "dispatch(1)", "complete(1)");
        JsonNode m = f.metadata();
        assertThat(m.get("ptosim_sampled").asBoolean()).isTrue();
        assertThat(m.get("kept_every").asLong()).isEqualTo(4);
        assertThat(m.get("dropped_events").asLong()).isZero();
        assertThat(m.get("reason").asText()).contains("kept one run of 1 consecutive tasks in every 4");
        assertThat(f.misnested()).isEmpty();
    }

    @Test
    void tasksAreKeptInRunsSoTheArrowsBetweenNeighboursSurvive() {
        PerfettoBudget budget = PerfettoBudget.forTasks(200_000);
        assertThat(budget.keptEvery()).as("2.4 M expected events over 1 M").isEqualTo(3);
        assertThat(budget.keepsTask(0)).isTrue();
        assertThat(budget.keepsTask(255)).isTrue();
        assertThat(budget.keepsTask(256)).isFalse();
        assertThat(budget.keepsTask(767)).isFalse();
        assertThat(budget.keepsTask(768)).isTrue();
        assertThat(PerfettoBudget.forTasks(83_333).keptEvery()).as("999,996 events fit").isEqualTo(1);
    }

    @Test
    void aRunThatStillReachesTheLimitLeavesOutTheRestAndSaysWhere() throws IOException {
        PerfettoFile f = PerfettoFile.read(write("capped.json", new PerfettoBudget(20, 0, 1)));
        assertThat(f.events().size() - f.events("M").size()).isEqualTo(20);
        JsonNode m = f.metadata();
        assertThat(m.get("ptosim_sampled").asBoolean()).isTrue();
        assertThat(m.get("kept_every").asLong()).isEqualTo(1);
        assertThat(m.get("dropped_events").asLong()).isEqualTo(5);
        assertThat(m.get("reason").asText()).isEqualTo("the limit of 20 events was reached at 5.6 us: 5 later"
                + " events left out");
    }

    @Test
    void timesAreExactDecimalMicroseconds() {
        assertThat(TraceEventJson.micros(1_234_500)).isEqualTo("1234.5");
        assertThat(TraceEventJson.micros(7)).isEqualTo("0.007");
        assertThat(TraceEventJson.micros(3_000)).isEqualTo("3");
        assertThat(TraceEventJson.micros(12_340)).isEqualTo("12.34");
    }

    @Test
    void anUnfinishedWriterLeavesNothingBehind() throws IOException {
        try (PerfettoWriter w = new PerfettoWriter(tmp.resolve("unfinished.json"), SmallRun.platform("a2a3"), null,
                PerfettoBudget.forTasks(3))) {
            SmallRun.EVENTS.forEach(w::accept);
        }
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void itsLayoutIsTheRuntimeConvertersForTheTracksItShares() throws IOException {
        PerfettoFile theirs = PerfettoFile.read(
                SharedVectors.sample("paged_attention-CaseSmall1/merged_swimlane.json"));
        PerfettoFile ours = whole();
        for (JsonNode e : theirs.events("M")) {
            if (e.get("name").asText().equals("thread_name")
                    && e.get("args").get("name").asText().matches("AI[CV]_\\d+")) {
                String name = e.get("args").get("name").asText();
                int core = Integer.parseInt(name.substring(4));
                assertThat(e.get("tid").asInt()).as(name).isEqualTo(10000 + 10 * core);
                assertThat(e.get("pid").asInt()).isIn(3, 4);
            }
        }
        assertThat(theirs.threadName(2, 30000)).isEqualTo(ours.threadName(2, 30000));
        assertThat(theirs.threadName(1, 4000)).isEqualTo(ours.threadName(1, 4000));
        assertThat(theirs.flows("dependency")).isNotEmpty().allSatisfy(a -> assertThat(a[1].get("bp").asText())
                .isEqualTo("e"));
    }
}
