package io.ptosim.program;

import static io.ptosim.program.Args.args;
import static io.ptosim.runtime.DataType.FLOAT32;
import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.des.RandomStreams;
import io.ptosim.runtime.ErrorCode;
import io.ptosim.runtime.RuntimeConfig;
import io.ptosim.runtime.ScopeMode;
import org.junit.jupiter.api.Test;

/** The untimed stepper on programs with blocking tensor data access. */
class UntimedRunTest {
    private static final RuntimeConfig ROOMY = RuntimeConfig.uniform(64, 1 << 20, 256);

    private static UntimedRun.Outcome run(Program p) {
        return UntimedRun.run(p, ROOMY, new RandomStreams(1).stream("order"), (rt, e) -> { });
    }

    @Test
    void aSetWaitsForTheWriterAndItsReaderThenTheRunCompletes() {
        Orchestration orch = new Orchestration("set-after-read");
        Tensor x = orch.external("x", 0x1000, FLOAT32, 16);
        Task w = orch.submitAic(0, args().inout(x).output(FLOAT32, 16));
        orch.submitAiv(1, args().input(w.output(0)));
        orch.setTensorData(w.output(0), 7, 3);
        orch.getTensorData(x, 0);
        UntimedRun.Outcome o = run(orch.build());
        assertThat(o.result()).isEqualTo(UntimedRun.Result.COMPLETED);
        assertThat(o.trace()).filteredOn(e -> e.startsWith("set_tensor_data")).containsExactly(
                "set_tensor_data op 2 waits for t0", "set_tensor_data op 2 waits for t0's consumers",
                "set_tensor_data op 2");
        assertThat(o.trace()).contains("get_tensor_data op 3");
        int released = o.trace().indexOf("release t1");
        assertThat(released).isGreaterThanOrEqualTo(0).isLessThan(o.trace().indexOf("set_tensor_data op 2"));
    }

    @Test
    void aBlockingAccessInsideAHybridScopeStopsTheRunWithCode5() {
        Orchestration orch = new Orchestration("get-in-hybrid");
        Tensor x = orch.external("x", 0x1000, FLOAT32, 16);
        orch.scope(ScopeMode.MANUAL_HYBRID, () -> orch.getTensorData(x, 0));
        UntimedRun.Outcome o = run(orch.build());
        assertThat(o.result()).isEqualTo(UntimedRun.Result.STOPPED);
        assertThat(o.code()).isEqualTo(ErrorCode.INVALID_ARGS);
        assertThat(o.message()).startsWith("blocking tensor data access is not supported inside");
    }
}
