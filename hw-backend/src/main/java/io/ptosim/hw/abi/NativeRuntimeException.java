package io.ptosim.hw.abi;

/** A host-runtime call failed or a loaded module is unusable; {@link #code()} is the C return code (or -1). */
public final class NativeRuntimeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Generic failure: argument or state errors, caught C++ exceptions. */
    public static final int ERROR = -1;
    /** {@code PTO_RUNTIME_ERR_UNSUPPORTED}. */
    public static final int UNSUPPORTED = -2;
    /** {@code PTO_RUNTIME_ERR_PREPARED_INCOMPATIBLE}: a prepare cannot overlap; retry at depth one. */
    public static final int PREPARED_INCOMPATIBLE = -3;

    private final int code;

    public NativeRuntimeException(int code, String message) {
        super(message + " (rc " + code + " " + nameOf(code) + ")");
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The name of a host-runtime return code; positive codes come from CANN unchanged. */
    public static String nameOf(int code) {
        return switch (code) {
            case 0 -> "OK";
            case ERROR -> "ERROR";
            case UNSUPPORTED -> "UNSUPPORTED";
            case PREPARED_INCOMPATIBLE -> "PREPARED_INCOMPATIBLE";
            default -> code > 0 ? "CANN_ERROR" : "UNKNOWN_ERROR";
        };
    }
}
