package io.ptosim.node;

import static io.ptosim.node.NodeHarness.A;
import static io.ptosim.node.NodeHarness.B;
import static io.ptosim.node.NodeHarness.C;
import static io.ptosim.node.NodeHarness.in;
import static io.ptosim.node.NodeHarness.inout;
import static io.ptosim.node.NodeHarness.nd;
import static io.ptosim.node.NodeHarness.oe;
import static io.ptosim.node.NodeHarness.out;
import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.spi.ChipCallConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The orchestrator and scheduler acceptance scenarios of l3-runtime.md §15 (18–38), on mock chips. */
class NodeScenariosTest {
    private static final NodeConfig HEAD = NodeConfig.DEFAULT;
    private static final long MS = 1_000_000;

    private static NodeProgram.Builder program() {
        return NodeProgram.builder("scenario");
    }

    @Test
    void scenario18_anOutputOnlyTaskIsReadyAndDispatched() {
        NodeHarness h = new NodeHarness(1, 0, -1, HEAD).start(program().submit(A, -1, out(0xCAFE)).build(), MS);
        assertThat(h.state(0)).isEqualTo(SlotState.RUNNING);
        assertThat(h.node.task(0).faninCount()).isZero();
        assertThat(h.chip(0).names()).containsExactly("A");
    }

    @Test
    void scenario19_aReaderOfAnUnfinishedWriterIsPendingWithFaninOne() {
        NodeHarness h = new NodeHarness(1, 0, -1, HEAD)
                .start(program().submit(A, -1, out(0xBEEF)).submit(B, -1, in(0xBEEF)).build(), MS);
        assertThat(h.state(1)).isEqualTo(SlotState.PENDING);
        assertThat(h.node.task(1).faninCount()).isEqualTo(1);
        assertThat(h.node.task(1).producerIds()).containsExactly(0);
        assertThat(h.node.queued()).isZero();
    }

    @Test
    void scenario20_aConsumedWriterErasesItsKey() {
        NodeHarness h = new NodeHarness(1, 0, -1, HEAD).start(program().submit(A, -1, out(0x1234)).build(), MS);
        assertThat(h.node.tensorMap().lookup(0, TensorKey.host(0x1234))).isEqualTo(0);
        h.chip(0).complete();
        h.runUntil(2 * MS);
        assertThat(h.node.finished()).isTrue();
        assertThat(h.node.tensorMap().size()).isZero();
    }

    @Test
    void scenario21_inAScopeATaskIsConsumedOnlyAtScopeEnd() {
        NodeHarness h = new NodeHarness(1, 0, 1000, SLOW_SUBMIT);
        h.start(program().scopeBegin().submit(A, -1, out(0x77)).submit(B, -1, out(0x78)).scopeEnd().build(), 150_000);
        NodeTask a = h.node.task(0);
        assertThat(a.fanoutTotal()).isEqualTo(1);
        assertThat(a.state()).isEqualTo(SlotState.COMPLETED);
        assertThat(a.fanoutReleased()).as("its self-release").isEqualTo(1);
        h.runUntil(MS);
        assertThat(a.state()).isEqualTo(SlotState.CONSUMED);
        assertThat(h.node.finished()).isTrue();
    }

    @Test
    void scenario22_noDepCreatesNoEdge() {
        NodeHarness h = new NodeHarness(2, 0, -1, HEAD)
                .start(program().submit(A, -1, out(0xAAAA)).submit(B, -1, nd(0xAAAA)).build(), MS);
        assertThat(h.node.task(1).faninCount()).isZero();
        assertThat(h.state(1)).isEqualTo(SlotState.RUNNING);
    }

    @Test
    void scenario23_aGroupIsOneSlotWithItsMembersViewsAndBothKeys() {
        NodeHarness h = new NodeHarness(2, 0, -1, HEAD).start(program().submitGroup(A, ChipCallConfig.DEFAULT,
                new int[0], List.of(NodeMember.of(out(0xA0)), NodeMember.of(out(0xA1)))).build(), MS);
        NodeTask g = h.node.task(0);
        assertThat(g.group()).isTrue();
        assertThat(g.memberArgs()).hasSize(2);
        assertThat(g.memberArgs().get(0).tensors().get(0).data()).isEqualTo(0xA0);
        assertThat(g.memberArgs().get(1).tensors().get(0).data()).isEqualTo(0xA1);
        assertThat(h.node.tensorMap().lookup(0, TensorKey.host(0xA0))).isZero();
        assertThat(h.node.tensorMap().lookup(0, TensorKey.host(0xA1))).isZero();
        NodeHarness single = new NodeHarness(1, 0, -1, HEAD).start(program().submit(A, -1, out(1)).build(), MS);
        assertThat(single.node.task(0).group()).isFalse();
    }

    @Test
    void scenario24_anOutputWithoutAddressIsCarvedFromRingZero() {
        NodeProgram.Builder b = program();
        NodeTensor y = b.output("y", DataType.UINT8, 1024);
        NodeProgram p = b.submit(A, -1, new NodeArg(TensorArgType.OUTPUT, y)).build();
        NodeHarness h = new NodeHarness(1, 0, -1, HEAD).start(p, MS);
        long addr = h.node.value((Ptr.Handle) y.data());
        assertThat(addr).isEqualTo(NodeRuntime.HEAP_BASE);
        assertThat(addr % 1024).isZero();
        assertThat(h.node.tensorMap().lookup(0, TensorKey.host(addr))).isZero();
        assertThat(h.chip(0).seen.get(0).args().tensors().get(0).data()).isEqualTo(addr);
    }

    /** Submits 100 µs apart, so a 1 µs task finishes before the next submit. */
    private static final NodeConfig SLOW_SUBMIT = HEAD.withTiming(new NodeTiming(100_000, 0, 2_000, 500, 2_000,
            1_000, 1_000, MS, 1_000, 250, 50_000, 50_000, 30 * MS));

    @Test
    void scenario25_inoutAfterACompletedCreatorPinsItAndOutputDoesNot() {
        NodeHarness h = new NodeHarness(1, 0, 1000, SLOW_SUBMIT);
        h.start(program().submit(A, -1, out(0xFEED)).submit(C, -1, out(0x1)).submit(B, -1, inout(0xFEED)).build(),
                MS);
        assertThat(h.node.finished()).isTrue();
        NodeTask creator = h.node.task(0);
        NodeTask writer = h.node.task(2);
        assertThat(writer.faninCount()).isZero();
        assertThat(writer.producerIds()).containsExactly(0);
        assertThat(creator.consumerIds()).containsExactly(2);
        assertThat(creator.fanoutTotal()).as("the run's outer scope plus the writer").isEqualTo(2);
        for (NodeArg second : List.of(out(0xFEED), oe(0xFEED))) {
            NodeHarness o = new NodeHarness(1, 0, 1000, SLOW_SUBMIT);
            o.start(program().submit(A, -1, out(0xFEED)).submit(C, -1, out(0x1)).submit(B, -1, second).build(), MS);
            assertThat(o.node.task(2).producerIds()).as(second.tag().name()).isEmpty();
            assertThat(o.node.task(0).fanoutTotal()).as("the outer scope only").isEqualTo(1);
        }
    }

    /**
     * HEAD also rejects {@code worker=-1}; the node keeps V1's "any worker" for it (the API), under
     * both policies, so only the other two clauses apply.
     */
    @Test
    void scenario26_invalidWorkerIdsAreRejectedAndAGroupShareItsProducer() {
        NodeHarness dup = new NodeHarness(2, 0, -1, HEAD).start(program().submitGroup(A, ChipCallConfig.DEFAULT,
                new int[] {0, 0}, List.of(NodeMember.of(out(1)), NodeMember.of(out(2)))).build(), MS);
        assertThat(dup.node.result().error()).contains("invalid_argument: members 0 and 1 both name worker 0");
        NodeHarness unknown = new NodeHarness(2, 0, -1, HEAD).start(program().submit(A, 5, out(1)).build(), MS);
        assertThat(unknown.node.result().error()).contains("invalid_argument: member 0 names worker 5");
        assertThat(unknown.node.finished()).isTrue();
        NodeHarness g = new NodeHarness(2, 0, -1, HEAD).start(program().submit(A, -1, out(0xBEEF))
                .submitGroup(B, ChipCallConfig.DEFAULT, new int[0], List.of(NodeMember.of(in(0xBEEF)),
                        NodeMember.of(in(0xBEEF)))).build(), MS);
        assertThat(g.node.task(1).producerIds()).containsExactly(0);
        assertThat(g.node.task(1).faninCount()).isEqualTo(1);
    }

    @Test
    void scenario27_aFailedProducerPoisonsANewReaderAtSubmit() {
        NodeHarness h = new NodeHarness(1, 0, 1000, SLOW_SUBMIT);
        h.chip(0).failing.add("A");
        h.start(program().scopeBegin().submit(A, -1, out(0xBE)).submit(B, -1, in(0xBE)).scopeEnd().build(), MS);
        assertThat(h.node.finished()).isTrue();
        NodeRunResult r = h.node.result();
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).contains("member 0 failed on chip 0 (code 7): A boom");
        assertThat(r.failed()).isEqualTo(2);
        assertThat(r.dispatches()).as("the reader never runs").isEqualTo(1);
        assertThat(h.chip(0).names()).containsExactly("A");
    }

    @Test
    void scenario28_consumingAnOldWriterKeepsTheNewWritersEntry() {
        NodeHarness h = new NodeHarness(1, 0, 1000, SLOW_SUBMIT);
        h.start(program().scopeBegin().submit(A, -1, out(0x5)).scopeEnd().submit(B, -1, out(0x5))
                .submit(C, -1, in(0x5)).build(), 250_000);
        assertThat(h.node.task(0).state()).isEqualTo(SlotState.CONSUMED);
        assertThat(h.node.task(2).producerIds()).containsExactly(1);
    }

    @Test
    void scenario28_underV1ConsumingTheOldWriterErasesTheNewOne() {
        NodeHarness h = new NodeHarness(1, 0, -1, SLOW_SUBMIT.withCompat(Compat.V1));
        h.start(program().scopeBegin().submit(A, -1, out(0x5)).submit(B, -1, out(0x5)).scopeEnd()
                .submit(C, -1, in(0x5)).build(), 150_000);
        h.chip(0).complete();
        h.runUntil(260_000);
        assertThat(h.node.task(0).state()).isEqualTo(SlotState.CONSUMED);
        assertThat(h.node.tensorMap().lookup(0, TensorKey.host(0x5))).as("the seed erased B's entry").isEqualTo(-1);
        assertThat(h.node.task(2).producerIds()).as("so the reader does not wait for B").isEmpty();
    }

    @Test
    void scenario29_runsEndAtDrainAndAFailedRunEndsTheProgramWithItsError() {
        NodeHarness empty = new NodeHarness(1, 0, 1000, HEAD).start(program().build(), MS);
        assertThat(empty.node.finished()).isTrue();
        assertThat(empty.node.result().ok()).isTrue();
        assertThat(empty.node.result().runs()).isEqualTo(1);
        NodeHarness one = new NodeHarness(1, 0, -1, HEAD).start(program().submit(A, -1, out(1)).build(), MS);
        assertThat(one.node.finished()).as("not done before its slot is consumed").isFalse();
        one.chip(0).complete();
        one.runUntil(2 * MS);
        assertThat(one.node.finished()).isTrue();
        assertThat(one.node.result().runs()).isEqualTo(1);
        NodeHarness two = new NodeHarness(1, 0, 1000, HEAD);
        two.chip(0).failing.add("A");
        two.start(program().submit(A, -1, out(1)).drain().submit(B, -1, in(1)).build(), MS);
        NodeRunResult r = two.node.result();
        assertThat(r.ok()).isFalse();
        assertThat(r.runs()).as("the failing run aborts the program").isEqualTo(1);
        assertThat(two.chip(0).names()).containsExactly("A");
        NodeHarness caught = new NodeHarness(1, 0, 1000, HEAD);
        caught.chip(0).failing.add("A");
        caught.start(program().submit(A, -1, out(1)).drainContinuingAfterFailure().submit(B, -1, in(1)).build(), MS);
        NodeRunResult c = caught.node.result();
        assertThat(caught.node.run()).as("the next run has a new id").isEqualTo(1);
        assertThat(c.runs()).isEqualTo(2);
        assertThat(caught.node.task(0).state()).as("and completes cleanly: its reader has no producer")
                .isEqualTo(SlotState.CONSUMED);
        assertThat(caught.node.task(0).producerIds()).isEmpty();
        assertThat(caught.chip(0).names()).containsExactly("A", "B");
        assertThat(c.ok()).as("the program keeps the first run's error").isFalse();
        assertThat(c.error()).contains("A boom");
    }

    @Test
    void scenario30_theWorkerSeesTheCallableAndTheTensorThenTheSlotIsConsumed() {
        NodeHarness h = new NodeHarness(1, 0, -1, HEAD).start(program().submit(A, -1, out(0xCAFE)).build(), MS);
        assertThat(h.chip(0).seen.get(0).callable()).isEqualTo(A.name());
        assertThat(h.chip(0).seen.get(0).args().tensors().get(0).data()).isEqualTo(0xCAFE);
        List<NodeTask> consumed = new ArrayList<>();
        h.node.observe(new NodeObserver() {
            @Override
            public void consumed(NodeTask task, long atNs) {
                consumed.add(task);
            }
        });
        h.chip(0).complete();
        h.runUntil(2 * MS);
        assertThat(consumed).extracting(NodeTask::id).containsExactly(0);
    }

    @Test
    void scenario31_aReaderIsDispatchedOnlyAfterItsWriterCompletes() {
        NodeHarness h = new NodeHarness(2, 0, -1, HEAD)
                .start(program().submit(A, -1, out(0xBEEF)).submit(B, -1, in(0xBEEF)).build(), MS);
        assertThat(h.chip(0).names()).containsExactly("A");
        assertThat(h.chip(1).names()).isEmpty();
        h.chip(0).complete();
        h.runUntil(2 * MS);
        assertThat(h.chip(0).names()).containsExactly("A", "B");
        h.chip(0).complete();
        h.runUntil(3 * MS);
        assertThat(h.node.finished()).isTrue();
    }

    @Test
    void scenario32_groupMembersRunOnDistinctWorkersAndTheSlotWaitsForBoth() {
        NodeHarness h = new NodeHarness(2, 0, -1, HEAD).start(program().submitGroup(A, ChipCallConfig.DEFAULT,
                new int[0], List.of(NodeMember.of(out(0xA0)), NodeMember.of(out(0xCAFE)))).submit(B, -1, in(0xCAFE))
                .build(), MS);
        assertThat(h.chip(0).names()).containsExactly("A");
        assertThat(h.chip(1).names()).containsExactly("A");
        h.chip(0).complete();
        h.runUntil(2 * MS);
        assertThat(h.state(0)).isEqualTo(SlotState.RUNNING);
        h.chip(1).complete();
        h.runUntil(3 * MS);
        assertThat(h.state(0)).isEqualTo(SlotState.COMPLETED);
        assertThat(h.chip(0).seen.size() + h.chip(1).seen.size()).as("3 dispatches in total").isEqualTo(3);
    }

    @Test
    void scenario33_aSubTaskRunsWhileAChipTaskIsRunning() {
        List<String> log = new ArrayList<>();
        NodeHarness h = new NodeHarness(1, 1, -1, HEAD);
        h.start(program().submit(A, -1, out(1)).submitSub(NodeHarness.sub("S", 10_000, log), out(2)).build(), MS);
        assertThat(log).containsExactly("S");
        assertThat(h.state(1)).as("consumed while the chip task still runs").isEqualTo(SlotState.CONSUMED);
        assertThat(h.state(0)).isEqualTo(SlotState.RUNNING);
    }

    /** Both chips' first malloc returns the same device address (MockChip), so only the key's worker tells them apart. */
    @Test
    void scenario40_aChildTensorLinksOnlyOnTheWorkerThatOwnsIt() {
        NodeHarness h = new NodeHarness(2, 0, -1, HEAD);
        NodeProgram.Builder b = program();
        Ptr.Handle on0 = b.malloc(0, 64);
        Ptr.Handle on1 = b.malloc(1, 64);
        NodeArg write = new NodeArg(TensorArgType.OUTPUT, NodeProgram.child(on0, DataType.FLOAT32, 16));
        NodeArg readOn1 = new NodeArg(TensorArgType.INPUT, NodeProgram.child(on1, DataType.FLOAT32, 16));
        NodeArg readOn0 = new NodeArg(TensorArgType.INPUT, NodeProgram.child(on0, DataType.FLOAT32, 16));
        h.start(b.submit(A, 0, write).submit(B, 1, readOn1).submit(C, 0, readOn0).build(), MS);
        long dev = h.node.value(on0);
        assertThat(h.node.value(on1)).isEqualTo(dev);
        assertThat(h.node.task(1).producerIds()).as("read on worker 1: another chip's memory").isEmpty();
        assertThat(h.node.task(2).producerIds()).as("read on worker 0").containsExactly(0);
        assertThat(h.node.tensorMap().lookup(0, new TensorKey(dev, 0))).isZero();
        assertThat(h.node.tensorMap().lookup(0, TensorKey.host(dev))).as("not in the host namespace").isEqualTo(-1);
        NodeArg write9 = new NodeArg(TensorArgType.OUTPUT, NodeProgram.child(Ptr.at(0x9000), DataType.FLOAT32, 16));
        NodeArg read9 = new NodeArg(TensorArgType.INPUT, NodeProgram.child(Ptr.at(0x9000), DataType.FLOAT32, 16));
        NodeHarness unpinned = new NodeHarness(2, 0, -1, HEAD.withCompat(Compat.V1));
        unpinned.start(program().submit(A, -1, write9).submit(B, -1, read9).build(), MS);
        assertThat(unpinned.node.tensorMap().lookup(0, TensorKey.host(0x9000)))
                .as("V1: without worker= a child tensor keys as host (spec 16, question 5)").isZero();
        assertThat(unpinned.node.task(1).producerIds()).containsExactly(0);
    }
}
