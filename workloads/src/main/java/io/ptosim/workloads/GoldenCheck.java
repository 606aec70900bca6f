package io.ptosim.workloads;

import io.ptosim.kernel.DeviceMemory;
import io.ptosim.runtime.TensorView;
import java.util.List;
import java.util.function.Function;

/** Compares a finished functional run's outputs with a plain-Java reference. */
@FunctionalInterface
public interface GoldenCheck {
    /**
     * The mismatches (at most a few, each naming the buffer, element, expected and actual value and the
     * tolerance), empty when the outputs match.
     *
     * @param memory the device memory after the run
     * @param external the whole-buffer view of each external buffer, by name
     */
    List<String> mismatches(DeviceMemory memory, Function<String, TensorView> external);
}
