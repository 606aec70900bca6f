package io.ptosim.chip;

import static io.ptosim.program.Args.args;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptosim.kernel.CoreType;
import io.ptosim.kernel.DurationModel;
import io.ptosim.kernel.Kernel;
import io.ptosim.kernel.KernelTable;
import io.ptosim.platform.Platform;
import io.ptosim.program.Args;
import io.ptosim.program.Orchestration;
import io.ptosim.program.Program;
import io.ptosim.program.Tensor;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.ScopeMode;
import io.ptosim.runtime.TaskId;
import io.ptosim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulated chip on small programs: blocking, deadlocks, stalls, SPMD, MIX, platforms, determinism. */
class ChipTest {
    private static final int AIC = 0;
    private static final int AIV = 1;
    private static final int AIV_B = 2;
    private static final int SLOW = 3;
    private static final int LONG_VEC = 4;
    private static final int MID_VEC = 5;
    private static final int LONG_CUBE = 6;
    private static final KernelTable KERNELS = KernelTable.of(
            new Kernel(AIC, "cube", CoreType.AIC, new DurationModel.Fixed(1_000)),
            new Kernel(AIV, "vec", CoreType.AIV, new DurationModel.Fixed(500)),
            new Kernel(AIV_B, "vec2", CoreType.AIV, new DurationModel.Fixed(700)),
            new Kernel(SLOW, "slow", CoreType.AIC, new DurationModel.Fixed(2_000_000_000L)),
            new Kernel(LONG_VEC, "long-vec", CoreType.AIV, new DurationModel.Fixed(100_000)),
            new Kernel(MID_VEC, "mid-vec", CoreType.AIV, new DurationModel.Fixed(50_000)),
            new Kernel(LONG_CUBE, "long-cube", CoreType.AIC, new DurationModel.Fixed(100_000)));

    private static RunSummary run(Program p, String platform, Map<String, String> settings) {
        return new Chip(Platform.load(platform, settings), p, KERNELS, Map.of(), false, 0).run();
    }

    /** {@code scopes} inner scopes of {@code perScope} independent AIC tasks, each writing its own output. */
    private static Program scopes(int scopes, int perScope) {
        Orchestration orch = new Orchestration("scopes");
        for (int s = 0; s < scopes; s++) {
            orch.scope(ScopeMode.AUTO, () -> {
                for (int t = 0; t < perScope; t++) {
                    orch.submitAic(AIC, args().output(DataType.FLOAT32, 256));
                }
            });
        }
        return orch.build();
    }

    @Test
    void aRingSmallEnoughToBlockMakesTheOrchestratorWaitAndTheRunComplete() {
        RunSummary roomy = run(scopes(40, 3), "a2a3", Map.of());
        RunSummary tight = run(scopes(40, 3), "a2a3", Map.of("ring.taskWindow", "4"));
        assertThat(roomy.completed()).isTrue();
        assertThat(roomy.blockedNs()).isEmpty();
        assertThat(tight.completed()).as(tight.error()).isTrue();
        assertThat(tight.tasks()).isEqualTo(120);
        assertThat(tight.blockedNs()).containsOnlyKeys("task window (ring 1)");
        assertThat(tight.blockedNs().get("task window (ring 1)")).isPositive();
        assertThat(tight.peakLive().get(1)).isEqualTo(3);
        assertThat(tight.orchNs()).isGreaterThan(roomy.orchNs());
    }

    @Test
    void aScopeHoldingAWholeWindowIsTheSpecsScopeDeadlockAtOnce() {
        RunSummary r = run(scopes(1, 4), "a2a3", Map.of("ring.taskWindow", "4"));
        assertThat(r.completed()).isFalse();
        assertThat(r.errorCode()).isEqualTo(1);
        assertThat(r.error()).startsWith("FATAL: Scope Deadlock Detected! (ring 1): the scope already holds 3 tasks");
    }

    @Test
    void aHeapThatOnlyVerySlowTasksCanFreeTripsTheBackstopAfter500Ms() {
        Orchestration orch = new Orchestration("slow");
        for (int s = 0; s < 3; s++) {
            orch.scope(ScopeMode.AUTO, () -> orch.submitAic(SLOW, args().output(DataType.FLOAT32, 1024)));
        }
        RunSummary r = run(orch.build(), "a2a3", Map.of("ring.heapBytes", "8192"));
        assertThat(r.completed()).isFalse();
        assertThat(r.errorCode()).isEqualTo(2);
        assertThat(r.error()).isEqualTo("FATAL: Task Allocator Deadlock - Heap Exhausted! ring=1: need 4096 bytes;"
                + " heap top 8192, tail 0, size 8192, used 8192, available 0; No reclaim progress for ~500 ms");
        assertThat(r.blockedNs().get("heap (ring 1)")).isBetween(500_000_000L, 501_000_000L);
    }

    @Test
    void aFailedRunSaysWhatWasBlockedWhereAndHowMuchItHeld() {
        Orchestration orch = new Orchestration("slow");
        for (int s = 0; s < 3; s++) {
            orch.scope(ScopeMode.AUTO, () -> orch.submitAic(SLOW, args().output(DataType.FLOAT32, 1024)));
        }
        List<TraceEvent> events = new ArrayList<>();
        Chip chip = new Chip(Platform.load("a2a3", Map.of("ring.heapBytes", "8192")), orch.build(), KERNELS, Map.of(),
                false, 0);
        chip.traceTo(events::add);
        RunSummary r = chip.run();
        Failure f = r.failure();
        assertThat(f.code()).isEqualTo(2);
        assertThat(f.name()).isEqualTo("HEAP_RING_DEADLOCK");
        assertThat(f.meaning()).isEqualTo("allocator blocked on heap");
        assertThat(f.message()).isEqualTo(r.error());
        assertThat(f.resource()).isEqualTo("heap");
        assertThat(f.setKey()).isEqualTo("ring.heapBytes");
        assertThat(f.ring()).isEqualTo(1);
        // the first scope's slow task holds the heap; its scope has ended, so only its 2 s kernel blocks it
        assertThat(f.headTask()).isEqualTo(TaskId.of(1, 0));
        assertThat(f.headState()).isEqualTo("PENDING");
        assertThat(f.headScopeDepth()).isEqualTo(-1);
        assertThat(f.scopeDepth()).isEqualTo(1);
        assertThat(f.opIndex()).isEqualTo(7);
        assertThat(f.op()).isEqualTo("submit of slow (1 arg(s), block_num 1)");
        assertThat(r.orchNs()).as("the orchestrator's window runs to where it stopped").isGreaterThan(500_000_000L);
        assertThat(r.completedTasks()).isZero();
        HighWater heap = r.highWater().get(1);
        assertThat(heap.key()).isEqualTo("heap");
        assertThat(heap.peaks()).containsExactly(0L, 8192L, 0L, 0L);
        assertThat(heap.sizes()).containsOnly(8192L);
        assertThat(r.highWater().get(0).peaks()).isEqualTo(r.peakLive()).containsExactly(0L, 2L, 0L, 0L);
        List<TraceEvent> marks = events.subList(events.size() - 13, events.size());
        assertThat(marks).allMatch(e -> e instanceof TraceEvent.HighWater);
        assertThat(marks.get(5)).isEqualTo(new TraceEvent.HighWater(marks.get(5).timePs(), 1, 8192, 8192, "heap"));
        assertThat(marks.get(12)).isEqualTo(new TraceEvent.HighWater(marks.get(12).timePs(), -1, 0, 65536, "tensormap"));
        assertThat(events.get(events.size() - 14)).isInstanceOf(TraceEvent.Stopped.class);
    }

    @Test
    void aCompletedRunHasNoFailure() {
        RunSummary r = run(scopes(2, 2), "a2a3", Map.of());
        assertThat(r.completed()).isTrue();
        assertThat(r.failure()).isNull();
        assertThat(r.completedTasks()).isEqualTo(r.tasks()).isEqualTo(4);
        assertThat(r.highWater()).extracting(HighWater::key).containsExactly("task_window", "heap", "dep_pool",
                "tensormap");
    }

    @Test
    void tasksLostToAFullReadyQueueStallTheSchedulersWithTheTimeoutDiagnosis() {
        RunSummary r = run(scopes(1, 6), "a2a3", Map.of("readyQueue.capacity", "1", "orch.submitNs", "0",
                "orch.perTensorArgNs", "0", "orch.perOutputNs", "0", "orch.scopeBeginNs", "0"));
        assertThat(r.completed()).isFalse();
        assertThat(r.errorCode()).isEqualTo(100);
        assertThat(r.lostReady()).isPositive();
        assertThat(r.error()).startsWith("SCHEDULER_TIMEOUT: no progress for 10000 ms, S4:dependency-deadlock (4)")
                .contains("task(s) lost to a full ready queue");
    }

    @Test
    void spmdBlocksRunAsSeparateDispatchesInWaves() {
        Orchestration orch = new Orchestration("spmd");
        Tensor out = orch.external("out", 0x10000, DataType.FLOAT32, 3008);
        orch.submitAiv(AIV, args().inout(out).blockNum(96));
        RunSummary r = run(orch.build(), "a2a3", Map.of());
        assertThat(r.completed()).isTrue();
        assertThat(r.dispatches()).isEqualTo(96);
        RunSummary one = run(orchOf(1), "a2a3", Map.of());
        assertThat(r.elapsedNs()).as("two waves over 48 AIV cores").isGreaterThan(one.elapsedNs() + 500);
    }

    private static Program orchOf(int blocks) {
        Orchestration orch = new Orchestration("spmd");
        Tensor out = orch.external("out", 0x10000, DataType.FLOAT32, 3008);
        orch.submitAiv(AIV, args().inout(out).blockNum(blocks));
        return orch.build();
    }

    @Test
    void aMixTaskTakesItsClusterCoresTogether() {
        Orchestration orch = new Orchestration("mix");
        for (int i = 0; i < 30; i++) {
            orch.submitMixed(AIC, AIV, AIV_B, args().output(DataType.FLOAT32, 16));
        }
        RunSummary r = run(orch.build(), "a2a3", Map.of());
        assertThat(r.completed()).isTrue();
        assertThat(r.dispatches()).isEqualTo(90);
        assertThat(r.aicUtilization()).isPositive();
    }

    @Test
    void theSameRunGivesTheSameDigestAndA5DiffersFromA2a3() {
        Program p = scopes(20, 5);
        RunSummary a = run(p, "a2a3", Map.of());
        RunSummary b = run(p, "a2a3", Map.of());
        RunSummary c = run(p, "a5", Map.of());
        assertThat(b.digest()).isEqualTo(a.digest());
        assertThat(b.events()).isEqualTo(a.events());
        assertThat(c.digest()).isNotEqualTo(a.digest());
        assertThat(c.completed()).isTrue();
    }

    @Test
    void aBlockingAccessInsideAHybridScopeSurfacesAsCode5() {
        Orchestration orch = new Orchestration("guard");
        Tensor x = orch.external("x", 0x1000, DataType.FLOAT32, 16);
        orch.scope(ScopeMode.MANUAL_HYBRID, () -> orch.getTensorData(x, 0));
        RunSummary r = run(orch.build(), "a2a3", Map.of());
        assertThat(r.errorCode()).isEqualTo(5);
        assertThat(r.error()).startsWith("blocking tensor data access is not supported inside");
    }

    @Test
    void aTensorWaitOutlivingFifteenSecondsIsCode8() {
        Orchestration orch = new Orchestration("wait");
        Tensor x = orch.external("x", 0x1000, DataType.FLOAT32, 16);
        orch.submitAic(SLOW, args().inout(x));
        orch.submitAic(SLOW, args().inout(x));
        orch.submitAic(SLOW, args().inout(x));
        orch.submitAic(SLOW, args().inout(x));
        orch.submitAic(SLOW, args().inout(x));
        orch.submitAic(SLOW, args().inout(x));
        orch.submitAic(SLOW, args().inout(x));
        orch.submitAic(SLOW, args().inout(x));
        orch.submitAic(SLOW, args().inout(x));
        orch.getTensorData(x, 3);
        RunSummary r = run(orch.build(), "a2a3", Map.of());
        assertThat(r.errorCode()).isEqualTo(8);
        assertThat(r.error()).startsWith("FATAL: Tensor wait timeout: Timeout (15000 ms): producer (ring=0, local=");
    }

    @Test
    void a5HasMoreClustersAndSchedulerThreadsThanA2a3() {
        Platform a2a3 = Platform.load("a2a3", Map.of());
        Platform a5 = Platform.load("a5", Map.of());
        assertThat(a2a3.clusters()).isEqualTo(24);
        assertThat(a5.clusters()).isEqualTo(36);
        assertThat(a2a3.schedulerThreads()).isEqualTo(3);
        assertThat(a5.schedulerThreads()).isEqualTo(4);
        assertThat(a5.integer("watermark.publishEvery")).isEqualTo(16);
        assertThat(a2a3.sysCntHz()).as("the system counter").isEqualTo(50_000_000L);
        assertThat(a5.sysCntHz()).isEqualTo(1_000_000_000L);
        assertThatThrownBy(() -> Platform.load("a5", Map.of("topology.sysCntHz", "0")).sysCntHz())
                .hasMessageContaining("topology.sysCntHz");
        RunSummary onA2a3 = run(orchOf(72), "a2a3", Map.of());
        RunSummary onA5 = run(orchOf(72), "a5", Map.of());
        assertThat(onA2a3.dispatches()).isEqualTo(72);
        assertThat(onA5.dispatches()).isEqualTo(72);
        assertThat(onA5.elapsedNs()).as("72 AIV blocks: one wave on a5's 72 AIV cores, two on a2a3's 48")
                .isLessThan(onA2a3.elapsedNs() - 400);
    }

    @Test
    void aBusyCoresPendingSlotStartsTheNextBlockWithoutWaitingForTheFinToBeSeen() {
        Orchestration orch = new Orchestration("preload");
        orch.submitAic(AIC, args().output(DataType.FLOAT32, 16));
        orch.submitAic(AIC, args().output(DataType.FLOAT32, 16));
        Map<String, String> oneCore = Map.of("topology.clusters", "1", "topology.schedulerThreads", "1",
                "core.finVisibleNs", "100000");
        RunSummary r = run(orch.build(), "a2a3", oneCore);
        assertThat(r.completed()).isTrue();
        assertThat(r.dispatches()).isEqualTo(2);
        assertThat(r.elapsedNs()).as("the second block was preloaded: one FIN latency, not two")
                .isBetween(100_000L, 150_000L);
    }

    /** One long AIV task, then a 48-block sync-start AIV task, then 47 independent 50 µs AIV tasks. */
    private static Program syncStartBehindALongTask() {
        Orchestration orch = new Orchestration("sync-start");
        orch.submitAiv(LONG_VEC, args().output(DataType.FLOAT32, 16));
        orch.submitAiv(AIV, args().output(DataType.FLOAT32, 16).blockNum(48).requireSyncStart());
        for (int i = 0; i < 47; i++) {
            orch.submitAiv(MID_VEC, args().output(DataType.FLOAT32, 16));
        }
        return orch.build();
    }

    @Test
    void aSyncStartTaskDrainsTheCoresAndStartsAllItsBlocksTogether() {
        RunSummary r = run(syncStartBehindALongTask(), "a2a3", Map.of());
        assertThat(r.completed()).as(r.error()).isTrue();
        assertThat(r.dispatches()).isEqualTo(1 + 48 + 47);
        assertThat(r.elapsedNs()).as("the 47 later tasks wait for the drain: long task, then all 48 blocks, then them")
                .isGreaterThan(150_000L);
        Orchestration plain = new Orchestration("no-sync");
        plain.submitAiv(LONG_VEC, args().output(DataType.FLOAT32, 16));
        plain.submitAiv(AIV, args().output(DataType.FLOAT32, 16).blockNum(48));
        for (int i = 0; i < 47; i++) {
            plain.submitAiv(MID_VEC, args().output(DataType.FLOAT32, 16));
        }
        RunSummary without = run(plain.build(), "a2a3", Map.of());
        assertThat(without.elapsedNs()).as("without sync start the blocks and the others fill idle cores at once")
                .isLessThan(130_000L);
    }

    /** One long AIC task, then a 24-block MIX (AIC + AIV0) task, then 23 independent 50 µs AIV tasks. */
    private static Program mixBehindALongCube(boolean syncStart) {
        Orchestration orch = new Orchestration("mix-sync-start");
        orch.submitAic(LONG_CUBE, args().output(DataType.FLOAT32, 16));
        Args mix = args().output(DataType.FLOAT32, 16).blockNum(24);
        orch.submitMixed(AIC, AIV, -1, syncStart ? mix.requireSyncStart() : mix);
        for (int i = 0; i < 23; i++) {
            orch.submitAiv(MID_VEC, args().output(DataType.FLOAT32, 16));
        }
        return orch.build();
    }

    @Test
    void aMixSyncStartTaskWaitsForWholeClustersAndHoldsTheCoresItUses() {
        RunSummary r = run(mixBehindALongCube(true), "a2a3", Map.of());
        assertThat(r.completed()).as(r.error()).isTrue();
        assertThat(r.dispatches()).isEqualTo(1 + 24 * 2 + 23);
        assertThat(r.elapsedNs()).as("all 24 clusters only after the long cube ends (~104 us) and 48 serial"
                + " dispatches; the AIV tasks wait for the drain, then run 50 us beside the MIX blocks")
                .isBetween(160_000L, 175_000L);
        RunSummary without = run(mixBehindALongCube(false), "a2a3", Map.of());
        assertThat(without.completed()).isTrue();
        assertThat(without.elapsedNs()).as("without sync start 23 blocks and the AIV tasks start at once")
                .isBetween(100_000L, 115_000L);
    }
}
