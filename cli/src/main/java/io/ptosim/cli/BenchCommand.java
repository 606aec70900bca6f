package io.ptosim.cli;

import io.ptosim.bench.JmhMedians;
import io.ptosim.bench.QuickBench;
import io.ptosim.bench.WorkloadBench;
import io.ptosim.bench.WorkloadFork;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import org.openjdk.jmh.runner.RunnerException;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ptosim bench}: the headline performance figures, measured now on this machine. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measures ptosim's headline performance figures on this machine.",
            "%nEvents per second of the event queue alone and of the whole engine in the hold model (take"
                    + " the earliest event, schedule one after a random delay), at 1,000 and 1,000,000 pending"
                    + " events, next to a java.util.PriorityQueue baseline, in a JVM of their own without the"
                    + " launcher's fixed young generation. Each figure is the"
                    + " median of " + QuickBench.MEASURED_ROUNDS + " rounds. Then paged-attention Case1 (auto, a2a3) end to end on"
                    + " the simulated chip: simulated tasks per wall second, timing only (best and median of "
                    + WorkloadBench.ROUNDS + " rounds after " + WorkloadBench.WARMUP + " warm-up rounds, and the"
                    + " median run's ratio to the a2a3 silicon's 36.8 ms; these end-to-end figures are measured in a"
                    + " JVM of their own, with this one's options), the run split into layers (the runtime"
                    + " semantics measured alone, the event engine as the run's events at its hold-model rate with "
                    + WorkloadBench.ENGINE_PENDING + " pending timers, as many as the run keeps, the chip model as the"
                    + " rest), the bytes one"
                    + " timing-only run allocates per task, and the wall time of one functional run (kernel bodies and golden check; --timing-only skips it).",
            "%nLast, the small runs: vector-example and paged-attention CaseSmall1 warm in this JVM (median"
                    + " milliseconds per run), and the whole process of './ptosim run vector-example' (median"
                    + " seconds; only when run through the launcher of a checkout).",
            "%nWith --jmh it runs the JMH benchmarks instead (event queue and engine at 10^3, 10^5 and 10^6"
                    + " pending, the runtime's submit path, TensorMap lookups, 'ptosim check' of a 10^6-task"
                    + " program; all of them take about 7 minutes) and"
                    + " prints the median of each; JMH options"
                    + " and a benchmark regex follow '--', e.g. 'ptosim bench --jmh -- QueueHold -p pending=1000';"
                    + " with '-prof gc' the table adds the bytes allocated per operation."
        })
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the figures as one JSON object instead of a table.")
    boolean json;

    @Option(names = "--timing-only", description = "Skip the functional paged-attention Case1 run (the slowest figure).")
    boolean timingOnly;

    @Option(names = "--jmh", description = "Run the JMH benchmarks (minutes) and print their medians.")
    boolean jmh;

    @Parameters(paramLabel = "JMH_ARG", description = "With --jmh: JMH options and benchmark regexes (after '--').")
    List<String> jmhArgs = new ArrayList<>();

    @Override
    public Integer call() throws RunnerException {
        PrintWriter err = spec.commandLine().getErr();
        if (jmh) {
            if (json) {
                throw new ParameterException(spec.commandLine(), "--json and --jmh cannot be combined");
            }
            return JmhMedians.run(jmhArgs.toArray(String[]::new), spec.commandLine().getOut(), err);
        }
        if (!jmhArgs.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "arguments " + jmhArgs + " are for JMH and need --jmh");
        }
        List<QuickBench.HoldFigure> figures = WorkloadFork.hold(line -> {
            err.println("measuring " + line);
            err.flush();
        });
        WorkloadBench.Figures workload = WorkloadFork.measure(line -> {
            err.println("measuring " + line);
            err.flush();
        }, !timingOnly);
        double[] process = ProcessStartBench.measure(line -> {
            err.println("measuring " + line);
            err.flush();
        });
        BenchReport report = BenchReport.ofThisMachine(figures, workload, process);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? report.json() : report.table());
        out.flush();
        return 0;
    }
}
