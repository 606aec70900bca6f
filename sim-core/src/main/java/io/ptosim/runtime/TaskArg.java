package io.ptosim.runtime;

import java.util.Objects;

/**
 * One tensor argument of a submit: its type and the view it passes. For an {@link TensorArgType#OUTPUT}
 * the view is the buffer the runtime materialized (owner = the submitting task); the dependency rules
 * never look at it.
 *
 * @param type how the task uses the tensor
 * @param view the tensor view
 */
public record TaskArg(TensorArgType type, TensorView view) {
    /** Validates that both are present. */
    public TaskArg {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(view, "view");
    }
}
