package io.ptosim.check;

import static io.ptosim.program.Args.args;
import static io.ptosim.runtime.DataType.FLOAT32;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ptosim.program.DependencyView;
import io.ptosim.program.Orchestration;
import io.ptosim.program.Program;
import io.ptosim.program.Tensor;
import io.ptosim.runtime.DepEdge;
import io.ptosim.runtime.DependencyReplay;
import io.ptosim.runtime.SubmitRecord;
import io.ptosim.runtime.TaskId;
import io.ptosim.traces.DepsJsonWriter;
import io.ptosim.traces.ProgramFile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The loop-carried buffer of a fused prefill (simpler issue #1306) under the reader-tracking what-if: each
 * band's writer updates {@code buf} in place (INOUT) and its reader reads it; the shipped runtime wires no
 * reader-to-next-writer edge, reader tracking wires them all and {@code check} is clean.
 */
class ReaderTrackingCheckTest {
    private static final int BANDS = 4;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Per band: {@code W_b} INOUT buf (with the band's input), then {@code R_b} reads buf into an output. */
    static Program fusedPrefill(boolean trackedTag) {
        Orchestration orch = new Orchestration("fused-prefill");
        Tensor buf = orch.external("buf", 0x10000, FLOAT32, 64);
        Tensor x = orch.external("x", 0x20000, FLOAT32, BANDS, 64);
        for (int b = 0; b < BANDS; b++) {
            orch.submitAiv(0, args().inout(buf).input(x.view(new int[] {1, 64}, new long[] {b, 0})));
            orch.submitAiv(1, (trackedTag ? args().trackedInput(buf) : args().input(buf)).output(FLOAT32, 64));
        }
        return orch.build();
    }

    private static HazardReport check(Program p, boolean trackReaders) {
        return HazardChecker.check(AccessGraph.of(new ProgramFile.Ptosim(p, p.name()), trackReaders), Integer.MAX_VALUE);
    }

    private static List<String> readerEdges(Program p, boolean trackReaders) {
        List<String> out = new ArrayList<>();
        for (DepEdge e : DependencyReplay.edgesOf(DependencyView.submitsOf(p), trackReaders)) {
            if (e.source() == DepEdge.Source.TENSORMAP_READER) {
                out.add(TaskId.display(e.pred()) + ">" + TaskId.display(e.succ()) + " arg " + e.arg());
            }
        }
        return out;
    }

    @Test
    void theShippedRulesLeaveEveryReaderUnorderedWithEveryLaterWriter() {
        HazardReport report = check(fusedPrefill(false), false);
        assertThat(report.hazards()).isEqualTo(6);
        assertThat(report.byKind()).containsEntry(HazardKind.WRITE_AFTER_READ, 6L);
        assertThat(report.shown()).allSatisfy(f -> assertThat(f.cause()).isEqualTo(Cause.UNTRACKED_WRITE_AFTER_READ));
        assertThat(readerEdges(fusedPrefill(false), false)).isEmpty();
    }

    @Test
    void trackReadersWiresEachReaderToTheNextWriterAndTheCheckIsClean() {
        assertThat(readerEdges(fusedPrefill(false), true)).containsExactly("t1>t2 arg 0", "t3>t4 arg 0",
                "t5>t6 arg 0");
        AccessGraph graph = AccessGraph.of(new ProgramFile.Ptosim(fusedPrefill(false), "p"), true);
        assertThat(graph.edges()).isEqualTo(7 + 3);
        assertThat(check(fusedPrefill(false), true).clean()).isTrue();
    }

    @Test
    void theTrackedInputTagAloneDoesTheSame() {
        assertThat(readerEdges(fusedPrefill(true), false)).containsExactly("t1>t2 arg 0", "t3>t4 arg 0",
                "t5>t6 arg 0");
        assertThat(check(fusedPrefill(true), false).clean()).isTrue();
    }

    @Test
    void aWriteAfterReadFromATrackedReaderThatStaysIsNotBlamedOnUntrackedReads() {
        Orchestration orch = new Orchestration("manual-dep-writer");
        Tensor buf = orch.external("buf", 0x10000, FLOAT32, 64);
        orch.submitAiv(1, args().trackedInput(buf).output(FLOAT32, 64));
        orch.submitAiv(0, args().inout(buf.manualDep(true)));
        HazardReport report = check(orch.build(), false);
        assertThat(report.hazards()).isEqualTo(1);
        assertThat(report.shown().get(0).cause()).isEqualTo(Cause.MANUAL_DEP);
        assertThat(report.shown().get(0).earlier().type().name()).isEqualTo("TRACKED_INPUT");
    }

    @Test
    void anOverwriteAfterTheWriterThatRetiredTheReaderIsBlamedOnOutputExisting() {
        Orchestration orch = new Orchestration("overwrite");
        Tensor buf = orch.external("buf", 0x10000, FLOAT32, 64);
        orch.submitAiv(1, args().trackedInput(buf).output(FLOAT32, 64));
        orch.submitAiv(0, args().inout(buf));
        orch.submitAiv(0, args().outputExisting(buf));
        HazardReport report = check(orch.build(), false);
        assertThat(report.shown()).extracting(f -> f.kind().label() + " " + f.cause().label() + " " + f.earlier().op()
                + ">" + f.later().op() + ": " + f.fix()).containsExactly(
                "write-after-read output-existing 0>2: add_dep(t0) on t2, or make t2's arg 0 INOUT",
                "write-after-write output-existing 1>2: add_dep(t1) on t2, or make t2's arg 0 INOUT");
    }

    @Test
    void depsJsonLabelsAReaderEdgeAsAWriteAfterReadTensormapEdge() throws Exception {
        List<SubmitRecord> submits = DependencyView.submitsOf(fusedPrefill(true));
        JsonNode doc = MAPPER.readTree(DepsJsonWriter.toJson(submits, DependencyReplay.edgesOf(submits)));
        List<JsonNode> war = new ArrayList<>();
        for (JsonNode e : doc.path("edges")) {
            if (e.has("hazard")) {
                war.add(e);
            }
        }
        assertThat(war).as("each next writer covers the reader's entry and removes it").hasSize(3);
        JsonNode first = war.get(0);
        assertThat(first.path("source").asText() + " " + first.path("hazard").asText() + " "
                + first.path("access_kind").asText() + " " + first.path("overlap").asText() + " "
                + first.path("flags")).isEqualTo("tensormap WAR READER covered [\"wait\"]");
        assertThat(doc.path("tasks").get(1).path("args").get(0).path("type").asText()).isEqualTo("TRACKED_INPUT");
    }
}
