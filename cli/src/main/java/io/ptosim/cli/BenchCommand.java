package io.ptosim.cli;

import io.ptosim.bench.QuickBench;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ptosim bench}: the headline performance figures, measured now on this machine. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measures ptosim's headline performance figures on this machine.",
            "%nEvents per second of the event queue alone and of the whole engine in the hold model (take"
                    + " the earliest event, schedule one after a random delay), at 1,000 and 1,000,000 pending"
                    + " events, next to a java.util.PriorityQueue baseline. Each figure is the median of "
                    + QuickBench.MEASURED_ROUNDS + " rounds; the whole run takes a few seconds. For publishable"
                    + " numbers run the JMH benchmarks (README, \"Benchmarks\")."
        })
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the figures as one JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        List<QuickBench.HoldFigure> figures = QuickBench.run(line -> {
            err.println("measuring " + line);
            err.flush();
        });
        BenchReport report = BenchReport.ofThisMachine(figures);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? report.json() : report.table());
        out.flush();
        return 0;
    }
}
