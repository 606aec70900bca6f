package io.ptosim.program;

import static io.ptosim.program.Args.args;
import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.runtime.DataType;
import io.ptosim.runtime.DependencyReplay;
import io.ptosim.runtime.DependencyReplay.TensorDataWait;
import io.ptosim.runtime.ScopeMode;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorDataRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the dependency replay says a get/set_tensor_data waits for (spec §7.4), on programs resolved by
 * {@link DependencyView#issuedBy}: the owner and TensorMap writers of the view, and for a set the
 * consumers whose edges retain them (creator edges and WAIT_RETAIN deps), not those holding WAIT only.
 */
class TensorDataWaitsTest {
    private static List<TensorDataWait> waits(Orchestration orch) {
        DependencyView.Issued issued = DependencyView.issuedBy(orch.build());
        return DependencyReplay.tensorDataWaits(issued.submits(), issued.tensorData());
    }

    @Test
    void callsAreResolvedWithTheirPlaceAmongTheSubmitsAndTheirElement() {
        Orchestration orch = new Orchestration("place");
        Tensor x = orch.external("x", 0x8000, DataType.FLOAT32, 4, 8);
        orch.getTensorData(x, 0, 0);
        orch.submitAiv(0, args().inout(x));
        orch.setTensorData(x.view(new int[] {2, 4}, new long[] {1, 2}), 7, 1, 3);
        List<TensorDataRecord> calls = DependencyView.issuedBy(orch.build()).tensorData();
        assertThat(calls).extracting(TensorDataRecord::submitsBefore).containsExactly(0, 1);
        assertThat(calls).extracting(TensorDataRecord::element).containsExactly(0L, 8L + 2 + 8 + 3);
        assertThat(calls).extracting(TensorDataRecord::api).containsExactly("get_tensor_data", "set_tensor_data");
    }

    @Test
    void aCallWaitsForTheTensorMapWritersItsViewOverlapsAndOnlyThoseSubmittedBeforeIt() {
        Orchestration orch = new Orchestration("writers");
        Tensor x = orch.external("x", 0x8000, DataType.FLOAT32, 64);
        orch.submitAiv(0, args().inout(x.view(new int[] {32}, new long[] {0})));
        orch.submitAiv(0, args().inout(x.view(new int[] {32}, new long[] {32})));
        orch.getTensorData(x, 40);
        orch.getTensorData(x.view(new int[] {8}, new long[] {0}), 1);
        orch.scope(ScopeMode.MANUAL, () -> orch.submitAiv(0, args().inout(x)));
        orch.submitAiv(0, args().outputExisting(x.manualDep(true)));
        orch.getTensorData(x, 40);
        List<TensorDataWait> w = waits(orch);
        assertThat(w.get(0).producers()).containsExactly(TaskId.of(0, 1), TaskId.of(0, 0));
        assertThat(w.get(1).producers()).containsExactly(TaskId.of(0, 0));
        assertThat(w.get(2).producers()).as("manual scope and manual_dep writes are not in the TensorMap")
                .containsExactly(TaskId.of(0, 1), TaskId.of(0, 0));
        assertThat(w.get(0).retainers()).as("a get waits for no consumer").isEmpty();
    }

    @Test
    void aSetWaitsForTheConsumersThatRetainTheOwnerButNotForThoseHoldingWaitOnly() {
        Orchestration orch = new Orchestration("pins");
        Task p = orch.submitAiv(0, args().output(DataType.FLOAT32, 16));
        Tensor o = p.output(0);
        orch.submitAiv(1, args().input(o));
        orch.submitAiv(1, args().input(o).depWait(p));
        orch.beginScope(ScopeMode.MANUAL);
        orch.submitAiv(1, args().input(o).depWait(p));
        orch.submitAiv(1, args().input(o).dep(p));
        orch.submitAiv(1, args().input(o));
        orch.endScope();
        orch.setTensorData(o, 7, 3);
        TensorDataWait w = waits(orch).get(0);
        long t0 = TaskId.of(0, 0);
        assertThat(w.producers()).containsExactly(t0);
        assertThat(w.retainers()).as("creator edges retain, a WAIT dep ORed with one too, and add_dep")
                .containsExactly(TaskId.of(0, 1), TaskId.of(0, 2), TaskId.of(1, 1));
        assertThat(w.waitOnly()).as("add_dep_wait releases its pin at wiring").containsExactly(TaskId.of(1, 0));
    }

    @Test
    void tensorMapReadersHoldWaitOnlyEdgesOnTheWriter() {
        Orchestration orch = new Orchestration("readers");
        Tensor x = orch.external("x", 0x8000, DataType.FLOAT32, 64);
        orch.submitAiv(0, args().inout(x));
        orch.submitAiv(1, args().input(x));
        orch.setTensorData(x, 7, 3);
        TensorDataWait w = waits(orch).get(0);
        assertThat(w.producers()).containsExactly(TaskId.of(0, 0));
        assertThat(w.retainers()).isEmpty();
        assertThat(w.waitOnly()).containsExactly(TaskId.of(0, 1));
    }
}
