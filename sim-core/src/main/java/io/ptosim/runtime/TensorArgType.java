package io.ptosim.runtime;

/** How a task uses a tensor argument (spec §3.2, §3.4), with the runtime's codes. */
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
    NO_DEP(4);

    private final int code;

    TensorArgType(int code) {
        this.code = code;
    }

    /** The runtime's code. */
    public int code() {
        return code;
    }

    /** Whether an arg of this type looks up the TensorMap (when not manual_dep). */
    public boolean looksUp() {
        return this == INPUT || this == INOUT;
    }

    /** Whether an arg of this type is registered in the TensorMap (when not manual_dep). */
    public boolean registers() {
        return this == INOUT || this == OUTPUT_EXISTING;
    }
}
