package io.ptosim.mailbox;

/**
 * The V1 control sub-commands (spec §9.2) a parent asks of a child's chip worker, plus two of ptosim's
 * own that only its hardware backend's chip workers speak (V1 passed callables by pointer and had no
 * orderly device close): codes from 100 up, so they never meet a V1 code.
 */
public enum ControlCommand {
    /** Allocate ARG0 bytes of device memory; RESULT is the pointer. */
    MALLOC(0),
    /** Free the device pointer ARG0. */
    FREE(1),
    /** Copy ARG2 bytes from host ARG1 to device ARG0. */
    COPY_TO(2),
    /** Copy ARG2 bytes from device ARG1 to host ARG0. */
    COPY_FROM(3),
    /** ptosim: register the callable staged in the worker's folder as id ARG0 (ARG1 bytes). */
    REGISTER_CALLABLE(100),
    /** ptosim: close the device (unregister, finalize, destroy); RESULT is the device memory still held. */
    CLOSE(101);

    private final int code;

    ControlCommand(int code) {
        this.code = code;
    }

    /** The code written at {@link MailboxDescriptor#SUB_COMMAND}. */
    public int code() {
        return code;
    }

    /**
     * The sub-command with this code.
     *
     * @throws MailboxFormatException naming the code if it is none of them
     */
    public static ControlCommand of(long code) {
        for (ControlCommand c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        throw new MailboxFormatException("sub-command @" + MailboxDescriptor.SUB_COMMAND + ": unknown code " + code
                + "; expected 0 (MALLOC) to 3 (COPY_FROM), or ptosim's 100 (REGISTER_CALLABLE) and 101 (CLOSE)");
    }
}
