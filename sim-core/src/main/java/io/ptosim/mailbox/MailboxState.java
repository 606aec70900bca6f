package io.ptosim.mailbox;

/** The states of a V1 mailbox (spec §9.2), with their i32 codes, plus the start-up handshake. */
public enum MailboxState {
    /** Free: the parent may post a task or a control request. */
    IDLE(0),
    /** The parent posted a task; the child runs it. */
    TASK_READY(1),
    /** The child finished the task and wrote its error code. */
    TASK_DONE(2),
    /** The parent asks the child to finish and exit. */
    SHUTDOWN(3),
    /** The parent posted a control sub-command. */
    CONTROL_REQUEST(4),
    /** The child carried the control sub-command out and wrote its result and error. */
    CONTROL_DONE(5),
    /** Start-up: the child is ready for work. */
    INIT_READY(6),
    /** Start-up: the child could not initialise; it exits. */
    INIT_FAILED(7);

    private final int code;

    MailboxState(int code) {
        this.code = code;
    }

    /** The i32 written at {@link MailboxDescriptor#STATE}. */
    public int code() {
        return code;
    }

    /**
     * The state with this code.
     *
     * @throws MailboxFormatException naming the code if it is none of them
     */
    public static MailboxState of(int code) {
        for (MailboxState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new MailboxFormatException("state @" + MailboxDescriptor.STATE + ": unknown state code " + code
                + "; expected 0 to " + (values().length - 1));
    }
}
