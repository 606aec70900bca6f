package io.ptosim.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs {@link WorkloadBench} in JVMs of its own, as JMH forks: the end-to-end figures then do not
 * depend on what this JVM ran before (the hold-model benchmarks leave their profiles in the JIT and their
 * arrays in the heap, which moved the Case1 figures by up to 20 % and the runtime layer's by 2x). The
 * child has this JVM's collector, heap and start-up options, except that the Case1 and runtime-layer
 * children, which measure steady-state throughput, leave out the launcher's start-up cache: its method
 * profiles, trained on one vector-example run, left Case1 rounds at 59-68 ms (median 64 over 6 JVMs)
 * against 59-63 ms (60) without it. A child reports progress on its standard error and the figures
 * on its standard output, one {@code key value} line each.
 */
public final class WorkloadFork {
    private WorkloadFork() {
    }

    /**
     * The child's entry point: measures and prints the Case1 figures, or the small runs, the runtime layer
     * or the hold-model figures.
     *
     * @param args {@code case1}, {@code small}, {@code layer} (the runtime layer alone) or {@code hold}
     *     (the hold-model figures), then {@code --timing-only} to skip the functional run
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("hold")) {
            writeHold(QuickBench.run(line -> System.err.println(line)), System.out);
        } else if (args.length > 0 && args[0].equals("small")) {
            writeSmall(WorkloadBench.smallRuns(line -> System.err.println(line)), System.out);
        } else if (args.length > 0 && args[0].equals("layer")) {
            System.out.println("runtime " + WorkloadBench.runtimeLayerMillis(line -> System.err.println(line)));
        } else {
            write(WorkloadBench.case1(line -> System.err.println(line), !List.of(args).contains("--timing-only")),
                    System.out);
        }
        System.out.flush();
    }

    /**
     * Measures the figures in child JVMs (one for the small runs, one for Case1, one for the runtime layer
     * alone: each leaves the JIT and heap sized for itself), passing their progress lines to
     * {@code progress}.
     */
    public static WorkloadBench.Figures measure(Consumer<String> progress, boolean functional) {
        List<String> own = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> lines = new ArrayList<>(child(progress, List.of("small"), childOptions(own, false)));
        lines.addAll(child(progress, functional ? List.of("case1") : List.of("case1", "--timing-only"),
                childOptions(own, true)));
        lines.addAll(child(progress, List.of("layer"), childOptions(own, true)));
        return read(lines);
    }

    /**
     * The hold-model figures ({@link QuickBench#run}), measured in a JVM of their own that has this JVM's
     * options without the launcher's fixed young generation and start-up cache ({@link #holdOptions}).
     */
    public static List<QuickBench.HoldFigure> hold(Consumer<String> progress) {
        return readHold(child(progress, List.of("hold"), holdOptions(ManagementFactory.getRuntimeMXBean()
                .getInputArguments())));
    }

    /**
     * The options of the hold-model child: a child's ({@link #childOptions}) without what JMH's forks go
     * without ({@link JmhMedians#forkArgs}: {@code -Xmn} and the start-up cache). A million pending events
     * and their successors' garbage are not what the launcher sizes its young generation for: in the
     * launcher's JVM its 64 MB made young collections of 15-51 ms every few rounds at 10^6 pending (4 M
     * events/s against 10 M), and a fixed 2 GB heap left the queue alone at 10^6 at 13 M events/s against
     * 18-29 M.
     */
    static List<String> holdOptions(List<String> own) {
        return childOptions(JmhMedians.forkArgs(own), false);
    }

    /**
     * The options a child starts with, from this JVM's: its {@code -XX}, {@code -Xm*}, {@code -Xs*} and
     * {@code -Xlog} options, without the start-up cache ({@code -XX:AOTCache}) for a {@code throughput}
     * child.
     */
    static List<String> childOptions(List<String> own, boolean throughput) {
        return own.stream()
                .filter(a -> a.startsWith("-XX:") || a.startsWith("-Xm") || a.startsWith("-Xs") || a.startsWith("-Xlog:"))
                .filter(a -> !(throughput && a.startsWith("-XX:AOTCache=")))
                .toList();
    }

    private static List<String> child(Consumer<String> progress, List<String> args, List<String> options) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), WorkloadFork.class.getName()));
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).start();
            Thread errors = Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader r = p.errorReader(StandardCharsets.UTF_8)) {
                    r.lines().forEach(progress);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            List<String> lines;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                lines = r.lines().toList();
            }
            int status = p.waitFor();
            errors.join();
            if (status != 0) {
                throw new IllegalStateException("the benchmark JVM (" + String.join(" ", command) + ") exited with "
                        + status);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the benchmark JVM: " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the benchmark JVM ran", e);
        }
    }

    /** The figures as {@code key value} lines (a small run: key, median, fastest, then its label). */
    static void write(WorkloadBench.Figures f, PrintStream out) {
        out.println("tasks " + f.tasks());
        out.println("best " + f.bestTasksPerSecond());
        out.println("median " + f.medianTasksPerSecond());
        out.println("functional " + f.functionalSeconds());
        out.println("golden " + f.goldenMatched());
        out.println("events " + f.events());
        if (!Double.isNaN(f.runtimeMillis())) {
            out.println("runtime " + f.runtimeMillis());
        }
        out.println("engine " + f.engineEventsPerSecond());
        out.println("allocated " + f.allocatedBytesPerTask());
        writeSmall(f.smallRuns(), out);
    }

    /** The hold-model figures as {@code hold LAYER PENDING PTOSIM BASELINE} lines. */
    static void writeHold(List<QuickBench.HoldFigure> figures, PrintStream out) {
        for (QuickBench.HoldFigure f : figures) {
            out.println("hold " + f.layer().name() + " " + f.pending() + " " + f.ptosimEventsPerSecond() + " "
                    + f.baselineEventsPerSecond());
        }
    }

    /** The figures of {@link #writeHold}'s lines (other lines ignored). */
    static List<QuickBench.HoldFigure> readHold(List<String> lines) {
        List<QuickBench.HoldFigure> figures = new ArrayList<>();
        for (String line : lines) {
            String[] w = line.split(" ");
            if (w.length == 5 && w[0].equals("hold")) {
                figures.add(new QuickBench.HoldFigure(QuickBench.Layer.valueOf(w[1]), Integer.parseInt(w[2]),
                        Double.parseDouble(w[3]), Double.parseDouble(w[4])));
            }
        }
        if (figures.isEmpty()) {
            throw new IllegalStateException("the benchmark JVM printed no hold-model figures: " + lines);
        }
        return figures;
    }

    private static void writeSmall(List<WorkloadBench.SmallRun> runs, PrintStream out) {
        for (WorkloadBench.SmallRun s : runs) {
            out.println(String.format(Locale.ROOT, "small %s %s %s %s", s.key(), s.medianMillis(), s.minMillis(), s.label()));
        }
    }

    /** Reads what {@link #write} wrote. */
    static WorkloadBench.Figures read(List<String> lines) {
        long tasks = -1;
        double best = Double.NaN;
        double median = Double.NaN;
        double functional = Double.NaN;
        boolean golden = false;
        long events = -1;
        double runtime = Double.NaN;
        double engine = Double.NaN;
        double allocated = Double.NaN;
        List<WorkloadBench.SmallRun> small = new ArrayList<>();
        for (String line : lines) {
            String[] w = line.split(" ", 2);
            if (w.length < 2) {
                continue;
            }
            switch (w[0]) {
                case "tasks" -> tasks = Long.parseLong(w[1]);
                case "best" -> best = Double.parseDouble(w[1]);
                case "median" -> median = Double.parseDouble(w[1]);
                case "functional" -> functional = Double.parseDouble(w[1]);
                case "golden" -> golden = Boolean.parseBoolean(w[1]);
                case "events" -> events = Long.parseLong(w[1]);
                case "runtime" -> runtime = Double.parseDouble(w[1]);
                case "engine" -> engine = Double.parseDouble(w[1]);
                case "allocated" -> allocated = Double.parseDouble(w[1]);
                case "small" -> {
                    String[] s = w[1].split(" ", 4);
                    small.add(new WorkloadBench.SmallRun(s[0], s[3], Double.parseDouble(s[1]), Double.parseDouble(s[2])));
                }
                default -> {
                    // a line of the child's own (a JVM warning): not a figure
                }
            }
        }
        if (tasks < 0 || events < 0 || Double.isNaN(best)) {
            throw new IllegalStateException("the benchmark JVM printed no figures: " + lines);
        }
        return new WorkloadBench.Figures(tasks, best, median, functional, golden, List.copyOf(small), events, runtime,
                engine, allocated);
    }
}
