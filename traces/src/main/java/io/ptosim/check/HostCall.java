package io.ptosim.check;

import io.ptosim.runtime.DependencyReplay.TensorDataWait;
import io.ptosim.runtime.TensorDataRecord;
import java.util.Arrays;

/**
 * The orchestrator's own access to one element, a {@code get_tensor_data} or {@code set_tensor_data}
 * call, as the checker sees it: the call, what the runtime makes it wait for, and where the producers it
 * waits for are listed in submit order (-1 for one the graph does not list, an alloc_tensors task).
 *
 * @param call the call, its view resolved
 * @param waits what the runtime makes it wait for
 * @param producerPositions the submit-order position of each of {@code waits.producers()}
 */
record HostCall(TensorDataRecord call, TensorDataWait waits, int[] producerPositions) {
    /** {@code get_tensor_data} or {@code set_tensor_data}. */
    String api() {
        return call.api();
    }

    /** E.g. {@code set_tensor_data (op 7) at [0, 3]}. */
    String describe(String position) {
        return api() + " (" + position + ") at " + Arrays.toString(call.indices());
    }
}
