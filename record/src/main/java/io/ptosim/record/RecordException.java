package io.ptosim.record;

/**
 * A recording that could not be made or did not complete; {@link #exitCode()} is the status the command
 * ends with.
 */
public final class RecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why it failed, as the command's exit status. */
    public enum Kind {
        /** Bad input: a missing file, a mismatched build, arguments the orchestration refuses (exit 2). */
        BAD_INPUT(2),
        /** The orchestration crashed or the recorder failed (exit 1). */
        FAILED(1),
        /** The orchestration did not finish in time (exit 4; 3 is ptosim's status for its own bugs). */
        TIMEOUT(4);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    private final Kind kind;

    /** A failure of {@code kind} saying {@code message}. */
    public RecordException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** A failure of {@code kind} saying {@code message}, caused by {@code cause}. */
    public RecordException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** The kind of failure. */
    public Kind kind() {
        return kind;
    }

    /** The exit status the command ends with. */
    public int exitCode() {
        return kind.exitCode;
    }
}
