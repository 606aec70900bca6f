package io.ptosim.explain;

import static io.ptosim.program.Args.args;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptosim.chip.Chip;
import io.ptosim.chip.OrchStep;
import io.ptosim.chip.RunSummary;
import io.ptosim.kernel.CoreType;
import io.ptosim.kernel.DurationModel;
import io.ptosim.kernel.Kernel;
import io.ptosim.kernel.KernelTable;
import io.ptosim.platform.Platform;
import io.ptosim.program.Orchestration;
import io.ptosim.program.Program;
import io.ptosim.program.Task;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.ScopeMode;
import io.ptosim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The critical path of small programs whose path is known, and the parts' arithmetic. */
class ExplainerTest {
    private static final int VEC = 0;
    private static final int CUBE = 1;
    private static final KernelTable KERNELS = KernelTable.of(
            new Kernel(VEC, "vec-10us", CoreType.AIV, new DurationModel.Fixed(10_000)),
            new Kernel(CUBE, "cube-100us", CoreType.AIC, new DurationModel.Fixed(100_000)));

    /** A run with its explainer and every event it emitted. */
    private record Explained(RunSummary summary, Explanation explanation, List<TraceEvent> events) {
    }

    private static Explained explain(Program p, Map<String, String> settings) {
        Chip chip = new Chip(Platform.load("a2a3", settings), p, KERNELS, Map.of(), false, 0);
        Explainer explainer = new Explainer();
        List<TraceEvent> events = new ArrayList<>();
        chip.traceTo(e -> {
            events.add(e);
            explainer.accept(e);
        });
        chip.observeOrchestrator(explainer);
        RunSummary s = chip.run();
        assertThat(s.completed()).as(s.error()).isTrue();
        return new Explained(s, explainer.explain(s.elapsedNs()), events);
    }

    /** Three AIV tasks, each reading the one before: a -> b -> c. */
    private static Program chain() {
        Orchestration orch = new Orchestration("chain");
        Task a = orch.submitAiv(VEC, args().output(DataType.FLOAT32, 256));
        Task b = orch.submitAiv(VEC, args().input(a.output(0)).output(DataType.FLOAT32, 256));
        orch.submitAiv(VEC, args().input(b.output(0)).output(DataType.FLOAT32, 256));
        return orch.build();
    }

    private static <T extends TraceEvent> List<T> all(List<TraceEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void aChainOfThreeTasksIsOrchestratorThenDispatchBusyCompletionAndADependencyPerLink() {
        Explained r = explain(chain(), Map.of());
        List<TraceEvent.Ready> ready = all(r.events(), TraceEvent.Ready.class);
        List<TraceEvent.Dispatched> blocks = all(r.events(), TraceEvent.Dispatched.class);
        List<TraceEvent.Completed> done = all(r.events(), TraceEvent.Completed.class);
        assertThat(blocks).hasSize(3);
        List<Step> expected = new ArrayList<>();
        expected.add(new Step.Orchestrator(0, ready.get(0).timePs(), 0, 0, 1,
                r.explanation().path().get(0) instanceof Step.Orchestrator o ? o.stepPs() : Map.of(),
                r.explanation().path().get(0) instanceof Step.Orchestrator o2 ? o2.otherPs() : -1));
        for (int i = 0; i < 3; i++) {
            TraceEvent.Dispatched d = blocks.get(i);
            if (i > 0) {
                expected.add(new Step.Dependency(done.get(i - 1).timePs(), ready.get(i).timePs(),
                        done.get(i - 1).taskId(), d.taskId()));
            }
            expected.add(new Step.Dispatch(ready.get(i).timePs(), d.startPs(), d.taskId(), 0, d.core(), -1));
            expected.add(new Step.CoreBusy(d.startPs(), d.endPs(), d.taskId(), 0, d.core()));
            expected.add(new Step.Completion(d.endPs(), done.get(i).timePs(), d.taskId()));
        }
        long end = r.summary().elapsedNs() * 1000;
        if (done.get(2).timePs() < end) {
            expected.add(new Step.Tail(done.get(2).timePs(), end));
        }
        assertThat(r.explanation().path()).containsExactlyElementsOf(expected);
        // a2a3: submit 200 + one tensor arg 16 + one output 43 ns; the first block on a cold core: iteration
        // 115 + dispatch 120 + dispatch-to-start 300 + cold start 3000 ns; FIN 600 ns visible, then poll/complete
        assertThat(r.summary().elapsedNs()).isEqualTo(38_889);
        assertThat(r.explanation().path().get(0).ps()).isEqualTo(259_000);
        assertThat(r.explanation().path().get(1).ps()).isEqualTo(3_535_000);
        assertThat(r.explanation().ps(Part.DEPENDENCY_WAIT)).isZero();
        assertThat(r.explanation().partsNs()).containsEntry(Part.ORCHESTRATOR, 259L)
                .containsEntry(Part.SCHEDULER, 38_889L - 259 - 31_050).containsEntry(Part.COMPUTE, 31_050L);
        // each block: 350 ns block overhead + the kernel's 10 us
        assertThat(r.explanation().ps(Part.COMPUTE)).isEqualTo(3 * 10_350_000L);
        assertThat(r.explanation().path().get(0)).isInstanceOfSatisfying(Step.Orchestrator.class,
                o -> assertThat(o.stepPs()).containsEntry(OrchStep.SUBMIT, 200_000L));
        assertThat(r.explanation().bound()).isEqualTo(Bound.EXECUTION);
        assertThat(r.explanation().lastTask()).isEqualTo(done.get(2).taskId());
        assertThat(r.explanation().partsPs().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(end);
    }

    @Test
    void oneLongCubeTaskIsExecutionBoundWithItsWholeBlockOnThePath() {
        Orchestration orch = new Orchestration("one");
        orch.submitAic(CUBE, args().output(DataType.FLOAT32, 256));
        Explained r = explain(orch.build(), Map.of());
        assertThat(r.explanation().bound()).isEqualTo(Bound.EXECUTION);
        assertThat(r.explanation().ps(Part.COMPUTE)).isEqualTo(100_350_000L);
        assertThat(r.explanation().ps(Part.MEMORY_WAIT)).isZero();
        assertThat(r.explanation().partsNs().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(r.summary().elapsedNs());
    }

    /** {@code scopes} scopes of {@code perScope} independent AIV tasks. */
    private static Program scopes(int scopes, int perScope) {
        Orchestration orch = new Orchestration("scopes");
        for (int s = 0; s < scopes; s++) {
            orch.scope(ScopeMode.AUTO, () -> {
                for (int t = 0; t < perScope; t++) {
                    orch.submitAiv(VEC, args().output(DataType.FLOAT32, 256));
                }
            });
        }
        return orch.build();
    }

    @Test
    void aTightTaskWindowIsFollowedToTheReleaseThatEndedItAndTheWindowIsACandidate() {
        Map<String, String> tight = Map.of("ring.taskWindow", "4");
        Explained r = explain(scopes(40, 3), tight);
        Explanation e = r.explanation();
        assertThat(e.ps(Part.RING_BLOCK)).isNotNegative()
                .isLessThanOrEqualTo(r.summary().blockedNs().get("task window (ring 1)") * 1000);
        assertThat(e.path()).anySatisfy(s -> assertThat(s).isInstanceOfSatisfying(Step.Blocked.class,
                b -> assertThat(b.resource()).isEqualTo("task window (ring 1)")));
        assertThat(e.partsPs().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(r.summary().elapsedNs() * 1000);
        // the wait is followed into the task whose release ended it: its completion-to-release time is the
        // scheduler's, and the path goes on through that task's own chain (its blocks, its producers)
        assertThat(e.path()).anySatisfy(s -> assertThat(s).isInstanceOf(Step.Release.class));
        int release = indexOf(e.path(), Step.Release.class);
        assertThat(e.path().get(release + 1)).isInstanceOf(Step.Blocked.class);
        assertThat(e.path().subList(0, release)).anySatisfy(s -> assertThat(s).isInstanceOf(Step.CoreBusy.class));
        assertThat(e.ps(Part.SCHEDULER)).isPositive();
        List<Suggestions.Candidate> candidates = Suggestions.candidates(e, Platform.load("a2a3", tight));
        assertThat(candidates).hasSizeLessThanOrEqualTo(Suggestions.MAX_CANDIDATES);
        assertThat(candidates).anySatisfy(c -> assertThat(c.key() + "=" + c.value()).isEqualTo("ring.taskWindow=8"));
    }

    @Test
    void suggestionsAreRankedByTheirWhatIfRunsAndRejectedSettingsLeftOut() {
        Explained r = explain(chain(), Map.of());
        List<Suggestions.Candidate> candidates = List.of(
                new Suggestions.Candidate("topology.schedulerThreads", "4", "more threads"),
                new Suggestions.Candidate("core.blockOverheadNs", "0", "no overhead"),
                new Suggestions.Candidate("topology.clusters", "0", "rejected"));
        List<Suggestion> measured = Suggestions.measure(candidates, extra -> new Chip(Platform.load("a2a3", extra),
                chain(), KERNELS, Map.of(), false, 0).run(), r.summary().elapsedNs());
        assertThat(measured).extracting(Suggestion::key).containsExactly("core.blockOverheadNs",
                "topology.schedulerThreads");
        // three blocks on the path, 350 ns less each
        assertThat(measured.get(0).elapsedNs()).isEqualTo(r.summary().elapsedNs() - 3 * 350);
        assertThat(measured.get(0).set()).isEqualTo("core.blockOverheadNs=0");
        assertThat(measured.get(0).deltaPercent()).isNegative();
    }

    @Test
    void partsInNanosecondsAddUpByGivingTheLeftOverToTheLargestRemainders() {
        Map<Part, Long> ps = new EnumMap<>(Part.class);
        for (Part p : Part.values()) {
            ps.put(p, 0L);
        }
        ps.put(Part.ORCHESTRATOR, 1_400L);
        ps.put(Part.SCHEDULER, 1_700L);
        ps.put(Part.COMPUTE, 900L);
        Explanation e = new Explanation(4_000, Bound.SCHEDULER, ps, List.of(), Map.of(), -1);
        assertThat(e.partsNs()).containsEntry(Part.ORCHESTRATOR, 1L).containsEntry(Part.SCHEDULER, 2L)
                .containsEntry(Part.COMPUTE, 1L).containsEntry(Part.RING_BLOCK, 0L);
    }

    @Test
    void anUnfinishedRunHasNothingToExplain() {
        assertThatThrownBy(() -> new Explainer().explain(10)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("never finished");
    }

    private static int indexOf(List<Step> path, Class<?> type) {
        for (int i = 0; i < path.size(); i++) {
            if (type.isInstance(path.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
