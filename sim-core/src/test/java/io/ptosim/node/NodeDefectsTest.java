package io.ptosim.node;

import static io.ptosim.node.NodeHarness.A;
import static io.ptosim.node.NodeHarness.B;
import static io.ptosim.node.NodeHarness.C;
import static io.ptosim.node.NodeHarness.in;
import static io.ptosim.node.NodeHarness.out;
import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.mailbox.MailboxState;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorArgType;
import org.junit.jupiter.api.Test;

/**
 * The seed's defects (spec §5, §9, §16): for each, the corrected behaviour, and the same scenario under
 * {@link Compat#V1} showing the seed's outcome, so the test would fail on the seed.
 */
class NodeDefectsTest {
    private static final long MS = 1_000_000;
    /** Submits take 100 µs; tasks 1 µs: a producer completes while the next submit is BUILDING. */
    private static final NodeConfig SLOW_SUBMIT = NodeConfig.DEFAULT.withTiming(new NodeTiming(100_000, 0, 2_000, 500,
            2_000, 1_000, 1_000, MS, 1_000, 250, 50_000, 50_000, 30 * MS));

    private static NodeProgram racing() {
        return NodeProgram.builder("building-race").submit(A, 0, out(0xB0)).submit(B, 0, in(0xB0)).build();
    }

    @Test
    void aProducerCompletingWhileItsConsumerIsBuildingIsCounted() {
        NodeHarness h = new NodeHarness(1, 0, 1000, SLOW_SUBMIT);
        long[] completedAt = new long[1];
        h.node.observe(new NodeObserver() {
            @Override
            public void finished(NodeTask task, long atNs) {
                if (task.id() == 0) {
                    completedAt[0] = atNs;
                }
            }
        });
        h.start(racing(), 10 * MS);
        assertThat(completedAt[0]).as("A completes inside B's submit window [100, 200) µs").isBetween(100_000L, 199_999L);
        assertThat(h.node.result().ok()).isTrue();
        assertThat(h.chip(0).names()).containsExactly("A", "B");
    }

    @Test
    void underV1TheReleaseIsLostAndTheStallIsDiagnosed() {
        NodeHarness h = new NodeHarness(1, 0, 1000, SLOW_SUBMIT.withCompat(Compat.V1));
        h.start(racing(), 10 * MS);
        NodeRunResult r = h.node.result();
        assertThat(h.node.finished()).isFalse();
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).contains("NODE_STALL").contains("task 1 (B, op 1, PENDING) has 0 of 1 producer release(s)")
                .contains("although all 1 producer(s) finished: a release was lost while it was BUILDING (the V1 race)");
        assertThat(h.chip(0).names()).containsExactly("A");
    }

    @Test
    void aStallWithAProducerStillRunningBlamesNoLostRelease() {
        NodeHarness h = new NodeHarness(2, 0, -1, SLOW_SUBMIT);
        h.start(NodeProgram.builder("stuck").submit(A, 0, out(0xB0)).submit(B, 1, out(0xB1))
                .submit(C, 1, in(0xB0), in(0xB1)).build(), 150_000);
        h.chip(0).complete();
        h.runUntil(10 * MS);
        assertThat(h.node.task(2).producerIds()).as("A had completed, B still runs").containsExactly(0, 1);
        assertThat(h.node.task(2).faninCount()).isEqualTo(1);
        assertThat(h.node.result().error()).contains("task 2 (C, op 2, PENDING) has 0 of 1 producer release(s)")
                .doesNotContain("lost");
    }

    @Test
    void aChildsTaskErrorReachesTheRunInProcessMode() {
        NodeHarness h = new NodeHarness(1, 0, 1000, NodeConfig.DEFAULT.withMode(WorkerMode.PROCESS));
        h.chip(0).failing.add("A");
        h.start(NodeProgram.builder("child-error").submit(A, 0, out(1)).submit(B, 0, in(1)).build(), 200 * MS);
        NodeRunResult r = h.node.result();
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).contains("member 0 failed on chip 0 (code 7): A boom");
        assertThat(h.chip(0).names()).as("the dependent never runs").containsExactly("A");
    }

    @Test
    void underV1TheChildsErrorIsIgnoredAndTheDependentRuns() {
        NodeHarness h = new NodeHarness(1, 0, 1000, NodeConfig.DEFAULT.withMode(WorkerMode.PROCESS)
                .withCompat(Compat.V1));
        h.chip(0).failing.add("A");
        h.start(NodeProgram.builder("child-error").submit(A, 0, out(1)).submit(B, 0, in(1)).build(), 200 * MS);
        assertThat(h.node.result().ok()).isTrue();
        assertThat(h.chip(0).names()).containsExactly("A", "B");
    }

    /** Under V1, which accepts a control after a submit of the same run (HEAD refuses it: NodeHeadErrorsTest). */
    @Test
    void aControlRequestWaitsForTheRunningTaskInsteadOfOverwritingItsFrame() {
        NodeHarness h = new NodeHarness(1, 0, -1, NodeConfig.DEFAULT.withMode(WorkerMode.PROCESS)
                .withCompat(Compat.V1));
        NodeProgram.Builder b = NodeProgram.builder("control-during-task").submit(A, 0, out(1));
        Ptr.Handle w = b.malloc(0, 4096);
        NodeProgram p = b.free(0, w).build();
        h.start(p, 100 * MS);
        assertThat(h.chip(0).names()).containsExactly("A");
        assertThat(h.node.mailboxState(0)).as("the task keeps its frame").isEqualTo(MailboxState.TASK_READY);
        assertThat(h.chip(0).allocations).as("malloc has not reached the child").isEmpty();
        h.chip(0).complete();
        h.runUntil(300 * MS);
        assertThat(h.chip(0).allocated).isEqualTo(4096);
        assertThat(h.chip(0).freed).isEqualTo(4096);
        assertThat(h.node.result().ok()).isTrue();
        assertThat(h.node.mailboxState(0)).isEqualTo(MailboxState.IDLE);
    }

    @Test
    void processModeAddsForkAndPollingToEveryTask() {
        NodeProgram p = NodeProgram.builder("one").submit(A, 0, out(1)).build();
        NodeHarness thread = new NodeHarness(1, 0, 10_000, NodeConfig.DEFAULT);
        thread.start(p, 500 * MS);
        NodeHarness process = new NodeHarness(1, 0, 10_000, NodeConfig.DEFAULT.withMode(WorkerMode.PROCESS));
        process.start(p, 500 * MS);
        NodeTiming t = NodeTiming.DEFAULT;
        // THREAD: submit (3 µs + 0.4 µs), dispatch 5 µs, task 10 µs, completion 5 µs.
        assertThat(thread.node.result().makespanNs()).isEqualTo(3_400 + 5_000 + 10_000 + 5_000);
        // PROCESS: the orchestrator starts once the child is forked (30 ms); the child sees the frame at its
        // next 50 µs poll, the parent the result at its next 50 µs poll after posting.
        long posted = t.forkNs() + 3_400 + t.dispatchNs() + t.mailboxWriteNs() + t.mailboxPerKibNs();
        long seen = t.forkNs() + 50_000;
        long done = seen + 10_000;
        long collected = posted + 50_000 * ((done - posted + 49_999) / 50_000);
        assertThat(process.node.result().makespanNs()).isEqualTo(collected + t.completeNs());
        assertThat(seen).isGreaterThan(posted);
    }

    @Test
    void theEndOfRunHookFreesSharedBlocksAfterEveryRunEvenAFailedOne() {
        for (boolean failing : new boolean[] {true, false}) {
            NodeHarness h = new NodeHarness(1, 0, 1000, NodeConfig.DEFAULT);
            if (failing) {
                h.chip(0).failing.add("A");
            }
            NodeProgram.Builder b = NodeProgram.builder("shared");
            Ptr.Handle[] share = b.shareMemMalloc(0, 1024);
            NodeProgram p = b.submit(A, 0, new NodeArg(TensorArgType.INOUT, NodeProgram.child(share[1], DataType.FLOAT32, 256)))
                    .build();
            h.start(p, 10 * MS);
            NodeRunResult r = h.node.result();
            assertThat(r.ok()).isEqualTo(!failing);
            assertThat(r.cleanup()).containsExactly("freed shared block 0x"
                    + Long.toHexString(h.node.value(share[0])) + " on chip 0");
        }
        NodeHarness freed = new NodeHarness(1, 0, 1000, NodeConfig.DEFAULT);
        NodeProgram.Builder b = NodeProgram.builder("freed");
        Ptr.Handle[] share = b.shareMemMalloc(0, 1024);
        freed.start(b.shareMemFree(0, share[0]).build(), 10 * MS);
        assertThat(freed.node.result().cleanup()).as("nothing left to free").isEmpty();
    }

    @Test
    void orchestrationErrorsNameTheOpAndEndTheProgram() {
        NodeHarness scopes = new NodeHarness(1, 0, 1000, NodeConfig.DEFAULT);
        NodeProgram.Builder b = NodeProgram.builder("deep");
        for (int i = 0; i < 64; i++) {
            b.scopeBegin();
        }
        scopes.start(b.build(), 10 * MS);
        assertThat(scopes.node.result().error()).isEqualTo("op 63 (ScopeBegin): scope depth 64 reached (max 64 "
                + "nested scopes, the run's outer scope included)");
        NodeHarness end = new NodeHarness(1, 0, 1000, NodeConfig.DEFAULT);
        end.start(NodeProgram.builder("end").scopeEnd().build(), 10 * MS);
        assertThat(end.node.result().error()).isEqualTo("op 0 (ScopeEnd): scope_end without a matching scope_begin");
        NodeHarness worker = new NodeHarness(2, 0, 1000, NodeConfig.DEFAULT);
        NodeProgram.Builder mb = NodeProgram.builder("bad-worker");
        mb.malloc(2, 64);
        worker.start(mb.build(), 10 * MS);
        assertThat(worker.node.result().error()).isEqualTo("op 0 (Malloc): invalid worker_id 2 for malloc; the node "
                + "has 2 chip(s)");
        NodeHarness heap = new NodeHarness(1, 0, 1000, NodeConfig.DEFAULT.withHeap(4096, 5 * MS));
        NodeProgram.Builder hb = NodeProgram.builder("heap");
        for (int i = 0; i < 5; i++) {
            hb.submit(A, 0, new NodeArg(TensorArgType.OUTPUT, hb.output("o" + i, DataType.UINT8, 1024)));
        }
        heap.start(hb.build(), 100 * MS);
        assertThat(heap.node.error()).startsWith("op 4 (SubmitChip): heap exhausted: ring 0 cannot fit 1024 bytes")
                .endsWith("increase heap_ring_size");
        assertThat(heap.node.finished()).as("the outer scope holds the slabs: nothing frees them until the drain")
                .isTrue();
        assertThat(heap.node.result().runs()).isEqualTo(1);
        assertThat(heap.node.result().tasks()).isEqualTo(4);
    }

    @Test
    void aTensorUsedBeforeItsHandleIsBoundFailsBeforeTakingASlot() {
        NodeHarness h = new NodeHarness(1, 0, 1000, NodeConfig.DEFAULT);
        NodeProgram.Builder b = NodeProgram.builder("early");
        NodeTensor y = b.output("y", DataType.FLOAT32, 4);
        NodeProgram p = b.submit(A, 0, new NodeArg(TensorArgType.INPUT, y)).build();
        h.start(p, 10 * MS);
        assertThat(h.node.finished()).isTrue();
        assertThat(h.node.result().error()).isEqualTo("op 0 (SubmitChip): $y is used before the op that defines it ran");
        assertThat(h.node.result().tasks()).isZero();
    }
}
