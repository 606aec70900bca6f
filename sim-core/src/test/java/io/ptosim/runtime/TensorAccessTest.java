package io.ptosim.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** get/set_tensor_data's wait (spec §7.4), its guards (scenarios 43, 44) and its timeout (code 8). */
class TensorAccessTest {
    private static final TensorView X = TensorView.external(0x9000, DataType.FLOAT32, 64);
    private final L2Runtime rt = new L2Runtime(RuntimeConfig.uniform(16, 4096, 64));

    private SubmitOutcome.Submitted submit(List<SubmitRequest.Arg> args, SubmitRequest.Dep... deps) {
        SubmitOutcome o = rt.submit(new SubmitRequest(new int[] {0, -1, -1}, args, List.of(deps), 1, false, false));
        assertThat(o).isInstanceOf(SubmitOutcome.Submitted.class);
        return (SubmitOutcome.Submitted) o;
    }

    private long writer(TensorView v) {
        return submit(List.of(new SubmitRequest.TensorArg(TensorArgType.INOUT, v))).taskId();
    }

    private void run(long task) {
        rt.ready().remove(task);
        rt.complete(task);
    }

    @Test
    void aReadWaitsForEachTensorMapWriterNewestFirstThenGoesAhead() {
        long w1 = writer(X.view(new int[] {32}, new long[] {0}));
        long w2 = writer(X.view(new int[] {32}, new long[] {32}));
        assertThat(rt.tensorAccess(X, false)).isEqualTo(new TensorAccess.Waiting(w2, false));
        run(w2);
        assertThat(rt.tensorAccess(X, false)).isEqualTo(new TensorAccess.Waiting(w1, false));
        assertThat(rt.tensorAccess(X.view(new int[] {8}, new long[] {40}), false)).isEqualTo(new TensorAccess.Ready());
        run(w1);
        assertThat(rt.tensorAccess(X, false)).isEqualTo(new TensorAccess.Ready());
    }

    @Test
    void aWriteAlsoWaitsUntilTheProducersConsumersReleasedTheirPins() {
        SubmitOutcome.Submitted p = submit(List.of(new SubmitRequest.OutputArg(
                new OutputSpec(DataType.FLOAT32, new int[] {16}, false))));
        TensorView out = p.outputs().get(0);
        long reader = submit(List.of(new SubmitRequest.TensorArg(TensorArgType.INPUT, out))).taskId();
        assertThat(rt.tensorAccess(out, false)).isEqualTo(new TensorAccess.Waiting(p.taskId(), false));
        run(p.taskId());
        assertThat(rt.tensorAccess(out, false)).isEqualTo(new TensorAccess.Ready());
        assertThat(rt.tensorAccess(out, true)).isEqualTo(new TensorAccess.Waiting(p.taskId(), true));
        run(reader);
        assertThat(rt.tensorAccess(out, true)).as("completed but not released").isEqualTo(
                new TensorAccess.Waiting(p.taskId(), true));
        rt.release(reader);
        assertThat(rt.tensorAccess(out, true)).as("the open scope's reference does not count")
                .isEqualTo(new TensorAccess.Ready());
    }

    @Test
    void code08AWaitThatLastsFifteenSecondsIsFatalWithTheSpecText() {
        long w = writer(X);
        TensorAccess.Waiting wait = (TensorAccess.Waiting) rt.tensorAccess(X, true);
        SubmitOutcome.Fatal f = rt.tensorWaitTimedOut(wait);
        assertThat(f.code().code()).isEqualTo(8);
        assertThat(f.message()).isEqualTo("FATAL: Tensor wait timeout: Timeout (15000 ms): producer (ring=0, local="
                + TaskId.local(w) + ") not completed");
        assertThat(rt.fatal()).contains(f);
        assertThat(rt.tensorWaitTimedOut(new TensorAccess.Waiting(w, true))).isSameAs(f);
    }

    @Test
    void scenario43AfterAFatalErrorAnAccessDoesNothing() {
        SubmitOutcome.Fatal f = rt.reportFatal("boom 7");
        assertThat(rt.tensorAccess(X, false)).isEqualTo(new TensorAccess.Failed(f));
        assertThat(rt.tensorAccess(X, true)).isEqualTo(new TensorAccess.Failed(f));
    }

    @Test
    void scenario44BlockingAccessInsideAHybridManualScopeIsInvalidArgs() {
        rt.beginScope(ScopeMode.MANUAL_HYBRID);
        TensorAccess a = rt.tensorAccess(X, false);
        assertThat(a).isInstanceOf(TensorAccess.Failed.class);
        SubmitOutcome.Fatal f = ((TensorAccess.Failed) a).fatal();
        assertThat(f.code()).isEqualTo(ErrorCode.INVALID_ARGS);
        assertThat(f.message()).isEqualTo("blocking tensor data access is not supported inside"
                + " PTO2_SCOPE(PTO2ScopeMode::MANUAL); exit the manual scope first");
        L2Runtime set = new L2Runtime(RuntimeConfig.uniform(16, 4096, 64));
        set.beginScope(ScopeMode.MANUAL_HYBRID);
        assertThat(set.tensorAccess(X, true)).isInstanceOf(TensorAccess.Failed.class);
        L2Runtime v0 = new L2Runtime(RuntimeConfig.uniform(16, 4096, 64));
        v0.beginScope(ScopeMode.MANUAL);
        assertThat(v0.tensorAccess(X, true)).as("today's manual scope has no such guard").isEqualTo(
                new TensorAccess.Ready());
    }

    @Test
    void anUnallocatedBufferIsLoggedNotFatal() {
        TensorView unallocated = TensorView.external(0, DataType.FLOAT32, 4);
        assertThat(rt.tensorAccess(unallocated, false)).isEqualTo(new TensorAccess.Unallocated("get_tensor_data: buffer"
                + " not allocated (addr=0). Use the Tensor returned by add_output(TensorCreateInfo) after submit returns."));
        assertThat(rt.tensorAccess(unallocated, true)).isInstanceOf(TensorAccess.Unallocated.class);
        assertThat(rt.fatal()).isEmpty();
    }
}
