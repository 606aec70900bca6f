package io.ptosim.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs the JMH benchmarks with the usual JMH command line (a benchmark regex, {@code -p pending=1000},
 * {@code -f}, {@code -i}, ...) and then prints one line per benchmark with the <em>median</em> of its
 * measurement iterations, min and max, since medians are what the project quotes, and with
 * {@code -prof gc} the median bytes allocated per operation. Behind {@code ptosim bench --jmh}.
 */
public final class JmhMedians {
    private JmhMedians() {
    }

    /**
     * Runs the benchmarks the JMH arguments select and prints the medians table to {@code out}.
     *
     * @return 0 on success, 2 for bad JMH arguments
     * @throws RunnerException if JMH fails to run a benchmark
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) throws RunnerException {
        CommandLineOptions options;
        try {
            options = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            err.println("ptosim bench --jmh: " + e.getMessage());
            return 2;
        }
        Options forks = options;
        if (!options.getJvmArgs().hasValue()) {
            forks = new OptionsBuilder().parent(options)
                    .jvmArgs(forkArgs(ManagementFactory.getRuntimeMXBean().getInputArguments()).toArray(String[]::new))
                    .build();
        }
        Collection<RunResult> results;
        try {
            results = new Runner(forks).run();
        } catch (NoBenchmarksException e) {
            err.println("ptosim bench --jmh: no benchmark matches " + options.getIncludes()
                    + " (JMH matches a regex against the full name, e.g. 'QueueHold' or 'WorkloadBenchmark.page';"
                    + " 'ptosim bench --jmh -- -l' lists them)");
            return 2;
        }
        List<Row> rows = new ArrayList<>();
        for (RunResult r : results) {
            rows.add(Row.of(r));
        }
        out.println();
        out.println("Medians of the measurement iterations:");
        for (String line : table(rows)) {
            out.println(line);
        }
        out.flush();
        return 0;
    }

    /**
     * The JVM options JMH's forks start with unless {@code -jvmArgs} says otherwise: this JVM's, without
     * the launcher's fixed young generation ({@code -Xmn}) and start-up cache ({@code -XX:AOTCache}), which
     * suit short chip runs, not a benchmark's steady state (a million pending events in a 64 MB young
     * generation collected every few rounds); each benchmark's {@code @Fork} appends its own heap.
     */
    static List<String> forkArgs(List<String> own) {
        return own.stream().filter(a -> !a.startsWith("-Xmn") && !a.startsWith("-XX:AOTCache=")).toList();
    }

    /** What JMH's GC profiler ({@code -prof gc}) calls the bytes allocated per operation. */
    static final String ALLOCATION_PER_OP = "gc.alloc.rate.norm";

    /**
     * One benchmark's line of the table.
     *
     * @param name the benchmark, as {@code Class.method}
     * @param params its JMH parameters, {@code key=value} separated by spaces
     * @param stats the primary result over the measurement iterations
     * @param unit the primary result's unit
     * @param allocation the {@value #ALLOCATION_PER_OP} median in bytes per operation, NaN without
     *     {@code -prof gc}
     */
    record Row(String name, String params, Statistics stats, String unit, double allocation) {
        static Row of(RunResult r) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            StringBuilder params = new StringBuilder();
            for (String key : r.getParams().getParamsKeys()) {
                params.append(params.isEmpty() ? "" : " ").append(key).append('=').append(r.getParams().getParam(key));
            }
            Result<?> alloc = r.getSecondaryResults().get(ALLOCATION_PER_OP);
            double allocation = alloc == null ? Double.NaN : alloc.getStatistics().getPercentile(50);
            return new Row(name, params.toString(), r.getPrimaryResult().getStatistics(),
                    r.getPrimaryResult().getScoreUnit(), allocation);
        }
    }

    static List<String> table(List<Row> rows) {
        List<String> lines = new ArrayList<>();
        boolean allocation = rows.stream().anyMatch(r -> !Double.isNaN(r.allocation()));
        int width = Math.max(30, rows.stream().mapToInt(r -> r.name().length()).max().orElse(0));
        String names = "%-" + width + "s";
        lines.add(String.format(Locale.ROOT, names + " %-34s %14s %14s %14s  %-8s", "benchmark", "params", "median",
                "min", "max", "unit") + (allocation ? String.format(Locale.ROOT, " %14s", "alloc B/op") : ""));
        for (Row r : rows) {
            Statistics stats = r.stats();
            String line = String.format(Locale.ROOT, names + " %-34s %14.0f %14.0f %14.0f  %-8s", r.name(), r.params(),
                    stats.getPercentile(50), stats.getMin(), stats.getMax(), r.unit());
            if (allocation) {
                line += Double.isNaN(r.allocation()) ? String.format(Locale.ROOT, " %14s", "-")
                        : String.format(Locale.ROOT, " %14.0f", r.allocation());
            }
            lines.add(line.stripTrailing());
        }
        return lines;
    }
}
