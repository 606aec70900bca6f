package io.ptosim.cli;

import io.ptosim.traces.TraceFormatException;
import picocli.CommandLine;

/** Entry point of the {@code ptosim} jar. */
public final class Main {
    private Main() {
    }

    /** Runs the command line and exits with its status: 0 success, 1 failure, 2 bad usage or a malformed input file. */
    public static void main(String[] args) {
        int status;
        try {
            status = commandLine(args.length > 0 ? args[0] : null).execute(args);
        } catch (OutOfMemoryError e) {
            System.err.printf("ptosim: the Java heap (%d MiB) is too small for this input; give it more, e.g."
                    + " PTOSIM_JAVA_OPTS='-Xmx8g -XX:+UseParallelGC'%n", Runtime.getRuntime().maxMemory() >> 20);
            status = 2;
        }
        System.exit(status);
    }

    /** The configured command line with every subcommand, also used by tests. */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The configured command line with only subcommand {@code name} when it is one (a command line that
     * names it needs no other), else with every subcommand.
     */
    static CommandLine commandLine(String name) {
        return install(PtosimCommand.addSubcommands(new CommandLine(new PtosimCommand()), name));
    }

    /**
     * Attaches ptosim's error handling to {@code cli}: a domain error ({@link DomainErrors}) is one line
     * (exit 2 for a malformed trace, else 1), anything else a bug with its stack trace (exit 3), and a usage
     * error one line and a hint (exit 2). Returns {@code cli}.
     */
    static CommandLine install(CommandLine cli) {
        cli.setExecutionExceptionHandler(new ExecutionErrors());
        cli.setParameterExceptionHandler(new UsageErrors());
        return cli;
    }

    /**
     * A command's exception: a domain error is one line, anything else a bug with its trace. A class, not
     * a lambda: a lambda of picocli's (Java 5) interfaces keeps the start-up cache from linking classes.
     */
    private static final class ExecutionErrors implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
            String name = cmd.getCommandSpec().qualifiedName();
            if (!DomainErrors.isDomainError(e)) {
                cmd.getErr().println(name + ": internal error (a bug in ptosim, not in your input); please report it"
                        + " with the command line and this trace:");
                e.printStackTrace(cmd.getErr());
                return DomainErrors.BUG_STATUS;
            }
            cmd.getErr().println(name + ": " + e.getMessage());
            return e instanceof TraceFormatException ? 2 : 1;
        }
    }

    /** A usage error: one line and a hint, exit 2. */
    private static final class UsageErrors implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException e, String[] args) {
            CommandLine cmd = e.getCommandLine();
            String name = cmd.getCommandSpec().qualifiedName();
            cmd.getErr().println(name + ": " + e.getMessage());
            cmd.getErr().println("Try '" + name + " --help' for usage.");
            return 2;
        }
    }
}
