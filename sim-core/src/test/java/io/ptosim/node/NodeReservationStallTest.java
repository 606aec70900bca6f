package io.ptosim.node;

import static io.ptosim.node.NodeHarness.A;
import static io.ptosim.node.NodeHarness.B;
import static io.ptosim.node.NodeHarness.C;
import static io.ptosim.node.NodeHarness.out;
import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.spi.ChipCallConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The directed scheduler's reservation-stall report (issue 18, item 8; after test_scheduler.cpp's stall
 * report): once per episode, however many passes the head group stays blocked.
 */
class NodeReservationStallTest {
    private static final long MS = 1_000_000;
    private static final NodeConfig DIRECTED = NodeConfig.DEFAULT.withPolicy(SchedulingPolicy.DIRECTED);

    @Test
    void aBlockedHeadGroupIsReportedOncePerEpisode() {
        NodeProgram p = NodeProgram.builder("stall").submit(A, 1, out(1))
                .submitGroup(B, ChipCallConfig.DEFAULT, new int[] {0, 1}, List.of(NodeMember.of(out(2)),
                        NodeMember.of(out(3))))
                .submitGroup(C, ChipCallConfig.DEFAULT, new int[] {0, 1}, List.of(NodeMember.of(out(4)),
                        NodeMember.of(out(5))))
                .submit(A, 0, out(6)).build();
        NodeHarness h = new NodeHarness(2, 0, -1, DIRECTED);
        List<String> seen = new ArrayList<>();
        h.node.observe(new NodeObserver() {
            @Override
            public void reservationStall(NodeTask head, String report, long atNs) {
                seen.add(head.callableName());
            }
        });
        h.start(p, 5 * MS);
        assertThat(h.chip(0).names()).as("chip 0 is held idle for the group").isEmpty();
        assertThat(h.node.diagnostics()).hasSize(1);
        assertThat(h.node.diagnostics().get(0)).startsWith("NODE_RESERVATION_STALL at ")
                .endsWith(": task 1 (B, op 1, READY) holds chip(s) [0, 1] while chip(s) [1] are busy");
        h.chip(1).complete();
        h.runUntil(10 * MS);
        assertThat(h.chip(0).names()).containsExactly("B");
        assertThat(h.node.diagnostics()).as("B launched; C is the new head and blocks: a second episode").hasSize(2);
        assertThat(h.node.diagnostics().get(1)).endsWith("task 2 (C, op 2, READY) holds chip(s) [0, 1] while chip(s)"
                + " [0, 1] are busy");
        h.chip(0).complete();
        h.runUntil(15 * MS);
        assertThat(h.node.diagnostics()).as("still the same episode").hasSize(2);
        h.chip(1).complete();
        h.runUntil(20 * MS);
        assertThat(h.chip(0).names()).containsExactly("B", "C");
        assertThat(seen).containsExactly("B", "C");
        NodeHarness twoPass = new NodeHarness(2, 0, -1, NodeConfig.DEFAULT).start(p, 5 * MS);
        assertThat(twoPass.node.diagnostics()).as("two-pass reserves nothing").isEmpty();
    }
}
