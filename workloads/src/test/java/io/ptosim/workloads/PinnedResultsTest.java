package io.ptosim.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.chip.RunSummary;
import io.ptosim.node.NodeRunResult;
import io.ptosim.node.SchedulingPolicy;
import io.ptosim.node.WorkerMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Behaviour pinned before any rewrite of the data path (issue 15): for every built-in chip workload ×
 * case × variant on a2a3 and a5 (timing only; synthetic's 100k case only), and every node workload under
 * both policies, the tasks, edges, elapsed or makespan and digest are held in
 * {@code pinned-results.tsv}. A change that moves a row must say why in its commit and rewrite the
 * table: run this test with {@code -Dptosim.pin.write=<path of pinned-results.tsv>}.
 */
class PinnedResultsTest {
    private static final String TABLE = "pinned-results.tsv";

    /** Every row, computed now. */
    static List<String> rows() {
        List<String> rows = new ArrayList<>();
        for (String platform : List.of("a2a3", "a5")) {
            for (Workload w : Catalog.all()) {
                for (String c : w.cases()) {
                    if (w.name().equals("synthetic") && !c.equals("100k")) {
                        continue;
                    }
                    for (String v : w.variants()) {
                        if (!w.offers(c, v)) {
                            continue;
                        }
                        RunSummary s = ChipRun.run(w.instance(c, v), platform, Map.of(), false, 0).summary();
                        rows.add(String.join("\t", platform, w.name(), c, v, Long.toString(s.tasks()),
                                Long.toString(s.edges()), Long.toString(s.elapsedNs()), s.digest()));
                    }
                }
            }
        }
        for (NodeWorkload w : Catalog.nodes()) {
            for (SchedulingPolicy p : SchedulingPolicy.values()) {
                NodeRunResult n = NodeRun.run(w.instance(w.defaultChips()), NodeRun.Options.of(p, WorkerMode.THREAD))
                        .node();
                rows.add(String.join("\t", "a2a3", w.name(), w.defaultChips() + " chips",
                        p.name().toLowerCase(Locale.ROOT), Long.toString(n.tasks()), Long.toString(n.dispatches()),
                        Long.toString(n.makespanNs()), n.digest()));
            }
        }
        return rows;
    }

    @Test
    void everyRunGivesItsPinnedTasksEdgesElapsedAndDigest() throws IOException {
        List<String> now = rows();
        String write = System.getProperty("ptosim.pin.write");
        if (write != null && !write.isBlank()) {
            Files.write(Path.of(write), header(now), StandardCharsets.UTF_8);
        }
        List<String> pinned = new ArrayList<>();
        try (InputStream in = PinnedResultsTest.class.getResourceAsStream(TABLE)) {
            assertThat(in).as(TABLE + " on the test class path").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    pinned.add(line);
                }
            }
        }
        assertThat(now).as("rows that moved (rewrite the table with -Dptosim.pin.write and say why in the commit)")
                .containsExactlyElementsOf(pinned);
    }

    private static List<String> header(List<String> rows) {
        List<String> out = new ArrayList<>();
        out.add("# platform\tworkload\tcase (node: chips)\tvariant (node: policy)\ttasks\tedges (node: dispatches)"
                + "\telapsed_ns (node: makespan)\tdigest");
        out.addAll(rows);
        return out;
    }
}
