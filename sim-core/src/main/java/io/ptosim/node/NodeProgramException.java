package io.ptosim.node;

/**
 * An error the node program itself causes while it runs (what simpler raises to the orchestration: a
 * bad worker id, an unmatched scope end, a heap request that can never fit). The run records it as the
 * orchestration's failure and drains; any other exception is a bug and propagates.
 */
public final class NodeProgramException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with its message. */
    public NodeProgramException(String message) {
        super(message);
    }
}
