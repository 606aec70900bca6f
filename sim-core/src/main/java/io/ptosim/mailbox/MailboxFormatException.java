package io.ptosim.mailbox;

/** A mailbox frame that breaks the layout; the message names the byte offset and the field. */
public final class MailboxFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A malformed frame, described. */
    public MailboxFormatException(String message) {
        super(message);
    }
}
