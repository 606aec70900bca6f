package io.ptosim.hw.abi;

/** {@code ArgDirection} (i32): how a callable uses each argument of its signature. */
public enum ArgDirection {
    SCALAR(0),
    IN(1),
    OUT(2),
    INOUT(3);

    private final int code;

    ArgDirection(int code) {
        this.code = code;
    }

    /** The value written into a signature slot. */
    public int code() {
        return code;
    }
}
