package io.ptosim.node;

import io.ptosim.runtime.TensorArgType;
import java.util.Objects;

/**
 * One tagged tensor argument of a node task. At the node level (spec §3.2) INPUT looks its producer up;
 * INOUT looks up and becomes the new writer (the only tag that keeps the previous writer alive as a
 * fan-in); OUTPUT and OUTPUT_EXISTING become the writer with no edge (an OUTPUT with no address is carved
 * from the heap ring); NO_DEP takes part in nothing. The tags never reach the wire.
 *
 * @param tag how the task uses it
 * @param tensor the tensor
 */
public record NodeArg(TensorArgType tag, NodeTensor tensor) {
    /** Checks nothing is null. */
    public NodeArg {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(tensor, "tensor");
    }

    /** Whether the task becomes the tensor's writer (OUTPUT, INOUT, OUTPUT_EXISTING: unlike on the chip, a node OUTPUT is registered). */
    public boolean inserts() {
        return tag == TensorArgType.OUTPUT || tag == TensorArgType.INOUT || tag == TensorArgType.OUTPUT_EXISTING;
    }

    @Override
    public String toString() {
        return tag + " " + tensor;
    }
}
