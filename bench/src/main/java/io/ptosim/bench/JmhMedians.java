package io.ptosim.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs the JMH benchmarks with the usual JMH command line (a benchmark regex, {@code -p pending=1000},
 * {@code -f}, {@code -i}, ...) and then prints one line per benchmark with the <em>median</em> of its
 * measurement iterations, min and max, since medians are what the project quotes. Behind
 * {@code ptosim bench --jmh}.
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
        Collection<RunResult> results = new Runner(options).run();
        out.println();
        out.println("Medians of the measurement iterations:");
        for (String line : table(results)) {
            out.println(line);
        }
        out.flush();
        return 0;
    }

    static List<String> table(Collection<RunResult> results) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-30s %-34s %14s %14s %14s  %s", "benchmark", "params", "median", "min", "max",
                "unit"));
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            StringBuilder params = new StringBuilder();
            for (String key : r.getParams().getParamsKeys()) {
                params.append(params.isEmpty() ? "" : " ").append(key).append('=').append(r.getParams().getParam(key));
            }
            Statistics stats = r.getPrimaryResult().getStatistics();
            lines.add(String.format(Locale.ROOT, "%-30s %-34s %14.0f %14.0f %14.0f  %s", name, params, stats.getPercentile(50),
                    stats.getMin(), stats.getMax(), r.getPrimaryResult().getScoreUnit()));
        }
        return lines;
    }
}
