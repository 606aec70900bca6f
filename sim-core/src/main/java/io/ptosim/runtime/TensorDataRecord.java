package io.ptosim.runtime;

import java.util.Objects;

/**
 * One {@code get_tensor_data} or {@code set_tensor_data} as the orchestrator issued it, with its view
 * resolved: where it falls among the submits, the view it waits on (spec §7.4: the owner and the
 * TensorMap writers of the whole view) and the one element it touches.
 *
 * @param submitsBefore how many submits the orchestrator issued before it
 * @param view the tensor passed to the call
 * @param indices the element's index per dimension of the view
 * @param write true for {@code set_tensor_data}
 */
public record TensorDataRecord(int submitsBefore, TensorView view, long[] indices, boolean write) {
    /** Validates the record and copies the indices. */
    public TensorDataRecord {
        Objects.requireNonNull(view, "view");
        if (indices.length != view.ndims()) {
            throw new IllegalArgumentException("indices has " + indices.length + " entries but the view has "
                    + view.ndims() + " dims");
        }
        indices = indices.clone();
    }

    /** A copy of the indices. */
    @Override
    public long[] indices() {
        return indices.clone();
    }

    /** The element touched, in elements from the buffer's start: the view's start plus index times stride. */
    public long element() {
        long e = view.startOffset();
        for (int i = 0; i < indices.length; i++) {
            e += indices[i] * view.stride(i);
        }
        return e;
    }

    /** {@code get_tensor_data} or {@code set_tensor_data}. */
    public String api() {
        return write ? "set_tensor_data" : "get_tensor_data";
    }
}
