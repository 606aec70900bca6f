package io.ptosim.runtime;

/**
 * How a task uses a tensor argument (spec §3.2, §3.4), with the runtime's codes. {@link #TRACKED_INPUT} is
 * the reader-tracking proposal (simpler issue #1388, PR #1810), not in the shipped runtime: ptosim derives
 * its edges only as a what-if.
 */
public enum TensorArgType {
    /** Read: creator edge, TensorMap lookup unless manual_dep, never registered. */
    INPUT(0),
    /** A new buffer the runtime allocates; never looked up or registered. */
    OUTPUT(1),
    /** Read and written: creator edge, lookup (COVERED hits removed) and registration unless manual_dep. */
    INOUT(2),
    /** Written into an existing buffer: creator edge, no lookup, registration unless manual_dep. */
    OUTPUT_EXISTING(3),
    /** Passed without dependency tracking: creator edge only. */
    NO_DEP(4),
    /**
     * Read, and registered as a reader (proposal): an INPUT whose later overlapping writers (INOUT,
     * OUTPUT_EXISTING) wait for it. Readers never wait for each other.
     */
    TRACKED_INPUT(5);

    private final int code;

    TensorArgType(int code) {
        this.code = code;
    }

    /** The runtime's code. */
    public int code() {
        return code;
    }

    /** Whether an arg of this type looks up the TensorMap's writes (when not manual_dep). */
    public boolean looksUp() {
        return this == INPUT || this == INOUT || this == TRACKED_INPUT;
    }

    /** Whether an arg of this type is registered in the TensorMap as a write (when not manual_dep). */
    public boolean registers() {
        return this == INOUT || this == OUTPUT_EXISTING;
    }

    /**
     * Whether an arg of this type is registered as a reader (when not manual_dep): TRACKED_INPUT, and
     * INPUT too when {@code allInputs} (the what-if {@code tensorMap.trackReaders}).
     */
    public boolean registersReader(boolean allInputs) {
        return this == TRACKED_INPUT || allInputs && this == INPUT;
    }

    /** Whether an arg of this type waits for the registered readers it overlaps (when not manual_dep). */
    public boolean findsReaders() {
        return registers();
    }

    /** Whether the task reads the arg's elements (INPUT, INOUT, TRACKED_INPUT). */
    public boolean reads() {
        return looksUp();
    }
}
