package io.ptosim.cli;

import io.ptosim.mailbox.MailboxFormatException;
import io.ptosim.node.NodeProgramException;
import io.ptosim.platform.PlatformException;
import io.ptosim.program.ProgramException;
import io.ptosim.spi.BackendException;
import io.ptosim.traces.TraceFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Which exceptions a command may end with as an ordinary error (one line naming the input and what was
 * wrong) and which are bugs (printed with their stack trace, exit {@value #BUG_STATUS}).
 */
final class DomainErrors {
    /** The exit status of a run that ended in a bug. */
    static final int BUG_STATUS = 3;

    private DomainErrors() {
    }

    /** Whether {@code e} reports bad input, a missing file or an unavailable backend, not a bug. */
    static boolean isDomainError(Throwable e) {
        return e instanceof TraceFormatException || e instanceof ProgramException || e instanceof PlatformException
                || e instanceof BackendException || e instanceof NodeProgramException
                || e instanceof MailboxFormatException || e instanceof IOException || e instanceof UncheckedIOException;
    }
}
