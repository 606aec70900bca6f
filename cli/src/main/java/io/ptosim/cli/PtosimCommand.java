package io.ptosim.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code ptosim} command: lists the subcommands. */
@Command(
        name = "ptosim",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Deterministic discrete-event emulator of the PTO runtime for Ascend NPUs (a2a3, a5).",
            "The same program, platform and seed always give byte-identical results."
        },
        usageHelpAutoWidth = true)
public final class PtosimCommand implements Runnable {
    /**
     * The subcommands by name, in the order {@code --help} lists them. {@link Main} adds only the one a
     * command line names (building every command's model costs start-up time), all of them otherwise.
     */
    static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    @Spec
    CommandSpec spec;

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("run", RunCommand::new);
        m.put("sweep", SweepCommand::new);
        m.put("workloads", WorkloadsCommand::new);
        m.put("backends", BackendsCommand::new);
        m.put("platforms", PlatformsCommand::new);
        m.put("calibrate", CalibrateCommand::new);
        m.put("deps", DepsCommand::new);
        m.put("check", CheckCommand::new);
        m.put("record", RecordCommand::new);
        m.put("replay", ReplayCommand::new);
        m.put("report", ReportCommand::new);
        m.put("fuzz", FuzzCommand::new);
        m.put("bench", BenchCommand::new);
        // Not HelpCommand::new: no method handle into picocli's Java 5 classes, which the start-up cache's
        // class linking cannot take (see Main.install).
        m.put("help", () -> new HelpCommand());
        return Collections.unmodifiableMap(m);
    }

    /** Adds the subcommand {@code name} to {@code root}, or every subcommand when it names none. */
    static CommandLine addSubcommands(CommandLine root, String name) {
        Supplier<Object> one = name == null || name.equals("help") ? null : SUBCOMMANDS.get(name);
        if (one != null) {
            root.addSubcommand(name, one.get());
        } else {
            SUBCOMMANDS.forEach((n, command) -> root.addSubcommand(n, command.get()));
        }
        return root;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
