package io.ptosim.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec §11 state, wiring, orchestrator and manual-scope scenarios on {@link L2Runtime}. */
class L2RuntimeTest {
    private static final TensorView X = TensorView.external(0x9000, DataType.FLOAT32, 64);
    private L2Runtime rt = new L2Runtime(RuntimeConfig.uniform(16, 4096, 64));

    private static SubmitRequest aic(List<SubmitRequest.Arg> args, List<SubmitRequest.Dep> deps) {
        return new SubmitRequest(new int[] {0, -1, -1}, args, deps, 1, false, false);
    }

    private static SubmitRequest dummy(SubmitRequest.Dep... deps) {
        return new SubmitRequest(new int[] {-1, -1, -1}, List.of(), List.of(deps), 1, false, false);
    }

    private long submit(SubmitRequest req) {
        SubmitOutcome o = rt.submit(req);
        assertThat(o).isInstanceOf(SubmitOutcome.Submitted.class);
        return ((SubmitOutcome.Submitted) o).taskId();
    }

    private static SubmitRequest.Dep dep(long id, DepKind kind) {
        return new SubmitRequest.Dep(id, kind);
    }

    private static SubmitRequest.Arg arg(TensorArgType type, TensorView v) {
        return new SubmitRequest.TensorArg(type, v);
    }

    @Test
    void scenario28And32ATaskIsReadyOnlyWhenEveryFaninIsReleased() {
        long p1 = submit(dummy());
        long p2 = submit(dummy());
        assertThat(rt.fanin(p1)).containsExactly(1, 1);
        assertThat(rt.ready().snapshot()).containsExactly(p1, p2);
        long c = submit(dummy(dep(p1, DepKind.WAIT_RETAIN), dep(p2, DepKind.WAIT_RETAIN)));
        assertThat(rt.fanin(c)).containsExactly(3, 1);
        rt.ready().remove(p1);
        rt.complete(p1);
        assertThat(rt.fanin(c)).containsExactly(3, 2);
        assertThat(rt.ready().snapshot()).doesNotContain(c);
        rt.ready().remove(p2);
        rt.complete(p2);
        assertThat(rt.fanin(c)).containsExactly(3, 3);
        assertThat(rt.ready().snapshot()).containsExactly(c);
        assertThat(rt.state(c)).isEqualTo(TaskState.PENDING);
    }

    @Test
    void scenario29ATaskCompletesAfterBlockNumTimesCoresSubtasks() {
        long t = submit(new SubmitRequest(new int[] {1, 2, 2}, List.of(), List.of(), 2, false, false));
        for (int i = 0; i < 5; i++) {
            rt.completeSubtask(t);
            assertThat(rt.state(t)).isEqualTo(TaskState.PENDING);
        }
        rt.completeSubtask(t);
        assertThat(rt.state(t)).isEqualTo(TaskState.COMPLETED);
    }

    @Test
    void scenario30And36ConsumptionNeedsEveryPinAndTheScopeAndTheWatermarkFollows() {
        rt.beginScope(ScopeMode.AUTO);
        long p = submit(dummy());
        long c = submit(dummy(dep(p, DepKind.WAIT_RETAIN)));
        assertThat(rt.fanout(p)).containsExactly(TaskTable.SCOPE_BIT + 1, 0);
        rt.ready().remove(p);
        rt.complete(p);
        rt.release(p);
        assertThat(rt.state(p)).isEqualTo(TaskState.COMPLETED);
        rt.endScope();
        assertThat(rt.fanout(p)).containsExactly(TaskTable.SCOPE_BIT + 1, TaskTable.SCOPE_BIT);
        assertThat(rt.state(p)).isEqualTo(TaskState.COMPLETED);
        assertThat(rt.ring(1).watermark()).isZero();
        rt.ready().remove(c);
        rt.complete(c);
        rt.release(c);
        assertThat(rt.state(p)).isEqualTo(TaskState.CONSUMED);
        assertThat(rt.state(c)).isEqualTo(TaskState.CONSUMED);
        assertThat(rt.ring(1).watermark()).isEqualTo(2);
    }

    @Test
    void scenario33And34PendingProducersListTheConsumerAndCompletionWalksTheList() {
        long p = submit(dummy());
        long c1 = submit(dummy(dep(p, DepKind.WAIT_RETAIN)));
        long c2 = submit(dummy(dep(p, DepKind.WAIT_RETAIN)));
        assertThat(rt.depPool(0).used()).isEqualTo(2);
        rt.ready().remove(p);
        rt.complete(p);
        assertThat(rt.ready().snapshot()).containsExactly(c2, c1);
        long late = submit(dummy(dep(p, DepKind.WAIT_RETAIN)));
        assertThat(rt.fanin(late)).containsExactly(2, 2);
        assertThat(rt.depPool(0).used()).isEqualTo(2);
    }

    @Test
    void scenario35WaitOnlyPinsAreReleasedAtWiringRetainPinsAtRelease() {
        long p = submit(dummy());
        rt.ready().remove(p);
        rt.complete(p);
        long waitOnly = submit(dummy(dep(p, DepKind.WAIT)));
        assertThat(rt.fanout(p)).containsExactly(TaskTable.SCOPE_BIT + 1, 1);
        long retain = submit(dummy(dep(p, DepKind.WAIT_RETAIN)));
        assertThat(rt.fanout(p)).containsExactly(TaskTable.SCOPE_BIT + 2, 1);
        rt.ready().remove(retain);
        rt.complete(retain);
        rt.release(retain);
        assertThat(rt.fanout(p)).containsExactly(TaskTable.SCOPE_BIT + 2, 2);
        assertThat(waitOnly).isNotEqualTo(retain);
    }

    @Test
    void scenario37And39DuplicateDepsBecomeOneEdgeWithTheUnionOfKinds() {
        long p = submit(dummy());
        long c = submit(dummy(dep(p, DepKind.WAIT_RETAIN), dep(p, DepKind.WAIT_RETAIN)));
        assertThat(rt.faninProducers(c)).containsExactly(p);
        assertThat(rt.fanout(p)).containsExactly(TaskTable.SCOPE_BIT + 1, 0);
        long mixed = submit(dummy(dep(p, DepKind.WAIT), dep(p, DepKind.WAIT_RETAIN)));
        assertThat(rt.faninProducers(mixed)).containsExactly(p);
        assertThat(rt.fanout(p)).containsExactly(TaskTable.SCOPE_BIT + 2, 0);
        rt.ready().remove(p);
        rt.complete(p);
        submit(dummy(dep(p, DepKind.WAIT)));
        assertThat(rt.fanout(p)).containsExactly(TaskTable.SCOPE_BIT + 3, 1);
    }

    @Test
    void scenario38FaninsBeyondTheInlineCapacitySpillIntoTheRingsPool() {
        rt = new L2Runtime(new RuntimeConfig(new int[] {128, 128, 128, 128}, new long[] {4096, 4096, 4096, 4096},
                new int[] {128, 128, 128, 128}, 65536, 4096, 64, 24));
        List<SubmitRequest.Dep> deps = new ArrayList<>();
        for (int i = 0; i < 65; i++) {
            deps.add(dep(submit(dummy()), DepKind.WAIT_RETAIN));
        }
        deps.add(deps.get(64));
        long c = submit(dummy(deps.toArray(SubmitRequest.Dep[]::new)));
        assertThat(rt.faninProducers(c)).hasSize(65);
        assertThat(rt.fanout(deps.get(64).taskId())).containsExactly(TaskTable.SCOPE_BIT + 1, 0);
    }

    @Test
    void scenario40AFullHeapWhoseHeadIsInAnOpenScopeIsFatalAtOnce() {
        rt.beginScope(ScopeMode.AUTO);
        submit(aic(List.of(new SubmitRequest.OutputArg(new OutputSpec(DataType.FLOAT32, new int[] {1024}, false))),
                List.of()));
        SubmitOutcome o = rt.submit(aic(List.of(new SubmitRequest.OutputArg(new OutputSpec(DataType.FLOAT32,
                new int[] {1}, false))), List.of()));
        assertThat(o).isInstanceOf(SubmitOutcome.Fatal.class);
        SubmitOutcome.Fatal f = (SubmitOutcome.Fatal) o;
        assertThat(f.code()).isEqualTo(ErrorCode.HEAP_RING_DEADLOCK);
        assertThat(f.message()).startsWith("FATAL: Task Allocator Deadlock - Heap Exhausted! ring=1")
                .endsWith("oldest task owned by an open scope on this ring");
        assertThat(rt.submit(dummy())).isSameAs(f);
        assertThat(rt.beginScope(ScopeMode.AUTO)).contains(f);
    }

    @Test
    void aFullWindowBehindAnEndedScopeBlocksUntilTheHeadRetires() {
        rt = new L2Runtime(RuntimeConfig.uniform(4, 4096, 64));
        rt.beginScope(ScopeMode.AUTO);
        long[] t = new long[3];
        for (int i = 0; i < 3; i++) {
            rt.endScope();
            rt.beginScope(ScopeMode.AUTO);
            t[i] = submit(dummy());
        }
        rt.endScope();
        rt.beginScope(ScopeMode.AUTO);
        SubmitOutcome blocked = rt.submit(dummy());
        assertThat(blocked).isInstanceOf(SubmitOutcome.Blocked.class);
        assertThat(((SubmitOutcome.Blocked) blocked).code()).isEqualTo(ErrorCode.FLOW_CONTROL_DEADLOCK);
        assertThat(((SubmitOutcome.Blocked) blocked).diagnosis()).isEqualTo(
                "FATAL: Task Allocator Deadlock - Task Ring Full! ring=1: 3 live tasks fill the window of 4");
        rt.ready().remove(t[0]);
        rt.complete(t[0]);
        rt.release(t[0]);
        assertThat(rt.ring(1).watermark()).isEqualTo(1);
        assertThat(rt.submit(dummy())).isInstanceOf(SubmitOutcome.Submitted.class);
    }

    @Test
    void aScopeHoldingWindowMinusOneTasksIsAScopeDeadlock() {
        rt = new L2Runtime(RuntimeConfig.uniform(4, 4096, 64));
        rt.beginScope(ScopeMode.AUTO);
        for (int i = 0; i < 3; i++) {
            submit(dummy());
        }
        SubmitOutcome o = rt.submit(dummy());
        assertThat(o).isInstanceOf(SubmitOutcome.Fatal.class);
        assertThat(((SubmitOutcome.Fatal) o).code()).isEqualTo(ErrorCode.SCOPE_DEADLOCK);
        assertThat(((SubmitOutcome.Fatal) o).message()).startsWith("FATAL: Scope Deadlock Detected! (ring 1)");
    }

    @Test
    void scenario46AutoInsideManualIsInvalidArgs() {
        rt.beginScope(ScopeMode.MANUAL);
        assertThat(rt.beginScope(ScopeMode.MANUAL)).isEmpty();
        assertThat(rt.beginScope(ScopeMode.AUTO)).hasValueSatisfying(f -> {
            assertThat(f.code()).isEqualTo(ErrorCode.INVALID_ARGS);
            assertThat(f.message()).isEqualTo("auto scope nested inside manual scope is not supported");
        });
    }

    @Test
    void scenario47ManualSubmitsSkipTheTensorMapButHonourExplicitDeps() {
        rt.beginScope(ScopeMode.MANUAL);
        long t1 = submit(aic(List.of(arg(TensorArgType.INOUT, X)), List.of()));
        long t2 = submit(aic(List.of(arg(TensorArgType.INPUT, X)), List.of()));
        assertThat(rt.fanin(t2)).containsExactly(1, 1);
        assertThat(rt.ready().snapshot()).contains(t2);
        assertThat(rt.tensorMap().used()).isZero();
        long t3 = submit(aic(List.of(arg(TensorArgType.INPUT, X)), List.of(dep(t1, DepKind.WAIT_RETAIN))));
        assertThat(rt.faninProducers(t3)).containsExactly(t1);
    }

    @Test
    void autoSubmitsDeriveCreatorAndTensorMapEdges() {
        long w = submit(aic(List.of(arg(TensorArgType.INOUT, X),
                new SubmitRequest.OutputArg(new OutputSpec(DataType.FLOAT16, new int[] {8}, false))), List.of()));
        SubmitOutcome.Submitted again = (SubmitOutcome.Submitted) rt.submit(aic(List.of(), List.of()));
        assertThat(again.outputs()).isEmpty();
        SubmitOutcome.Submitted first = (SubmitOutcome.Submitted) rt.submit(aic(List.of(
                new SubmitRequest.OutputArg(new OutputSpec(DataType.FLOAT16, new int[] {8}, false))), List.of()));
        TensorView out = first.outputs().get(0);
        assertThat(out.bufferSize()).isEqualTo(1024);
        assertThat(out.ownerTaskId()).isEqualTo(first.taskId());
        long r = submit(aic(List.of(arg(TensorArgType.INPUT, X), arg(TensorArgType.INPUT, out)), List.of()));
        assertThat(rt.faninProducers(r)).containsExactly(w, first.taskId());
    }

    @Test
    void scenario48AnExplicitDepOnARetiredTaskIsSkipped() {
        rt.beginScope(ScopeMode.AUTO);
        long p = submit(dummy());
        rt.endScope();
        rt.ready().remove(p);
        rt.complete(p);
        rt.release(p);
        assertThat(rt.ring(1).watermark()).isEqualTo(1);
        rt.beginScope(ScopeMode.AUTO);
        long c = submit(dummy(dep(p, DepKind.WAIT_RETAIN)));
        assertThat(rt.faninProducers(c)).isEmpty();
        assertThat(rt.fatal()).isEmpty();
    }

    @Test
    void allocTensorsCompletesAtOnceAndItsOutputsCarryTheCreatorEdge() {
        SubmitOutcome.Submitted a = (SubmitOutcome.Submitted) rt.allocTensors(List.of(
                new OutputSpec(DataType.INT8, new int[] {100}, false)));
        assertThat(rt.state(a.taskId())).isEqualTo(TaskState.COMPLETED);
        long c = submit(aic(List.of(arg(TensorArgType.INPUT, a.outputs().get(0))), List.of()));
        assertThat(rt.faninProducers(c)).containsExactly(a.taskId());
        assertThat(rt.fanin(c)).containsExactly(2, 2);
        assertThat(rt.allocTensors(List.of())).isInstanceOf(SubmitOutcome.Fatal.class);
    }

    @Test
    void completingTwiceIsRejected() {
        long p = submit(dummy());
        rt.complete(p);
        assertThatThrownBy(() -> rt.complete(p)).isInstanceOf(IllegalStateException.class)
                .hasMessage("task t0 is COMPLETED, expected PENDING");
    }

    private SubmitOutcome.Fatal fatalOf(SubmitOutcome o) {
        assertThat(o).isInstanceOf(SubmitOutcome.Fatal.class);
        return (SubmitOutcome.Fatal) o;
    }

    @Test
    void code04ADepPoolThatCannotHoldTheFanoutIsADeadlock() {
        rt = new L2Runtime(RuntimeConfig.uniform(16, 4096, 4));
        List<SubmitRequest.Dep> deps = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            deps.add(dep(submit(dummy()), DepKind.WAIT_RETAIN));
        }
        SubmitOutcome.Fatal f = fatalOf(rt.submit(dummy(deps.toArray(SubmitRequest.Dep[]::new))));
        assertThat(f.code()).isEqualTo(ErrorCode.DEP_POOL_OVERFLOW);
        assertThat(f.message()).startsWith("FATAL: Dependency Pool Deadlock Detected! ring=0: need 5 fanout nodes, 4 of 4"
                + " free").endsWith("oldest task owned by an open scope on this ring");
    }

    @Test
    void code07SyncStartWithMoreBlocksThanTheShapeAllows() {
        SubmitOutcome.Fatal f = fatalOf(rt.submit(new SubmitRequest(new int[] {0, -1, -1}, List.of(), List.of(), 25, true,
                false)));
        assertThat(f.code()).isEqualTo(ErrorCode.REQUIRE_SYNC_START_INVALID);
        assertThat(f.message()).endsWith("block_num 25 > 24 for a AIC task");
        L2Runtime aiv = new L2Runtime(RuntimeConfig.DEFAULT);
        assertThat(aiv.submit(new SubmitRequest(new int[] {-1, 0, -1}, List.of(), List.of(), 48, true, false)))
                .isInstanceOf(SubmitOutcome.Submitted.class);
    }

    @Test
    void code09ReportFatalLatchesTheMessageAndEverythingIsANoOpAfter() {
        SubmitOutcome.Fatal f = rt.reportFatal("boom " + 7);
        assertThat(f.code().code()).isEqualTo(9);
        assertThat(f.message()).isEqualTo("boom 7");
        assertThat(rt.submit(dummy())).isSameAs(f);
        assertThat(rt.allocTensors(List.of(new OutputSpec(DataType.INT8, new int[] {1}, false)))).isSameAs(f);
        assertThat(rt.endScope()).contains(f);
        assertThat(rt.reportFatal("second")).isSameAs(f);
        assertThat(rt.totalTasks()).isZero();
    }

    @Test
    void code03ScenarioRing3SharedByDeeperScopesFillsItsWindowStructurally() {
        rt = new L2Runtime(RuntimeConfig.uniform(4, 4096, 64));
        for (int depth = 1; depth <= 3; depth++) {
            rt.beginScope(ScopeMode.AUTO);
        }
        for (int i = 0; i < 3; i++) {
            submit(dummy());
        }
        rt.beginScope(ScopeMode.AUTO);
        SubmitOutcome.Fatal f = fatalOf(rt.submit(dummy()));
        assertThat(f.code()).isEqualTo(ErrorCode.FLOW_CONTROL_DEADLOCK);
        assertThat(f.message()).isEqualTo("FATAL: Task Allocator Deadlock - Task Ring Full! ring=3: 3 live tasks fill the"
                + " window of 4; oldest task owned by an open scope on this ring");
    }

    @Test
    void code11ATensorMapThatCannotHoldTheWritesIsADeadlock() {
        rt = new L2Runtime(RuntimeConfig.uniform(16, 4096, 64).withTensorMapPool(2));
        submit(aic(List.of(arg(TensorArgType.INOUT, X.view(new int[] {8}, new long[] {0}))), List.of()));
        submit(aic(List.of(arg(TensorArgType.INOUT, X.view(new int[] {8}, new long[] {8}))), List.of()));
        SubmitOutcome.Fatal f = fatalOf(rt.submit(aic(List.of(arg(TensorArgType.OUTPUT_EXISTING,
                X.view(new int[] {8}, new long[] {16}))), List.of())));
        assertThat(f.code()).isEqualTo(ErrorCode.TENSORMAP_OVERFLOW);
        assertThat(f.message()).startsWith("FATAL: TensorMap Entry Pool Deadlock Detected! need 1 entries, 0 free");
    }

    private static final String NESTED = "nested scope inside PTO2_SCOPE(PTO2ScopeMode::MANUAL) is not supported in v1;"
            + " both MANUAL->MANUAL and MANUAL->AUTO nesting are rejected";

    @Test
    void scenario44HybridGuardsAreInvalidArgsWithTheSpecText() {
        rt.beginScope(ScopeMode.MANUAL_HYBRID);
        assertThat(rt.beginScope(ScopeMode.MANUAL_HYBRID)).hasValueSatisfying(f -> {
            assertThat(f.code()).isEqualTo(ErrorCode.INVALID_ARGS);
            assertThat(f.message()).isEqualTo(NESTED);
        });
        L2Runtime auto = new L2Runtime(RuntimeConfig.uniform(16, 4096, 64));
        auto.beginScope(ScopeMode.MANUAL_HYBRID);
        assertThat(auto.beginScope(ScopeMode.AUTO)).hasValueSatisfying(f -> assertThat(f.message()).isEqualTo(NESTED));
        L2Runtime self = new L2Runtime(RuntimeConfig.uniform(16, 4096, 64));
        assertThat(self.addDependency(TaskId.INVALID, TaskId.INVALID)).hasValueSatisfying(f -> {
            assertThat(f.code()).isEqualTo(ErrorCode.INVALID_ARGS);
            assertThat(f.message()).isEqualTo("add_dependency does not allow self-dependency");
        });
        L2Runtime outside = new L2Runtime(RuntimeConfig.uniform(16, 4096, 64));
        assertThat(outside.addDependency(TaskId.of(0, 0), TaskId.of(0, 1))).hasValueSatisfying(f ->
                assertThat(f.message()).isEqualTo("add_dependency requires PTO2_SCOPE(PTO2ScopeMode::MANUAL)"));
    }

    @Test
    void hybridTasksWaitForTheScopeEndAndFollowAddedDependencies() {
        rt.beginScope(ScopeMode.MANUAL_HYBRID);
        long a = submit(dummy());
        long b = submit(dummy());
        assertThat(rt.addDependency(a, b)).isEmpty();
        assertThat(rt.addDependency(a, b)).isEmpty();
        assertThat(rt.ready().snapshot()).isEmpty();
        assertThat(rt.fanin(b)).containsExactly(2, 0);
        rt.endScope();
        assertThat(rt.ready().snapshot()).containsExactly(a);
        assertThat(rt.faninProducers(b)).containsExactly(a);
        rt.ready().remove(a);
        rt.complete(a);
        assertThat(rt.ready().snapshot()).containsExactly(b);
        rt.ready().remove(b);
        rt.complete(b);
        rt.release(b);
        rt.release(a);
        assertThat(rt.state(a)).isEqualTo(TaskState.CONSUMED);
        assertThat(rt.ring(1).watermark()).isEqualTo(2);
    }

    @Test
    void hybridManualLocalArgsSkipTrackingAndBoundaryArgsFollowAuto() {
        long outer = submit(aic(List.of(arg(TensorArgType.INOUT, X)), List.of()));
        rt.beginScope(ScopeMode.MANUAL_HYBRID);
        SubmitOutcome.Submitted w = (SubmitOutcome.Submitted) rt.submit(aic(List.of(
                new SubmitRequest.OutputArg(new OutputSpec(DataType.FLOAT32, new int[] {16}, false))), List.of()));
        TensorView local = w.outputs().get(0);
        long r = submit(aic(List.of(arg(TensorArgType.INPUT, local), arg(TensorArgType.INPUT, X)), List.of()));
        assertThat(rt.faninProducers(r)).containsExactly(outer);
        long writer = submit(aic(List.of(arg(TensorArgType.INOUT, local), arg(TensorArgType.OUTPUT_EXISTING, X)),
                List.of()));
        rt.endScope();
        assertThat(rt.faninProducers(writer)).isEmpty();
        long reader = submit(aic(List.of(arg(TensorArgType.INPUT, X)), List.of()));
        assertThat(rt.faninProducers(reader)).containsExactly(writer, outer);
    }

    @Test
    void aHybridScopeOnARingItSharesWithItsParentTreatsOnlyItsOwnTasksAsSameScope() {
        rt = new L2Runtime(RuntimeConfig.uniform(64, 4096, 64));
        for (int i = 0; i < 4; i++) {
            rt.beginScope(ScopeMode.AUTO);
        }
        long outer = submit(dummy());
        rt.beginScope(ScopeMode.MANUAL_HYBRID);
        long alloc = ((SubmitOutcome.Submitted) rt.allocTensors(
                List.of(new OutputSpec(DataType.FLOAT32, new int[] {16}, false)))).taskId();
        long inner = submit(dummy(dep(outer, DepKind.WAIT_RETAIN), dep(alloc, DepKind.WAIT_RETAIN)));
        assertThat(List.of(TaskId.ring(outer), TaskId.ring(alloc), TaskId.ring(inner))).containsOnly(3);
        assertThat(rt.faninProducers(inner)).containsExactly(outer);
        assertThat(rt.addDependency(alloc, inner)).isEmpty();
        assertThat(rt.endScope()).isEmpty();
        assertThat(rt.edgesLinkedAtScopeEnd()).containsExactly(alloc, inner);
        assertThat(rt.faninProducers(inner)).containsExactly(outer, alloc);

        rt.beginScope(ScopeMode.MANUAL_HYBRID);
        long next = submit(dummy());
        assertThat(rt.addDependency(inner, next)).hasValueSatisfying(f -> assertThat(f.message())
                .isEqualTo("add_dependency: r3t2 and r3t3 must both belong to the current manual scope"));
    }

    @Test
    void scenario45BothManualWritersStayVisibleToALaterAutoReader() {
        TensorView a = TensorView.external(0x1_0000, DataType.FLOAT32, 16);
        TensorView b = TensorView.external(0x2_0000, DataType.FLOAT32, 16);
        TensorView out = TensorView.external(0x3_0000, DataType.FLOAT32, 16);
        rt.beginScope(ScopeMode.AUTO);
        rt.beginScope(ScopeMode.AUTO);
        rt.endScope();
        rt.endScope();
        rt.beginScope(ScopeMode.AUTO);
        assertThat(rt.beginScope(ScopeMode.MANUAL_HYBRID)).isEmpty();
        long t0 = submit(aic(List.of(arg(TensorArgType.INPUT, a)), List.of()));
        long w0 = submit(aic(List.of(arg(TensorArgType.OUTPUT_EXISTING, out)), List.of(dep(t0, DepKind.WAIT_RETAIN))));
        long t1 = submit(aic(List.of(arg(TensorArgType.INPUT, b)), List.of()));
        long w1 = submit(aic(List.of(arg(TensorArgType.OUTPUT_EXISTING, out)),
                List.of(dep(t1, DepKind.WAIT_RETAIN), dep(w0, DepKind.WAIT_RETAIN))));
        assertThat(rt.ready().snapshot()).isEmpty();
        rt.endScope();
        assertThat(rt.ready().snapshot()).containsExactly(t0, t1);
        long r = submit(aic(List.of(arg(TensorArgType.INPUT, out)), List.of()));
        assertThat(rt.faninProducers(r)).containsExactly(w1, w0);
    }

    @Test
    void scenario42TheScopeTaskListHoldsTheSumOfTheWindows() {
        assertThat(new L2Runtime(RuntimeConfig.uniform(4, 4096, 64)).scopeTasksCapacity()).isEqualTo(16);
        assertThat(new L2Runtime(RuntimeConfig.DEFAULT).scopeTasksCapacity()).isEqualTo(65536);
    }

    @Test
    void code06MoreThanSixteenHybridFaninsOverflow() {
        rt = new L2Runtime(RuntimeConfig.uniform(64, 4096, 64));
        rt.beginScope(ScopeMode.MANUAL_HYBRID);
        long consumer = submit(dummy());
        List<Long> producers = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            producers.add(submit(dummy()));
        }
        for (int i = 0; i < 16; i++) {
            assertThat(rt.addDependency(producers.get(i), consumer)).isEmpty();
        }
        assertThat(rt.addDependency(producers.get(16), consumer)).hasValueSatisfying(f -> {
            assertThat(f.code().code()).isEqualTo(6);
            assertThat(f.message()).isEqualTo("FATAL: Dependency overflow: r1t0 would have more than 16 fanins");
        });
    }

    @Test
    void scenario26AFullDepPoolBehindAnEndedScopeIsABlockForTheBackstopNotStructural() {
        rt = new L2Runtime(RuntimeConfig.uniform(64, 4096, 4));
        rt.beginScope(ScopeMode.AUTO);
        long head = submit(dummy());
        rt.endScope();
        rt.beginScope(ScopeMode.AUTO);
        List<SubmitRequest.Dep> deps = new ArrayList<>();
        deps.add(dep(head, DepKind.WAIT_RETAIN));
        for (int i = 0; i < 4; i++) {
            deps.add(dep(submit(dummy()), DepKind.WAIT_RETAIN));
        }
        SubmitOutcome o = rt.submit(dummy(deps.toArray(SubmitRequest.Dep[]::new)));
        assertThat(o).isInstanceOf(SubmitOutcome.Blocked.class);
        SubmitOutcome.Blocked b = (SubmitOutcome.Blocked) o;
        assertThat(b.code()).isEqualTo(ErrorCode.DEP_POOL_OVERFLOW);
        assertThat(b.diagnosis()).doesNotContain("oldest task owned by an open scope");
        assertThat(rt.fatal()).isEmpty();
    }

    @Test
    void scenario41AFullHeapBehindAnEndedDeeperScopeIsABlockForTheBackstop() {
        rt = new L2Runtime(RuntimeConfig.uniform(16, 4096, 64));
        for (int depth = 1; depth <= 3; depth++) {
            rt.beginScope(ScopeMode.AUTO);
        }
        rt.beginScope(ScopeMode.AUTO);
        submit(aic(List.of(new SubmitRequest.OutputArg(new OutputSpec(DataType.FLOAT32, new int[] {768}, false))),
                List.of()));
        rt.endScope();
        submit(aic(List.of(new SubmitRequest.OutputArg(new OutputSpec(DataType.FLOAT32, new int[] {256}, false))),
                List.of()));
        SubmitOutcome o = rt.submit(aic(List.of(new SubmitRequest.OutputArg(new OutputSpec(DataType.FLOAT32,
                new int[] {1}, false))), List.of()));
        assertThat(o).isInstanceOf(SubmitOutcome.Blocked.class);
        assertThat(((SubmitOutcome.Blocked) o).code()).isEqualTo(ErrorCode.HEAP_RING_DEADLOCK);
        assertThat(((SubmitOutcome.Blocked) o).diagnosis()).startsWith("FATAL: Task Allocator Deadlock - Heap Exhausted!"
                + " ring=3").doesNotContain("open scope");
    }

    @Test
    void scenario33ProducersCompletedPendingAndConsumedCountThreeOfFourAndOnlyThePendingOneListsTheConsumer() {
        long completed = submit(dummy());
        long pending = submit(dummy());
        rt.beginScope(ScopeMode.AUTO);
        long consumed = submit(dummy());
        rt.endScope();
        rt.ready().remove(completed);
        rt.complete(completed);
        rt.ready().remove(consumed);
        rt.complete(consumed);
        rt.release(consumed);
        assertThat(rt.state(consumed)).isEqualTo(TaskState.CONSUMED);
        assertThat(rt.holds(consumed)).as("consumed, still in its slot").isTrue();
        SubmitOutcome o = rt.submitWiredTo(completed, pending, consumed);
        long c = ((SubmitOutcome.Submitted) o).taskId();
        assertThat(rt.fanin(c)).containsExactly(4, 3);
        assertThat(rt.ready().snapshot()).doesNotContain(c);
        assertThat(rt.fanout(pending)[0] & ~0x8000_0000L).isEqualTo(1);
        rt.ready().remove(pending);
        rt.complete(pending);
        assertThat(rt.fanin(c)).as("the pending producer's list held the consumer").containsExactly(4, 4);
        assertThat(rt.ready().snapshot()).contains(c);
    }
}
