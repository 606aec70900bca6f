package io.ptosim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.runtime.L2Runtime;
import io.ptosim.runtime.Overlap;
import io.ptosim.runtime.SubmitRequest;
import io.ptosim.runtime.TaskId;
import org.junit.jupiter.api.Test;

/**
 * The stream's work per task is part of what the benchmark claims: pin its lookups, TensorMap hits and
 * edges (tasks run on ring 1, the scope's), counted before each submit with the same lookups the
 * submit makes.
 */
class PagedAttentionStreamTest {

    @Test
    void hundredScopesMakeThreeLookupsAndAboutOneCoveredHitPerTask() {
        PagedAttentionStream stream = new PagedAttentionStream();
        L2Runtime runtime = stream.runtime();
        long[] lookups = {0};
        long[] hits = {0};
        long[] covered = {0};
        long edges = 0;
        long tasks = 100L * PagedAttentionStream.SCOPE_TASKS;
        for (long n = 0; n < tasks; n++) {
            for (SubmitRequest.Arg a : stream.request(n).args()) {
                if (a instanceof SubmitRequest.TensorArg t && t.type().looksUp()) {
                    lookups[0]++;
                    runtime.tensorMap().lookup(t.view(), (e, p, v, o) -> {
                        hits[0]++;
                        covered[0] += o == Overlap.COVERED ? 1 : 0;
                    });
                }
            }
            stream.task();
            edges += runtime.faninProducers(TaskId.of(1, n)).length;
        }
        assertThat(lookups[0]).isEqualTo(76_800);
        assertThat(hits[0]).isEqualTo(24_099);
        assertThat(covered[0]).isEqualTo(24_099);
        assertThat(edges).isEqualTo(24_000);
        assertThat(runtime.tensorMap().used()).isEqualTo(16);
    }
}
