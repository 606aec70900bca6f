package io.ptosim.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The work counters a timing model charges: lookups, chain entries visited, inserts, edges per task. */
class WorkCountersTest {
    private static final TensorView X = TensorView.external(0x9000, DataType.FLOAT32, 64);

    @Test
    void countersFollowWhatEachSubmitDid() {
        L2Runtime rt = new L2Runtime(RuntimeConfig.uniform(16, 4096, 64));
        long w1 = ((SubmitOutcome.Submitted) rt.submit(new SubmitRequest(new int[] {0, -1, -1},
                List.of(new SubmitRequest.TensorArg(TensorArgType.INOUT, X.view(new int[] {32}, new long[] {0}))),
                List.of(), 1, false, false))).taskId();
        assertThat(rt.lookups()).isEqualTo(1);
        assertThat(rt.chainEntriesVisited()).isZero();
        assertThat(rt.inserts()).isEqualTo(1);
        rt.submit(new SubmitRequest(new int[] {0, -1, -1},
                List.of(new SubmitRequest.TensorArg(TensorArgType.INOUT, X.view(new int[] {32}, new long[] {32}))),
                List.of(), 1, false, false));
        long reader = ((SubmitOutcome.Submitted) rt.submit(new SubmitRequest(new int[] {0, -1, -1},
                List.of(new SubmitRequest.TensorArg(TensorArgType.INPUT, X)), List.of(new SubmitRequest.Dep(w1,
                        DepKind.WAIT_RETAIN)), 1, false, false))).taskId();
        assertThat(rt.lookups()).isEqualTo(3);
        assertThat(rt.chainEntriesVisited()).as("the first write's entry, then both").isEqualTo(3);
        assertThat(rt.inserts()).isEqualTo(2);
        assertThat(rt.faninEdges(reader)).as("explicit w1 deduped with its TensorMap hit, plus w2").isEqualTo(2);
        assertThat(rt.fanoutPins(w1)).isEqualTo(1);
    }
}
