package io.ptosim.traces;

/** A file that does not follow its format; the message names the file, the field and what was expected. */
public final class TraceFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A format error with its location and expectation already in the message. */
    public TraceFormatException(String message) {
        super(message);
    }

    /** A format error caused by another failure. */
    public TraceFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
