package io.ptosim.workloads;

import io.ptosim.kernel.ElementSource;
import io.ptosim.runtime.DataType;
import java.util.List;
import java.util.Objects;

/**
 * The arguments simpler's own orchestration of a workload takes at its entry, in order: the host tensors
 * its test passes (name, dtype, shape as the orchestration reads them, contents) then its scalars. This is
 * what {@code ptosim record --inputs WORKLOAD --case CASE} gives a user's compiled orchestration.
 *
 * @param tensors the tensors
 * @param scalars the scalars' 64-bit patterns
 */
public record EntryArgs(List<EntryTensor> tensors, List<Long> scalars) {
    /** Copies the lists. */
    public EntryArgs {
        tensors = List.copyOf(tensors);
        scalars = List.copyOf(scalars);
    }

    /**
     * One entry tensor.
     *
     * @param name its name in simpler's test
     * @param dtype element type
     * @param shape shape
     * @param values initial contents by element, or null for zeros
     */
    public record EntryTensor(String name, DataType dtype, int[] shape, ElementSource values) {
        /** Validates and copies. */
        public EntryTensor {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(dtype, "dtype");
            shape = shape.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }
    }
}
