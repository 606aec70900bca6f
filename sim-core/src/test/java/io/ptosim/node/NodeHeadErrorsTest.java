package io.ptosim.node;

import static io.ptosim.node.NodeHarness.A;
import static io.ptosim.node.NodeHarness.B;
import static io.ptosim.node.NodeHarness.C;
import static io.ptosim.node.NodeHarness.in;
import static io.ptosim.node.NodeHarness.out;
import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.spi.ChipCallConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a run fails under HEAD (issue 18), each from the scenario of simpler's own test, and the V1 outcome
 * where the seed differed.
 */
class NodeHeadErrorsTest {
    private static final long MS = 1_000_000;
    /** Scope ops take 100 µs: an empty scope is the Python test's {@code time.sleep} between two submits. */
    private static final NodeConfig SLOW_SCOPE = NodeConfig.DEFAULT.withTiming(slowScope());

    private static NodeTiming slowScope() {
        NodeTiming d = NodeTiming.DEFAULT;
        return new NodeTiming(d.submitNs(), d.perArgNs(), d.allocNs(), 100_000, d.controlNs(), d.dispatchNs(),
                d.completeNs(), d.tickNs(), d.mailboxWriteNs(), d.mailboxPerKibNs(), d.childPollNs(), d.parentPollNs(),
                d.forkNs());
    }

    /** A SUB callable that raises {@code error} and logs each call. */
    static SubCallable raising(String name, RuntimeException error, List<String> log) {
        return NodeHarness.sub(name, 1_000, log, error);
    }

    /** A sentinel exception type, as the Python test's {@code SentinelError}. */
    static final class SentinelError extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        SentinelError(String message) {
            super(message);
        }
    }

    // test_error_propagation.py::test_subsequent_submit_raises_after_failure
    @Test
    void aSubmitAfterAFailedTaskRaisesTheRunsFirstErrorUnderHead() {
        List<String> log = new ArrayList<>();
        SubCallable boom = raising("boom", new SentinelError("fail-fast"), log);
        NodeProgram p = NodeProgram.builder("fail-fast").submitSub(boom).scopeBegin().scopeEnd()
                .submitSub(boom).build();
        NodeHarness h = new NodeHarness(0, 1, 0, SLOW_SCOPE);
        h.start(p, 10 * MS);
        NodeRunResult r = h.node.result();
        assertThat(h.node.finished()).isTrue();
        assertThat(log).as("the second submit raised instead of queueing").containsExactly("boom");
        assertThat(r.tasks()).isEqualTo(1);
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).as("the run's first error, not the re-raise").startsWith("task 0 (boom, op 0")
                .doesNotContain("op 3 (SubmitSub)")
                .contains("fail-fast");

        NodeHarness v1 = new NodeHarness(0, 1, 0, SLOW_SCOPE.withCompat(Compat.V1));
        v1.start(p, 10 * MS);
        assertThat(log).as("V1: the orchestration goes on").containsExactly("boom", "boom", "boom");
        assertThat(v1.node.result().tasks()).isEqualTo(2);
        assertThat(v1.node.result().failed()).isEqualTo(2);
    }

    @Test
    void aSubmitBeforeTheFailureIsSeenStillGoesAhead() {
        List<String> log = new ArrayList<>();
        SubCallable boom = raising("boom", new SentinelError("late"), log);
        // default timing: the second submit (3.4 µs) is made before the first task fails (5 + 1 µs)
        NodeHarness h = new NodeHarness(0, 1, 0, NodeConfig.DEFAULT);
        h.start(NodeProgram.builder("in-flight").submitSub(boom).submitSub(boom).build(), 10 * MS);
        assertThat(log).containsExactly("boom", "boom");
        assertThat(h.node.result().tasks()).isEqualTo(2);
    }

    // test_orchestrator.cpp: TerminalFailureUnblocksRunAcceptance and the cancellation tests
    @Test
    void anOrchestrationErrorCancelsTheTasksThatHaveNotStartedUnderHead() {
        NodeProgram p = NodeProgram.builder("cancel").submit(A, 0, out(0xA)).submit(B, 0, out(0xB))
                .submit(C, -1, in(0xA)).scopeEnd().build();
        NodeHarness h = new NodeHarness(1, 0, -1, NodeConfig.DEFAULT);
        h.start(p, MS);
        String orch = "op 3 (ScopeEnd): scope_end without a matching scope_begin";
        assertThat(h.chip(0).names()).containsExactly("A");
        assertThat(h.state(0)).isEqualTo(SlotState.RUNNING);
        for (int id : new int[] {1, 2}) {
            assertThat(h.state(id)).as("task %d cancelled and retired", id).isEqualTo(SlotState.CONSUMED);
            assertThat(h.node.task(id).error()).isEqualTo(orch);
            assertThat(h.node.task(id).memberStates()).containsExactly(MemberState.SKIPPED);
        }
        assertThat(h.node.finished()).as("the running task is part of the run's fence").isFalse();
        h.chip(0).complete();
        h.runUntil(2 * MS);
        NodeRunResult r = h.node.result();
        assertThat(h.node.finished()).isTrue();
        assertThat(h.chip(0).names()).containsExactly("A");
        assertThat(r.error()).isEqualTo(orch);
        assertThat(r.failed()).isEqualTo(2);
        assertThat(r.dispatches()).isEqualTo(1);

        NodeHarness v1 = new NodeHarness(1, 0, -1, NodeConfig.DEFAULT.withCompat(Compat.V1));
        v1.start(p, MS);
        for (int i = 0; i < 3; i++) {
            v1.chip(0).complete();
            v1.runUntil((i + 2) * MS);
        }
        assertThat(v1.chip(0).names()).as("V1 drains: the unstarted tasks run").containsExactly("A", "B", "C");
        assertThat(v1.node.finished()).isTrue();
        assertThat(v1.node.result().error()).isEqualTo(orch);
        assertThat(v1.node.result().failed()).isZero();
    }

    // test_host_worker.py: direct device control after a submit of the same run raises
    @Test
    void aControlAfterASubmitOfTheSameRunIsRefusedUnderHead() {
        NodeProgram.Builder b = NodeProgram.builder("control-after-submit").submit(A, 0, out(1));
        b.malloc(0, 4096);
        NodeProgram late = b.build();
        NodeHarness h = new NodeHarness(1, 0, 1_000, NodeConfig.DEFAULT);
        h.start(late, 10 * MS);
        assertThat(h.node.result().error()).isEqualTo("op 1 (Malloc): malloc: direct device control cannot follow a"
                + " task submission in the same run; issue all control before the run's first submit");
        assertThat(h.chip(0).allocations).isEmpty();
        assertThat(h.chip(0).names()).as("the submitted task had started: it runs").containsExactly("A");

        NodeHarness v1 = new NodeHarness(1, 0, 1_000, NodeConfig.DEFAULT.withCompat(Compat.V1));
        v1.start(late, 10 * MS);
        assertThat(v1.node.result().ok()).as("V1 queues the control behind the task").isTrue();
        assertThat(v1.chip(0).allocated).isEqualTo(4096);

        NodeProgram.Builder ok = NodeProgram.builder("control-first");
        Ptr.Handle dev = ok.malloc(0, 4096);
        ok.copyTo(0, dev, Ptr.at(NodeProgram.HOST_BASE), 64).submit(A, 0, out(1)).drain();
        NodeProgram first = ok.copyFrom(0, Ptr.at(NodeProgram.HOST_BASE), dev, 64).free(0, dev).build();
        NodeHarness head = new NodeHarness(1, 0, 1_000, NodeConfig.DEFAULT);
        head.start(first, 10 * MS);
        assertThat(head.node.result().ok()).as("control before the first submit, and in the next run").isTrue();
        assertThat(head.chip(0).freed).isEqualTo(4096);
        assertThat(head.node.result().runs()).isEqualTo(2);
    }

    private static NodeArg at(TensorArgType tag, long addr, int bytes) {
        return new NodeArg(tag, NodeProgram.tensor(Ptr.at(addr), DataType.UINT8, bytes));
    }

    private static NodeHarness one(NodeConfig config, NodeArg... args) {
        return new NodeHarness(1, 0, 1_000, config).start(NodeProgram.builder("guard").submit(A, 0, args).build(), MS);
    }

    // test_submit_guard.py: overlapping writes within one task are rejected at submit
    @Test
    void twoOverlappingWritesOfOneTaskAreRejectedAtSubmitUnderHead() {
        long buf = NodeProgram.HOST_BASE;
        NodeHarness h = one(NodeConfig.DEFAULT, at(TensorArgType.OUTPUT_EXISTING, buf, 128),
                at(TensorArgType.INOUT, buf + 64, 128));
        assertThat(h.node.result().error()).startsWith("op 0 (SubmitChip): invalid_argument: arguments 0 and 1 of"
                + " member 0 overlap and argument 0 writes");
        assertThat(h.node.result().tasks()).as("rejected before a slot is taken").isZero();
        NodeHarness v1 = one(NodeConfig.DEFAULT.withCompat(Compat.V1), at(TensorArgType.OUTPUT_EXISTING, buf, 128),
                at(TensorArgType.INOUT, buf + 64, 128));
        assertThat(v1.node.result().ok()).isTrue();
        assertThat(v1.node.task(0).outputKeys()).as("V1 inserts both")
                .containsExactly(TensorKey.host(buf), TensorKey.host(buf + 64));

        assertThat(one(NodeConfig.DEFAULT, at(TensorArgType.OUTPUT_EXISTING, buf, 128),
                at(TensorArgType.OUTPUT_EXISTING, buf + 128, 128)).node.result().ok()).as("disjoint slices").isTrue();
        assertThat(one(NodeConfig.DEFAULT, at(TensorArgType.INPUT, buf, 128), at(TensorArgType.INPUT, buf + 64, 128))
                .node.result().ok()).as("overlapping reads").isTrue();
        assertThat(one(NodeConfig.DEFAULT, at(TensorArgType.INPUT, buf, 128), at(TensorArgType.OUTPUT_EXISTING, buf, 128))
                .node.result().ok()).as("simpler's test is one-sided: a read before the write passes").isTrue();
        assertThat(one(NodeConfig.DEFAULT, at(TensorArgType.OUTPUT_EXISTING, buf, 128), at(TensorArgType.INPUT, buf, 128))
                .node.result().error()).as("a write before the read does not").contains("invalid_argument");
        NodeHarness group = new NodeHarness(2, 0, 1_000, NodeConfig.DEFAULT).start(NodeProgram.builder("group")
                .submitGroup(A, ChipCallConfig.DEFAULT, new int[] {0, 1}, List.of(NodeMember.of(out(buf)),
                        NodeMember.of(out(buf)))).build(), MS);
        assertThat(group.node.result().ok()).as("members of a group are not compared").isTrue();
    }

    // test_child_addr_guard.py: test_unique_target_and_live_passes / test_unique_target_but_wrong_worker_rejected
    @Test
    void aChildPointerSentToTheWrongWorkerIsRejectedAtSubmitUnderHead() {
        NodeProgram.Builder b = NodeProgram.builder("wrong-worker");
        Ptr.Handle dev = b.malloc(0, 64);
        NodeArg child = new NodeArg(TensorArgType.OUTPUT_EXISTING, NodeProgram.child(dev, DataType.FLOAT32, 16));
        NodeProgram wrong = b.submit(A, 1, child).build();
        NodeHarness h = new NodeHarness(2, 0, 1_000, NodeConfig.DEFAULT).start(wrong, MS);
        assertThat(h.node.result().error()).isEqualTo("op 1 (SubmitChip): invalid_argument: child_memory pointer 0x"
                + Long.toHexString(h.node.value(dev)) + " (64 bytes) of member 0 argument 0 is not a live allocation"
                + " on target worker 1");
        assertThat(h.node.result().tasks()).isZero();
        assertThat(h.chip(1).names()).as("nothing reaches the chip").isEmpty();
        NodeHarness v1 = new NodeHarness(2, 0, 1_000, NodeConfig.DEFAULT.withCompat(Compat.V1)).start(wrong, MS);
        assertThat(v1.chip(1).names()).as("V1 dispatches it; this endpoint checks nothing").containsExactly("A");
        assertThat(v1.node.result().ok()).isTrue();

        NodeProgram.Builder rb = NodeProgram.builder("right-worker");
        Ptr.Handle d0 = rb.malloc(0, 64);
        NodeHarness right = new NodeHarness(2, 0, 1_000, NodeConfig.DEFAULT).start(rb.submit(A, 0,
                new NodeArg(TensorArgType.OUTPUT_EXISTING, NodeProgram.child(d0, DataType.FLOAT32, 16))).build(), MS);
        assertThat(right.node.result().ok()).as("live on its target").isTrue();

        NodeProgram.Builder fb = NodeProgram.builder("freed");
        Ptr.Handle f0 = fb.malloc(0, 64);
        fb.free(0, f0);
        NodeHarness freed = new NodeHarness(2, 0, 1_000, NodeConfig.DEFAULT).start(fb.submit(A, 0,
                new NodeArg(TensorArgType.INPUT, NodeProgram.child(f0, DataType.FLOAT32, 16))).build(), MS);
        assertThat(freed.node.result().error()).as("a freed allocation is dead").contains("is not a live allocation");
        NodeProgram.Builder ob = NodeProgram.builder("overrun");
        Ptr.Handle small = ob.malloc(0, 32);
        NodeHarness overrun = new NodeHarness(2, 0, 1_000, NodeConfig.DEFAULT).start(ob.submit(A, 0,
                new NodeArg(TensorArgType.INPUT, NodeProgram.child(small, DataType.FLOAT32, 16))).build(), MS);
        assertThat(overrun.node.result().error()).as("64 bytes past a 32-byte allocation").contains("not a live");
        NodeHarness unpinned = new NodeHarness(2, 0, 1_000, NodeConfig.DEFAULT).start(NodeProgram.builder("any")
                .submit(A, -1, new NodeArg(TensorArgType.INPUT, NodeProgram.child(Ptr.at(0x9000), DataType.FLOAT32,
                        16))).build(), MS);
        assertThat(unpinned.node.result().error()).contains("child_memory tensor but the member names no worker");
    }

    // test_error_propagation.py::test_sub_callable_raises_surfaces_at_run
    @Test
    void aFailingSubCallablesErrorNamesTheExceptionTypeUnderHead() {
        List<String> log = new ArrayList<>();
        NodeProgram p = NodeProgram.builder("sub-raises")
                .submitSub(raising("boom", new SentinelError("boom-from-sub"), log)).build();
        NodeHarness h = new NodeHarness(0, 1, 0, NodeConfig.DEFAULT).start(p, MS);
        assertThat(h.node.result().error()).endsWith("sub callable 'boom' raised SentinelError: boom-from-sub");
        NodeHarness v1 = new NodeHarness(0, 1, 0, NodeConfig.DEFAULT.withCompat(Compat.V1)).start(p, MS);
        assertThat(v1.node.result().error()).endsWith("sub callable 'boom' raised: boom-from-sub");
    }

    @Test
    void aPoisonedDependentCarriesItsProducersTextUnderHead() {
        NodeProgram p = NodeProgram.builder("poison").submit(A, 0, out(0xD)).submit(B, 0, in(0xD)).build();
        NodeHarness h = new NodeHarness(1, 0, 1_000, NodeConfig.DEFAULT);
        h.chip(0).failing.add("A");
        h.start(p, MS);
        assertThat(h.node.task(1).error()).isEqualTo(h.node.task(0).error())
                .isEqualTo("task 0 (A, op 0, RUNNING) member 0 failed on chip 0 (code 7): A boom");
        NodeHarness v1 = new NodeHarness(1, 0, 1_000, NodeConfig.DEFAULT.withCompat(Compat.V1));
        v1.chip(0).failing.add("A");
        v1.start(p, MS);
        assertThat(v1.node.task(1).error()).isEqualTo("producer task 0 (A, op 0, FAILED) failed: "
                + v1.node.task(0).error());
    }

    // test_error_propagation.py::test_orchestration_exception_is_synchronous
    @Test
    void aCaughtOrchestrationExceptionLetsTheNextRunStartClean() {
        for (Compat compat : Compat.values()) {
            NodeProgram p = NodeProgram.builder("caught").submit(A, 0, out(0xA)).scopeEnd().submit(B, 0, out(0xB))
                    .drainContinuingAfterFailure().submit(C, 0, in(0xA)).build();
            NodeHarness h = new NodeHarness(1, 0, 1_000, NodeConfig.DEFAULT.withCompat(compat)).start(p, MS);
            NodeRunResult r = h.node.result();
            assertThat(h.node.finished()).isTrue();
            assertThat(h.chip(0).names()).as("%s: the unwound function never submits B; the next run runs C", compat)
                    .containsExactly("A", "C");
            assertThat(r.runs()).isEqualTo(2);
            assertThat(h.node.run()).isEqualTo(1);
            assertThat(h.node.task(0).producerIds()).as("a clean run: no edge to the old A").isEmpty();
            assertThat(r.error()).isEqualTo("op 1 (ScopeEnd): scope_end without a matching scope_begin");
            NodeProgram uncaught = NodeProgram.builder("uncaught").submit(A, 0, out(0xA)).scopeEnd().drain()
                    .submit(C, 0, in(0xA)).build();
            NodeHarness u = new NodeHarness(1, 0, 1_000, NodeConfig.DEFAULT.withCompat(compat)).start(uncaught, MS);
            assertThat(u.chip(0).names()).as("uncaught, it ends the program").containsExactly("A");
            assertThat(u.node.result().runs()).isEqualTo(1);
        }
    }

    // test_error_propagation.py::test_failure_does_not_wedge_worker
    @Test
    void aFailedRunDoesNotWedgeTheRunsAfterIt() {
        List<String> log = new ArrayList<>();
        SubCallable boom = raising("boom", new SentinelError("first run failure"), log);
        SubCallable ok = NodeHarness.sub("ok", 1_000, log);
        NodeProgram p = NodeProgram.builder("not-wedged").submitSub(boom).drainContinuingAfterFailure().submitSub(ok)
                .drain().submitSub(ok).build();
        NodeHarness h = new NodeHarness(0, 1, 0, NodeConfig.DEFAULT).start(p, MS);
        assertThat(log).containsExactly("boom", "ok", "ok");
        assertThat(h.node.result().runs()).as("a clean run's plain drain does not end the program").isEqualTo(3);
        assertThat(h.node.result().error()).contains("first run failure");
    }
}
