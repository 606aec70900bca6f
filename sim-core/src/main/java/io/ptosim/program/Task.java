package io.ptosim.program;

import java.util.List;

/**
 * What a submit or alloc_tensors returns in the DSL: the op that made the task, and its outputs as
 * tensors later ops can pass (they carry the creator edge).
 *
 * @param op the op index
 * @param outputs the materialized outputs, in OUTPUT order
 */
public record Task(int op, List<Tensor> outputs) {
    /** Copies the outputs. */
    public Task {
        outputs = List.copyOf(outputs);
    }

    /** The {@code i}-th output. */
    public Tensor output(int i) {
        if (i < 0 || i >= outputs.size()) {
            throw new IllegalArgumentException("task of op " + op + " has " + outputs.size() + " outputs, not output " + i);
        }
        return outputs.get(i);
    }
}
