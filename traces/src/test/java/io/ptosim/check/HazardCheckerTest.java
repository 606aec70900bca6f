package io.ptosim.check;

import static io.ptosim.program.Args.args;
import static io.ptosim.runtime.DataType.FLOAT32;
import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.program.Orchestration;
import io.ptosim.program.Program;
import io.ptosim.program.Task;
import io.ptosim.program.Tensor;
import io.ptosim.runtime.ScopeMode;
import io.ptosim.runtime.TaskId;
import io.ptosim.traces.ProgramFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link HazardChecker} over small ptosim programs: what it finds, what it must not, and the fix it names. */
class HazardCheckerTest {
    private static final int[] ROWS_2_3 = {2, 8};
    private static final long[] AT_ROW_2 = {2, 0};

    static HazardReport check(Program p) {
        return HazardChecker.check(AccessGraph.of(new ProgramFile.Ptosim(p, p.name())), Integer.MAX_VALUE);
    }

    static List<String> lines(Program p) {
        return check(p).shown().stream().map(f -> f.describe(AccessGraph.Listing.OPS)).toList();
    }

    /** t0 writes b; in a nested scope r1t0 reads a, r1t1 writes rows 2-3 of a with no edge from r1t0. */
    private static Program writeAfterRead(boolean readerInout, boolean dep) {
        Orchestration orch = new Orchestration("war");
        Tensor a = orch.external("a", 0x1000, FLOAT32, 4, 8);
        Tensor b = orch.external("b", 0x2000, FLOAT32, 4, 8);
        orch.submitAiv(0, args().outputExisting(b));
        orch.scope(ScopeMode.AUTO, () -> {
            Task reader = orch.submitAiv(1, readerInout ? args().inout(a) : args().input(a).output(FLOAT32, 4));
            orch.submitAiv(2, dep ? args().inout(a.view(ROWS_2_3, AT_ROW_2)).dep(reader)
                    : args().inout(a.view(ROWS_2_3, AT_ROW_2)));
        });
        return orch.build();
    }

    @Test
    void aWriteAfterReadIsFoundWithTasksOpsRangeAndFix() {
        assertThat(lines(writeAfterRead(false, false))).containsExactly("write-after-read on a (0x1000) elements"
                + " [16, 31]: r1t0 (op 2) arg 0 INPUT, then r1t1 (op 3) arg 0 INOUT, no path between them; the runtime"
                + " never tracks write-after-read. Fix: add_dep(r1t0) on r1t1, or make r1t0's arg 0 INOUT.");
        HazardReport report = check(writeAfterRead(false, false));
        assertThat(report.hazards()).isEqualTo(1);
        assertThat(report.byKind()).containsEntry(HazardKind.WRITE_AFTER_READ, 1L)
                .containsEntry(HazardKind.WRITE_AFTER_WRITE, 0L);
        Finding f = report.shown().get(0);
        assertThat(f.cause()).isEqualTo(Cause.UNTRACKED_WRITE_AFTER_READ);
        assertThat(f.earlier().op()).isEqualTo(2);
        assertThat(f.later().op()).isEqualTo(3);
    }

    @Test
    void eitherFixTheCheckerSuggestsMakesTheProgramClean() {
        assertThat(check(writeAfterRead(true, false)).clean()).isTrue();
        assertThat(check(writeAfterRead(false, true)).clean()).isTrue();
    }

    /** r reads a and writes o1; m reads o1 and writes o2; w reads o2 (when linked) and writes a. */
    private static Program writeAfterReadThroughAThirdTask(boolean linked) {
        Orchestration orch = new Orchestration("chain");
        Tensor a = orch.external("a", 0x1000, FLOAT32, 64);
        Tensor other = orch.external("other", 0x2000, FLOAT32, 64);
        Task r = orch.submitAiv(0, args().input(a).output(FLOAT32, 64));
        Task m = orch.submitAiv(0, args().input(r.output(0)).output(FLOAT32, 64));
        orch.submitAiv(0, args().input(linked ? m.output(0) : other).inout(a));
        return orch.build();
    }

    @Test
    void aWriteAfterReadOrderedThroughAThirdTaskIsNotReported() {
        assertThat(check(writeAfterReadThroughAThirdTask(true)).clean()).isTrue();
        assertThat(lines(writeAfterReadThroughAThirdTask(false))).singleElement().asString()
                .startsWith("write-after-read on a (0x1000) elements [0, 63]: t0 (op 0) arg 0 INPUT, then t2 (op 2)"
                        + " arg 1 INOUT");
    }

    @Test
    void twoOutputExistingWritersAreAWriteAfterWriteTheRuntimeDoesNotOrder() {
        Orchestration orch = new Orchestration("waw");
        Tensor a = orch.external("a", 0x1000, FLOAT32, 4, 8);
        orch.submitAiv(0, args().outputExisting(a));
        orch.submitAiv(0, args().outputExisting(a.view(ROWS_2_3, AT_ROW_2)));
        assertThat(lines(orch.build())).containsExactly("write-after-write on a (0x1000) elements [16, 31]: t0 (op 0)"
                + " arg 0 OUTPUT_EXISTING, then t1 (op 1) arg 0 OUTPUT_EXISTING, no path between them; OUTPUT_EXISTING"
                + " looks nothing up, so the runtime does not order a write after earlier writes. Fix: add_dep(t0) on"
                + " t1, or make t1's arg 0 INOUT.");
        Orchestration fixed = new Orchestration("waw-fixed");
        Tensor b = fixed.external("a", 0x1000, FLOAT32, 4, 8);
        fixed.submitAiv(0, args().outputExisting(b));
        fixed.submitAiv(0, args().inout(b.view(ROWS_2_3, AT_ROW_2)));
        assertThat(check(fixed.build()).clean()).isTrue();
    }

    /** In a manual scope: one task writes a, the next reads it, with an explicit dep or without. */
    private static Program manualScope(boolean dep) {
        Orchestration orch = new Orchestration("manual");
        Tensor a = orch.external("a", 0x1000, FLOAT32, 16);
        orch.scope(ScopeMode.MANUAL, () -> {
            Task w = orch.submitAiv(0, args().inout(a));
            orch.submitAiv(0, dep ? args().input(a).dep(w) : args().input(a));
        });
        return orch.build();
    }

    @Test
    void aManualScopeReadWithoutAnExplicitDepIsFound() {
        assertThat(lines(manualScope(false))).containsExactly("read-after-write on a (0x1000) elements [0, 15]:"
                + " r1t0 (op 1) arg 0 INOUT, then r1t1 (op 2) arg 0 INPUT, no path between them; r1t1 is in a manual"
                + " scope, where only explicit deps order tasks. Fix: add_dep(r1t0) on r1t1.");
        assertThat(check(manualScope(true)).clean()).isTrue();
    }

    @Test
    void aManualScopeReaderOfAnotherTasksOutputNeedsAnExplicitDepToo() {
        Orchestration orch = new Orchestration("manual-output");
        orch.scope(ScopeMode.MANUAL, () -> {
            Task w = orch.submitAiv(0, args().output(FLOAT32, 8));
            orch.submitAiv(0, args().input(w.output(0)));
        });
        HazardReport report = check(orch.build());
        assertThat(report.shown()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(HazardKind.READ_AFTER_WRITE);
            assertThat(f.cause()).isEqualTo(Cause.MANUAL_SCOPE);
            assertThat(f.buffer().describe()).isEqualTo("output of r1t0 (0x20000000000)");
            assertThat(f.earlier().type().name()).isEqualTo("OUTPUT");
        });
    }

    @Test
    void aManualDepViewIsNeitherRegisteredNorLookedUp() {
        Orchestration orch = new Orchestration("manual-dep");
        Tensor a = orch.external("a", 0x1000, FLOAT32, 16);
        orch.submitAiv(0, args().inout(a.manualDep(true)));
        orch.submitAiv(0, args().input(a.view(new int[] {4}, new long[] {12})));
        assertThat(lines(orch.build())).containsExactly("read-after-write on a (0x1000) elements [12, 15]: t0 (op 0)"
                + " arg 0 INOUT, then t1 (op 1) arg 0 INPUT, no path between them; t0's arg 0 is manual_dep, which the"
                + " TensorMap never sees. Fix: add_dep(t0) on t1, or drop manual_dep from t0's arg 0.");
    }

    @Test
    void accessesFiledUnderALaterWriteAreStillReported() {
        Orchestration orch = new Orchestration("subsumed");
        Tensor a = orch.external("a", 0x1000, FLOAT32, 16);
        Task reader = orch.submitAiv(0, args().input(a.view(new int[] {4}, new long[] {0})));
        orch.submitAiv(0, args().inout(a).dep(reader));
        orch.submitAiv(0, args().outputExisting(a.view(new int[] {8}, new long[] {2})));
        orch.submitAiv(0, args().input(a));
        HazardReport report = check(orch.build());
        assertThat(report.shown()).extracting(f -> f.kind() + " " + f.earlier().taskId() + "->" + f.later().taskId()
                + " " + f.range().describe())
                .containsExactly("WRITE_AFTER_READ 0->2 elements [2, 3]", "WRITE_AFTER_WRITE 1->2 elements [2, 9]");
        assertThat(report.taskPairs()).isEqualTo(2);
    }

    @Test
    void tilesWrittenInAnyOrderAreCleanUnlessTheyOverlap() {
        Orchestration orch = new Orchestration("tiles");
        Tensor a = orch.external("a", 0x1000, FLOAT32, 64, 64);
        for (int t = 0; t < 64; t++) {
            orch.submitAiv(0, args().outputExisting(a.view(new int[] {8, 8}, new long[] {t / 8 * 8, t % 8 * 8})));
        }
        assertThat(check(orch.build()).clean()).isTrue();
        orch.submitAiv(0, args().outputExisting(a.view(new int[] {2, 2}, new long[] {7, 7})));
        assertThat(lines(orch.build())).hasSize(4).first().asString().startsWith("write-after-write on a (0x1000)"
                + " elements [455, 455]: t0 (op 0)");
    }

    /** In a manual scope, t0 writes x; 50 readers of x follow it through a chain of explicit deps, one link missing. */
    private static Program readChain(int missingLink) {
        Orchestration orch = new Orchestration("chain");
        Tensor x = orch.external("x", 0x1000, FLOAT32, 16);
        orch.scope(ScopeMode.MANUAL, () -> {
            Task previous = orch.submitAiv(0, args().outputExisting(x));
            for (int r = 1; r <= 50; r++) {
                previous = orch.submitAiv(0, r == missingLink ? args().input(x) : args().input(x).dep(previous));
            }
        });
        return orch.build();
    }

    @Test
    void readersAlongAChainFollowTheWriteUntilALinkIsMissing() {
        assertThat(check(readChain(-1)).clean()).isTrue();
        HazardReport broken = check(readChain(31));
        assertThat(broken.hazards()).isEqualTo(20);
        assertThat(broken.shown()).allSatisfy(f -> {
            assertThat(f.earlier().taskId()).isEqualTo(TaskId.of(1, 0));
            assertThat(f.kind()).isEqualTo(HazardKind.READ_AFTER_WRITE);
        });
        assertThat(broken.shown().get(0).later().taskId()).isEqualTo(TaskId.of(1, 31));
    }

    @Test
    void everyFindingIsCountedButOnlyTheFirstAreKept() {
        Orchestration orch = new Orchestration("readers");
        Tensor a = orch.external("a", 0x1000, FLOAT32, 16);
        for (int r = 0; r < 3; r++) {
            orch.submitAiv(0, args().input(a));
        }
        orch.submitAiv(0, args().outputExisting(a));
        HazardReport report = HazardChecker.check(AccessGraph.of(new ProgramFile.Ptosim(orch.build(), "x")), 1);
        assertThat(report.hazards()).isEqualTo(3);
        assertThat(report.taskPairs()).isEqualTo(3);
        assertThat(report.shown()).singleElement().extracting(f -> f.earlier().taskId()).isEqualTo(0L);
    }
}
