package io.ptosim.node;

/**
 * How a node task uses a tensor ({@code TensorArgType}, spec §2); only the orchestrator sees it, the
 * wire does not. INPUT looks its producer up; INOUT looks up and becomes the new writer (the only tag
 * that keeps the previous writer alive as a fan-in); OUTPUT and OUTPUT_EXISTING become the writer with
 * no edge (an OUTPUT with no address is carved from the heap ring); NO_DEP takes part in nothing.
 */
public enum Tag {
    /** Read: depends on the current writer. */
    INPUT(0),
    /** Written, fresh: becomes the writer; auto-allocated when it has no address. */
    OUTPUT(1),
    /** Read and written: depends on the current writer and replaces it. */
    INOUT(2),
    /** Written into an existing buffer: becomes the writer, no edge. */
    OUTPUT_EXISTING(3),
    /** Passed through without any dependency tracking. */
    NO_DEP(4);

    private final int code;

    Tag(int code) {
        this.code = code;
    }

    /** The i32 code of {@code TensorArgType}. */
    public int code() {
        return code;
    }

    /** Whether the tag reads the current writer (INPUT, INOUT). */
    public boolean looksUp() {
        return this == INPUT || this == INOUT;
    }

    /** Whether the tag makes the task the tensor's writer (OUTPUT, INOUT, OUTPUT_EXISTING). */
    public boolean inserts() {
        return this == OUTPUT || this == INOUT || this == OUTPUT_EXISTING;
    }
}
