package io.ptosim.platform;

/** A platform that cannot be loaded or a setting that does not apply; the message names the key. */
public final class PlatformException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** An error with its message. */
    public PlatformException(String message) {
        super(message);
    }
}
