package io.ptosim.spi;

/** A backend that does not exist or cannot run here; the message lists what is available and why not. */
public final class BackendException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** An error with its message. */
    public BackendException(String message) {
        super(message);
    }
}
