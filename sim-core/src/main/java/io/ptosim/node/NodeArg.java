package io.ptosim.node;

import java.util.Objects;

/**
 * One tagged tensor argument of a node task.
 *
 * @param tag how the task uses it
 * @param tensor the tensor
 */
public record NodeArg(Tag tag, NodeTensor tensor) {
    /** Checks nothing is null. */
    public NodeArg {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(tensor, "tensor");
    }

    @Override
    public String toString() {
        return tag + " " + tensor;
    }
}
