package io.ptosim.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The reusable submit buffer: the same outcomes as a {@link SubmitRequest}, and nothing left from the last submit. */
class SubmitArgsTest {
    private static final TensorView X = TensorView.external(0x9000, DataType.FLOAT32, 64);
    private static final OutputSpec OUT = new OutputSpec(DataType.FLOAT32, new int[] {64}, false);

    @Test
    void aBufferedSubmitWiresAndPlacesExactlyAsTheRequestDoes() {
        L2Runtime viaRequest = new L2Runtime(RuntimeConfig.uniform(16, 4096, 64));
        L2Runtime viaArgs = new L2Runtime(RuntimeConfig.uniform(16, 4096, 64));
        SubmitRequest.OutputArg out = new SubmitRequest.OutputArg(OUT);
        SubmitOutcome.Submitted w = (SubmitOutcome.Submitted) viaRequest.submit(new SubmitRequest(new int[] {0, -1, -1},
                List.of(new SubmitRequest.TensorArg(TensorArgType.INOUT, X), out), List.of(), 1, false, false));
        SubmitOutcome.Submitted r = (SubmitOutcome.Submitted) viaRequest.submit(new SubmitRequest(new int[] {0, -1, -1},
                List.of(new SubmitRequest.TensorArg(TensorArgType.INPUT, X),
                        new SubmitRequest.TensorArg(TensorArgType.INPUT, w.outputs().get(0))), List.of(), 1, false, false));

        SubmitArgs a = new SubmitArgs();
        assertThat(viaArgs.submit(a.begin(0, -1, -1, 1, false, false).tensor(TensorArgType.INOUT, X).output(out.layout())))
                .isTrue();
        long writer = a.taskId();
        TensorView written = a.output(0);
        assertThat(viaArgs.submit(a.begin(0, -1, -1, 1, false, false).tensor(TensorArgType.INPUT, X)
                .tensor(TensorArgType.INPUT, written))).isTrue();

        assertThat(writer).isEqualTo(w.taskId());
        assertThat(written).isEqualTo(w.outputs().get(0));
        assertThat(a.taskId()).isEqualTo(r.taskId());
        assertThat(a.outputCount()).isZero();
        assertThat(viaArgs.faninProducers(a.taskId())).containsExactly(viaRequest.faninProducers(r.taskId()));
        assertThat(viaArgs.faninProducers(a.taskId())).containsExactly(writer);
        assertThat(a.tensors()).containsExactly(X, written);
    }

    @Test
    void aRefusedSubmitSaysWhyAndTheNextBeginForgetsIt() {
        L2Runtime rt = new L2Runtime(RuntimeConfig.uniform(16, 4096, 64));
        SubmitArgs a = new SubmitArgs();
        assertThat(rt.submit(a.begin(0, -1, -1, 1, false, false).dep(TaskId.INVALID, DepKind.WAIT))).isFalse();
        assertThat(a.refusal()).isInstanceOfSatisfying(SubmitOutcome.Fatal.class,
                f -> assertThat(f.message()).contains("explicit dependency on the invalid task id"));
        assertThat(a.taskId()).isEqualTo(TaskId.INVALID);
        a.begin(-1, -1, -1, 1, false, false);
        assertThat(a.refusal()).isNull();
        assertThat(a.argCount()).isZero();
    }
}
