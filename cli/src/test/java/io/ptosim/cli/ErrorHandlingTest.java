package io.ptosim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.mailbox.MailboxFormatException;
import io.ptosim.node.NodeProgramException;
import io.ptosim.platform.PlatformException;
import io.ptosim.program.ProgramException;
import io.ptosim.spi.BackendException;
import io.ptosim.traces.TraceFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * How a command's exception reaches the user: a domain error (bad input, a missing file, an unavailable
 * backend) is one line, anything else is a bug printed with its stack trace and exit 3. The handler is
 * {@link Main#install}'s, attached to a tiny command that throws what the test gives it.
 */
class ErrorHandlingTest {
    private static final String NL = System.lineSeparator();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** A command that ends with the exception it was built with. */
    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        private final Exception toThrow;

        Boom(Exception toThrow) {
            this.toThrow = toThrow;
        }

        @Override
        public Integer call() throws Exception {
            throw toThrow;
        }
    }

    private int run(Exception e) {
        CommandLine cli = Main.install(new CommandLine(new Boom(e)));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute();
    }

    @Test
    void theDomainErrorsAreBadInputMissingFilesAndUnavailableBackends() {
        assertThat(DomainErrors.isDomainError(new TraceFormatException("x"))).isTrue();
        assertThat(DomainErrors.isDomainError(new ProgramException("x"))).isTrue();
        assertThat(DomainErrors.isDomainError(new PlatformException("x"))).isTrue();
        assertThat(DomainErrors.isDomainError(new BackendException("x"))).isTrue();
        assertThat(DomainErrors.isDomainError(new NodeProgramException("x"))).isTrue();
        assertThat(DomainErrors.isDomainError(new MailboxFormatException("x"))).isTrue();
        assertThat(DomainErrors.isDomainError(new NoSuchFileException("/x"))).isTrue();
        assertThat(DomainErrors.isDomainError(new UncheckedIOException(new IOException("x")))).isTrue();
    }

    @Test
    void programmingErrorsAreNotDomainErrors() {
        assertThat(DomainErrors.isDomainError(new IllegalArgumentException("x"))).isFalse();
        assertThat(DomainErrors.isDomainError(new IllegalStateException("x"))).isFalse();
        assertThat(DomainErrors.isDomainError(new NullPointerException("x"))).isFalse();
        assertThat(DomainErrors.isDomainError(new ArrayIndexOutOfBoundsException(3))).isFalse();
        assertThat(DomainErrors.isDomainError(new RuntimeException(new IOException("wrapped")))).isFalse();
    }

    @Test
    void aBugPrintsInternalErrorAndItsStackTraceAndExitsThree() {
        assertThat(run(new IllegalStateException("ring index -1"))).isEqualTo(3);
        assertThat(out.toString()).isEmpty();
        String[] lines = err.toString().split("\\R");
        assertThat(lines[0]).isEqualTo("boom: internal error (a bug in ptosim, not in your input); please report it"
                + " with the command line and this trace:");
        assertThat(lines[1]).isEqualTo("java.lang.IllegalStateException: ring index -1");
        assertThat(lines[2]).startsWith("\tat ");
        assertThat(err.toString()).contains("at io.ptosim.cli.ErrorHandlingTest.aBugPrintsInternalError");
    }

    @Test
    void aDomainErrorIsOneLineExitOne() {
        assertThat(run(new BackendException("backend 'a5' is not available: no device"))).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("boom: backend 'a5' is not available: no device" + NL);
        err.getBuffer().setLength(0);
        assertThat(run(new NoSuchFileException("/data/run.ptrace"))).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("boom: /data/run.ptrace" + NL);
    }

    @Test
    void aMalformedTraceIsOneLineExitTwo() {
        assertThat(run(new TraceFormatException("run.ptrace line 3: expected a task id"))).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("boom: run.ptrace line 3: expected a task id" + NL);
    }

    @Test
    void aDomainErrorFromARealCommandIsOneLine() {
        CliHarness cli = new CliHarness();
        assertThat(cli.run("backends", "--set", "hw.startTimeoutMs=soon")).isEqualTo(1);
        assertThat(cli.err.toString()).isEqualTo("ptosim backends: --set hw.startTimeoutMs=soon: expected a whole number"
                + NL);
    }
}
