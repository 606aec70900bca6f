package io.ptosim.node;

import static io.ptosim.node.NodeHarness.A;
import static io.ptosim.node.NodeHarness.B;
import static io.ptosim.node.NodeHarness.in;
import static io.ptosim.node.NodeHarness.out;
import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.spi.ChipCallConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The affinity and failure scenarios of l3-runtime.md §15 (34–38) under both scheduling policies. */
class NodeSchedulingScenariosTest {
    private static final long MS = 1_000_000;
    private static final NodeConfig TWO_PASS = NodeConfig.DEFAULT;
    private static final NodeConfig DIRECTED = NodeConfig.DEFAULT.withPolicy(SchedulingPolicy.DIRECTED);
    private static final MockChip.Named X = new MockChip.Named("X");
    private static final MockChip.Named P = new MockChip.Named("P");
    private static final MockChip.Named U = new MockChip.Named("U");

    private static NodeProgram.Builder program() {
        return NodeProgram.builder("scenario");
    }

    /** Records (callable, worker, time) of every dispatch. */
    private static List<String> dispatches(NodeHarness h) {
        List<String> log = new ArrayList<>();
        h.node.observe(new NodeObserver() {
            @Override
            public void dispatched(NodeTask task, int member, int worker, long atNs) {
                log.add(task.callableName() + "@" + worker);
            }
        });
        return log;
    }

    private static List<Long> dispatchTimes(NodeHarness h, String callable) {
        List<Long> times = new ArrayList<>();
        h.node.observe(new NodeObserver() {
            @Override
            public void dispatched(NodeTask task, int member, int worker, long atNs) {
                if (task.callableName().equals(callable)) {
                    times.add(atNs);
                }
            }
        });
        return times;
    }

    @Test
    void scenario34_twoPassRequeuesAPinnedTaskToTheTailAndTheNextPassPlacesTheUnpinnedOne() {
        NodeHarness h = new NodeHarness(2, 0, -1, TWO_PASS);
        List<String> log = dispatches(h);
        List<Long> uTimes = dispatchTimes(h, "U");
        h.start(program().submit(X, 0, out(1)).submit(P, 0, out(2)).submit(U, -1, out(3)).build(), 2 * MS);
        assertThat(log).containsExactly("X@0", "U@1");
        assertThat(uTimes.get(0)).as("U waits for the pass after the one that requeued P: one 1 ms tick later")
                .isBetween(MS, MS + 20_000);
        h.chip(0).complete();
        h.runUntil(3 * MS);
        assertThat(log).containsExactly("X@0", "U@1", "P@0");
        NodeHarness g = new NodeHarness(2, 0, -1, TWO_PASS);
        List<String> glog = dispatches(g);
        g.start(program().submitGroup(A, ChipCallConfig.DEFAULT, new int[] {1, -1},
                List.of(NodeMember.of(out(1)), NodeMember.of(out(2)))).build(), MS);
        assertThat(glog).containsExactly("A@1", "A@0");
    }

    @Test
    void scenario35_directedQueuesNeverStealAndAConsumerRunsOnItsOwnTarget() {
        NodeHarness h = new NodeHarness(3, 0, -1, DIRECTED);
        List<String> log = dispatches(h);
        h.start(program().submit(X, 0, out(1)).submit(new MockChip.Named("T1"), 0, out(2))
                .submit(new MockChip.Named("T2"), 0, out(3)).submit(new MockChip.Named("T3"), 1, out(4)).build(), MS);
        assertThat(log).containsExactly("X@0", "T3@1");
        h.chip(0).complete();
        h.runUntil(2 * MS);
        assertThat(log).containsExactly("X@0", "T3@1", "T1@0");
        h.chip(0).complete();
        h.runUntil(3 * MS);
        assertThat(log).containsExactly("X@0", "T3@1", "T1@0", "T2@0");
        NodeHarness c = new NodeHarness(2, 0, 1000, DIRECTED);
        List<String> clog = dispatches(c);
        c.start(program().submit(A, 0, out(0xB)).submit(B, 1, in(0xB)).build(), MS);
        assertThat(clog).containsExactly("A@0", "B@1");
        assertThat(c.node.result().ok()).isTrue();
    }

    @Test
    void scenario36_theHeadGroupReservesItsTargetsAndLaunchesWhenAllAreFree() {
        NodeHarness h = new NodeHarness(3, 0, -1, DIRECTED);
        List<String> log = dispatches(h);
        h.start(program().submit(new MockChip.Named("X0"), 0, out(1)).submit(new MockChip.Named("X1"), 1, out(2))
                .submitGroup(new MockChip.Named("G"), ChipCallConfig.DEFAULT, new int[] {1, 0},
                        List.of(NodeMember.of(out(3)), NodeMember.of(out(4))))
                .submit(new MockChip.Named("S0"), 0, out(5)).submit(new MockChip.Named("S1"), 1, out(6))
                .submit(U, 2, out(7)).build(), MS);
        assertThat(log).containsExactly("X0@0", "X1@1", "U@2");
        h.chip(0).complete();
        h.runUntil(2 * MS);
        assertThat(log).as("worker 0 is reserved for the group").containsExactly("X0@0", "X1@1", "U@2");
        h.chip(1).complete();
        h.runUntil(3 * MS);
        assertThat(log).containsExactly("X0@0", "X1@1", "U@2", "G@1", "G@0");
        h.chip(0).complete();
        h.runUntil(4 * MS);
        assertThat(log).as("S0 runs while the group is RUNNING").endsWith("S0@0");
        assertThat(h.node.tasks().get(2).state()).isEqualTo(SlotState.RUNNING);
        h.chip(1).complete();
        h.runUntil(5 * MS);
        assertThat(log).endsWith("S0@0", "S1@1");
    }

    @Test
    void scenario37_onlyTheHeadGroupReservesAndAReservedWorkerStaysIdle() {
        NodeHarness h = new NodeHarness(3, 0, -1, DIRECTED);
        List<String> log = dispatches(h);
        h.start(program().submitGroup(new MockChip.Named("G1"), ChipCallConfig.DEFAULT, new int[] {0, 1},
                List.of(NodeMember.of(out(1)), NodeMember.of(out(2))))
                .submitGroup(new MockChip.Named("G2"), ChipCallConfig.DEFAULT, new int[] {1, 2},
                        List.of(NodeMember.of(out(3)), NodeMember.of(out(4))))
                .submit(new MockChip.Named("S0"), 0, out(5)).submit(new MockChip.Named("S2"), 2, out(6)).build(), MS);
        assertThat(log).as("worker 2 stays idle, reserved by G2").containsExactly("G1@0", "G1@1");
        h.chip(0).complete();
        h.runUntil(2 * MS);
        assertThat(log).containsExactly("G1@0", "G1@1", "S0@0");
        h.chip(1).complete();
        h.runUntil(3 * MS);
        assertThat(log).containsExactly("G1@0", "G1@1", "S0@0", "G2@1", "G2@2");
        h.chip(2).complete();
        h.runUntil(4 * MS);
        assertThat(log).endsWith("S2@2");
    }

    @Test
    void scenario38_aFailingRootPoisonsItsReaderAndAFailingMemberFailsTheRunAtOnce() {
        for (NodeConfig config : List.of(TWO_PASS, DIRECTED)) {
            NodeHarness h = new NodeHarness(1, 0, 1000, config);
            h.chip(0).failing.add("A");
            List<SlotState> finished = new ArrayList<>();
            h.node.observe(new NodeObserver() {
                @Override
                public void consumed(NodeTask task, long atNs) {
                    finished.add(task.state());
                }
            });
            h.start(program().submit(A, 0, out(0xD)).submit(B, 0, in(0xD)).build(), MS);
            NodeRunResult r = h.node.result();
            assertThat(r.dispatches()).isEqualTo(1);
            assertThat(finished).containsExactly(SlotState.CONSUMED, SlotState.CONSUMED);
            assertThat(r.ok()).isFalse();
            assertThat(r.error()).contains("A boom");
            assertThat(h.node.task(1).error()).as("the producer's text, as simpler copies it")
                    .isEqualTo(h.node.task(0).error());
        }
        NodeHarness g = new NodeHarness(2, 0, -1, TWO_PASS);
        g.start(program().submitGroup(A, ChipCallConfig.DEFAULT, new int[] {0, 1},
                List.of(NodeMember.of(out(1)), NodeMember.of(out(2)))).build(), MS);
        g.chip(0).fail("member boom");
        g.runUntil(2 * MS);
        assertThat(g.node.error()).as("the run fails at once").contains("member 0 failed on chip 0 (code 5): member boom");
        assertThat(g.node.task(0).state()).isEqualTo(SlotState.RUNNING);
        assertThat(g.node.task(0).memberStates()).containsExactly(MemberState.FAILED, MemberState.RUNNING);
        g.chip(1).complete();
        g.runUntil(3 * MS);
        assertThat(g.node.task(0).state()).isEqualTo(SlotState.CONSUMED);
        assertThat(g.node.result().ok()).isFalse();
    }
}
