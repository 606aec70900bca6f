package io.ptosim.runtime;

/**
 * What {@code get_tensor_data} / {@code set_tensor_data} found when the orchestrator asked to touch one
 * element of a tensor (spec §7.4): go ahead, wait for a producer, nothing to touch, or fatal.
 */
public sealed interface TensorAccess
        permits TensorAccess.Ready, TensorAccess.Waiting, TensorAccess.Unallocated, TensorAccess.Failed {

    /** Every producer the access waits for is done: the element may be read or written now. */
    record Ready() implements TensorAccess {
    }

    /**
     * The access must wait for {@code producer}; ask again when it changes. A wait that lasts the
     * runtime's 15 s is ended with {@link L2Runtime#tensorWaitTimedOut}, which latches code 8.
     *
     * @param producer the first producer not done yet (the owner, then the TensorMap hits in lookup order)
     * @param forConsumers false: it has not completed; true (a write only): its consumers still hold pins
     */
    record Waiting(long producer, boolean forConsumers) implements TensorAccess {
    }

    /**
     * The tensor's buffer address is 0: the runtime logs {@code message} and a read returns 0, a write
     * does nothing; not fatal.
     *
     * @param message the logged error
     */
    record Unallocated(String message) implements TensorAccess {
    }

    /**
     * The runtime is (or just became) fatal; a read returns 0.
     *
     * @param fatal the latched error
     */
    record Failed(SubmitOutcome.Fatal fatal) implements TensorAccess {
    }
}
