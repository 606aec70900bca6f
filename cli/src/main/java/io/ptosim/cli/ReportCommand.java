package io.ptosim.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ptosim report TRACE -o FILE}: a recorded run as one self-contained HTML page. It is
 * {@code ptosim replay TRACE --report FILE} under the name users look for: a ptosim trace is run again
 * from its header (and compared, so the page is the run as recorded, or the command says where it
 * diverged); simpler's deps.json is run trace-driven, with the swimlane records' kernel durations when
 * given.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes a recorded run as one self-contained HTML page: the summary, the timeline of cores and,"
                + " with --explain, where the time went.",
            "%nTRACE is a ptosim trace (run --trace), run again from its header and compared event by event, or"
                    + " simpler's deps.json, replayed trace-driven (see 'ptosim replay'). Prints what the replay"
                    + " prints, then the page's path. For a run you are about to make, 'ptosim run ... --report FILE'"
                    + " writes the same page directly.",
            "%nExit status: as 'ptosim replay': 0 the page shows the run as recorded (a deps.json: the edges agree"
                    + " and the run completed), 1 a divergence, disagreeing edges or a failed run, 2 bad usage or a"
                    + " malformed file."})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TRACE", description = "A ptosim trace (run --trace) or simpler's deps.json.")
    Path trace;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "The page to write.")
    Path output;

    @Option(names = "--swimlane", paramLabel = "FILE",
            description = "deps.json: chip_swimlane_records.json of the same run, for the kernel durations.")
    Path swimlane;

    @Option(names = "--explain", description = "Also show where the elapsed time went (see 'ptosim run --explain').")
    boolean explain;

    @Override
    public Integer call() throws Exception {
        OutputPaths.requireWritable(spec.commandLine(), "-o", output);
        ReplayCommand replay = new ReplayCommand();
        replay.spec = spec;
        replay.trace = trace;
        replay.swimlane = swimlane;
        replay.kernelNs = ReplayCommand.DEFAULT_KERNEL_NS;
        replay.maxScopeTasks = ReplayCommand.DEFAULT_MAX_SCOPE_TASKS;
        replay.sets = List.of();
        replay.explain = explain;
        replay.report = output;
        int status = replay.call();
        spec.commandLine().getOut().println(output);
        spec.commandLine().getOut().flush();
        return status;
    }
}
