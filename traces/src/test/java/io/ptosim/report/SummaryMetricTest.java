package io.ptosim.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ptosim.chip.Failure;
import io.ptosim.chip.HighWater;
import io.ptosim.chip.OrchStep;
import io.ptosim.chip.RunSummary;
import io.ptosim.explain.SizeSearch;
import io.ptosim.runtime.TaskId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The summary catalogue keeps the text and JSON summaries in step: every metric writes exactly the JSON
 * fields it declares and shows in the text, the JSON keeps its published key order, and a failed run's
 * summary shows every metric at once.
 */
class SummaryMetricTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The JSON summary's keys as `ptosim run --json` has published them (a new metric adds, never moves). */
    private static final List<String> PUBLISHED = List.of("completed", "error_code", "error", "failure", "tasks",
            "completed_tasks", "edges", "dispatches", "elapsed_us", "orch_us", "blocked_us", "aic_utilization",
            "aiv_utilization", "peak_live", "high_water", "size_search", "lost_ready", "reader_tracking", "work",
            "orch_steps", "golden", "events", "digest", "wall_ms");

    /** A failed run with something in every field: blocks ran, readers tracked, a search made, a golden check. */
    private static ReportedRun everything() {
        Map<OrchStep, Long> ns = new EnumMap<>(OrchStep.class);
        Map<OrchStep, Long> counts = new EnumMap<>(OrchStep.class);
        ns.put(OrchStep.SUBMIT, 3_000L);
        counts.put(OrchStep.SUBMIT, 3L);
        ns.put(OrchStep.EDGES, 1_000L);
        counts.put(OrchStep.EDGES, 2L);
        List<HighWater> marks = List.of(new HighWater("task_window", "task window", "tasks", "ring.taskWindow",
                List.of(1L, 2L, 3L, 0L), List.of(8L, 8L, 8L, 8L)),
                new HighWater("dep_pool", "dep pool", "nodes", "ring.depPool", List.of(0L, 0L, 4L, 0L),
                        List.of(16L, 16L, 4L, 16L)),
                new HighWater("tensormap", "tensormap", "entries", "tensorMap.pool", List.of(5L), List.of(64L)));
        Failure f = new Failure(4, "DEP_POOL_OVERFLOW", "dep-list or spill pool exhausted/deadlocked",
                "FATAL: deadlock", "dep pool", "ring.depPool", 2, TaskId.of(2, 0), "PENDING", 1, 2, 7,
                "scope_end of the depth-2 scope");
        RunSummary s = new RunSummary("a2a3", false, 4, "FATAL: deadlock", 12_345, 6_000,
                new TreeMap<>(Map.of("heap", 1_500L)), 6, 4, 2, 0.25, 0.125, List.of(1L, 2L, 3L, 0L), 3, 99,
                "00112233aabbccdd", ns, counts, new RunSummary.Totals(2e9, 3 * 1048576L, 4_000),
                new RunSummary.ReaderTracking(false, 2, 1), 2, marks, f);
        RunSummary then = new RunSummary("a2a3", true, 0, "", 1, 1, new TreeMap<>(), 6, 4, 6, 0, 0, List.of(),
                0, 9, "ff", ns, counts, new RunSummary.Totals(0, 0, 0), new RunSummary.ReaderTracking(false, 0, 0), 6,
                List.of(), null);
        SizeSearch.Result search = new SizeSearch.Result("ring.depPool", 4, 10, true, 1 << 20, true, 5, then);
        return new ReportedRun(s, List.of("out[3]: 1.0 != 2.0"), 250_000_000L, search);
    }

    private static List<String> fields(ObjectNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void everyMetricWritesExactlyTheJsonFieldsItDeclaresAndShowsText() {
        ReportedRun r = everything();
        for (SummaryMetric m : SummaryMetric.values()) {
            ObjectNode o = MAPPER.createObjectNode();
            m.put(o, r);
            assertThat(fields(o)).as(m.name()).isEqualTo(m.keys());
            assertThat(m.text(r)).as(m.name() + " in the text summary").isNotEmpty();
        }
    }

    @Test
    void theJsonIsEveryMetricInJsonOrderWithThePublishedKeysAndTheTextEveryMetricInTextOrder() {
        ReportedRun r = everything();
        ObjectNode o = MAPPER.createObjectNode();
        SummaryMetric.putAll(o, r);
        assertThat(fields(o)).isEqualTo(SummaryMetric.JSON_ORDER.stream().flatMap(m -> m.keys().stream()).toList())
                .isEqualTo(PUBLISHED);
        assertThat(SummaryMetric.lines(r))
                .isEqualTo(List.of(SummaryMetric.values()).stream().flatMap(m -> m.text(r).stream()).toList());
    }

    @Test
    void aFailedRunsTextSummaryReadsLineByLine() {
        List<String> text = SummaryMetric.lines(everything()).stream()
                .map(l -> String.format(Locale.ROOT, "%-12s %s", l.label(), l.value())).toList();
        assertThat(text).containsExactly(
                "result       FAILED: code 4 DEP_POOL_OVERFLOW (dep-list or spill pool exhausted/deadlocked)",
                "error        FATAL: deadlock",
                "blocked on   dep pool of ring 2 (4 nodes; ring.depPool)",
                "head task    r2t0 PENDING, held by the open scope at depth 1",
                "scope depth  2",
                "at op        7: scope_end of the depth-2 scope",
                "stopped at   12.3 us   (orchestrator 6.0 us)",
                "tasks        6 submitted, 2 completed   (edges 4, kernel blocks dispatched 2)",
                "orch split   submit 50 %, edges 17 %",
                "readers      2 TensorMap entries, 1 write-after-read edges (TRACKED_INPUT args)",
                "blocked      heap 1.5 us",
                "utilisation  AIC 25.0 %, AIV 12.5 %",
                "high water   task window  ring0 1, ring1 2, ring2 3, ring3 0 of 8 tasks each (ring.taskWindow)",
                "             dep pool     ring0 0, ring1 0, ring2 4, ring3 0 of [16, 16, 4, 16] nodes (ring.depPool)",
                "             tensormap    5 of 64 entries (tensorMap.pool)",
                "suggest      --set ring.depPool=10 is the smallest that gets past this error; the run then completes"
                        + " (found by search: 5 timing-only rerun(s), doubling ring.depPool from 4 then bisecting)",
                "lost ready   3 task(s) lost to a full ready queue",
                "work         2.000 GFLOP, 3.0 MiB to and from HBM, 4.0 us of compute alone (all blocks)",
                "golden       1 mismatch(es): out[3]: 1.0 != 2.0",
                "digest       00112233aabbccdd",
                "simulated    0.250 s wall, 99 events");
    }

    @Test
    void lostReadyShowsInTheTextEvenWhenNoneWasLostAsItDoesInTheJson() {
        ReportedRun r = everything();
        ReportedRun none = new ReportedRun(new RunSummary("a2a3", true, 0, "", 1, 1, new TreeMap<>(), 1, 0, 1, 0, 0,
                List.of(), 0, 1, "ff", Map.of(), Map.of(), new RunSummary.Totals(0, 0, 0),
                new RunSummary.ReaderTracking(false, 0, 0), 1, List.of(), null), null, 0, null);
        assertThat(SummaryMetric.LOST_READY.text(none)).extracting(SummaryLine::value)
                .containsExactly("0 task(s) lost to a full ready queue");
        assertThat(SummaryMetric.LOST_READY.text(r)).extracting(SummaryLine::label).containsExactly("lost ready");
        // what means nothing for a completed run without a check or a search is not shown
        assertThat(SummaryMetric.lines(none)).extracting(SummaryLine::id).doesNotContain("golden", "suggest",
                "readers", "error");
    }
}
