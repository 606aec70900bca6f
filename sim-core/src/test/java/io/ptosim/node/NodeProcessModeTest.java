package io.ptosim.node;

import static io.ptosim.node.NodeHarness.A;
import static io.ptosim.node.NodeHarness.out;
import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.mailbox.MailboxState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PROCESS mode end to end: the children's start-up report is taken, so tasks and controls can be posted. */
class NodeProcessModeTest {
    private static final long MS = 1_000_000;

    @Test
    void aControlAChipTaskAndASubTaskRunAfterTheForksAndLeaveTheMailboxIdle() {
        NodeHarness h = new NodeHarness(1, 1, 10_000, NodeConfig.DEFAULT.withMode(WorkerMode.PROCESS));
        List<String> log = new ArrayList<>();
        NodeProgram.Builder b = NodeProgram.builder("process");
        b.malloc(0, 64);
        b.submit(A, 0, out(1)).submitSub(NodeHarness.sub("S", 5_000, log), out(2));
        h.start(b.build(), 500 * MS);
        NodeRunResult r = h.node.result();
        assertThat(r.error()).isEmpty();
        assertThat(r.ok()).isTrue();
        assertThat(r.dispatches()).isEqualTo(2);
        assertThat(log).containsExactly("S");
        assertThat(h.chip(0).seen).hasSize(1);
        assertThat(h.chip(0).startedAt.get(0)).as("after both forks (2 x 30 ms)").isGreaterThanOrEqualTo(60 * MS);
        assertThat(h.node.mailboxState(0)).isEqualTo(MailboxState.IDLE);
    }
}
