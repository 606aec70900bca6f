package io.ptosim.program;

import io.ptosim.runtime.DepKind;
import java.util.Objects;

/**
 * An explicit dependency of a submit on the task of an earlier op.
 *
 * @param op index of the producer's op (a submit or alloc_tensors)
 * @param kind WAIT or WAIT_RETAIN
 */
public record ExplicitDep(int op, DepKind kind) {
    /** Validates the kind. */
    public ExplicitDep {
        Objects.requireNonNull(kind, "kind");
    }
}
