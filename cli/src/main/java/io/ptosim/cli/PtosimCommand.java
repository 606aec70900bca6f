package io.ptosim.cli;

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
        subcommands = {RunCommand.class, SweepCommand.class, WorkloadsCommand.class, BackendsCommand.class, PlatformsCommand.class,
            CalibrateCommand.class,
            DepsCommand.class, CheckCommand.class, RecordCommand.class, ReplayCommand.class, FuzzCommand.class, BenchCommand.class,
            HelpCommand.class},
        usageHelpAutoWidth = true)
public final class PtosimCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
