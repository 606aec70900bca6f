package io.ptosim.program;

/** A program that breaks a rule; the message names the op index and field and what was expected. */
public final class ProgramException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error whose message already names where and what. */
    public ProgramException(String message) {
        super(message);
    }
}
