package io.ptosim.runtime;

import java.util.List;

/** What a submit (or scope call) did: submitted, blocked until the rings move, or fatal. */
public sealed interface SubmitOutcome permits SubmitOutcome.Submitted, SubmitOutcome.Blocked, SubmitOutcome.Fatal {

    /**
     * The task was submitted.
     *
     * @param taskId its id
     * @param outputs its materialized outputs, in OUTPUT order
     */
    record Submitted(long taskId, List<TensorView> outputs) implements SubmitOutcome {
        /** Copies the outputs. */
        public Submitted {
            outputs = List.copyOf(outputs);
        }
    }

    /**
     * Nothing changed: a resource is short and only retirement can free it. Retry after the ring's
     * watermark moves; if nothing can move, the runtime's backstop reports {@code code} after ~500 ms.
     *
     * @param code the error the runtime latches if it stays blocked (2, 3, 4 or 11)
     * @param ring the ring whose resource is short
     * @param diagnosis what is short, with sizing advice
     */
    record Blocked(ErrorCode code, int ring, String diagnosis) implements SubmitOutcome {
    }

    /**
     * An error was latched; the runtime is fatal and every later call is a no-op.
     *
     * @param code the latched code
     * @param message the latched text and diagnosis
     */
    record Fatal(ErrorCode code, String message) implements SubmitOutcome {
    }
}
