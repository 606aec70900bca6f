package io.ptosim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import io.ptosim.platform.Platform;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ptosim sweep}: one chip workload over the cartesian product of {@code --grid} settings, each
 * point a whole {@code ptosim run --json} (so every point is exactly what a single run gives). The
 * points are shared by {@code --jobs} worker JVMs ({@link SweepWorker}), each claiming the next
 * unclaimed point when it is free, so several run at once without threads in any simulation, JVM
 * start-up is paid once per worker and a slow point does not hold the others back. Each finished point is written to {@code DIR/points/NNNN.json} atomically; a
 * rerun into the same folder keeps the points already there and runs only the rest.
 * {@link SweepResults} writes {@code DIR/results.csv}, {@code DIR/results.json} and {@code DIR/sweep.html},
 * a row per point (a failed point's row says why). Besides platform keys, a grid
 * axis may be one of {@link #RUN_AXES} (case, variant, platform, seed), which a point passes as its
 * 'ptosim run' option; {@code --seeds N} adds a seed axis.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Runs a chip workload at every point of a grid of --set values (and of case, variant, platform or"
                + " seed) and tabulates elapsed,"
                + " orchestrator window, tasks, digest and the summary's other figures per point (DIR/results.csv and"
                + " results.json; DIR/sweep.html charts them and names the best point's command line).",
            "%nEvery point is a whole 'ptosim run --json'; --jobs N runs them in N worker processes, each taking the next point when it is free. Finished"
                    + " points are kept in DIR/points: rerunning the same sweep into DIR completes only the missing ones."})
final class SweepCommand implements Callable<Integer> {
    /** Grid keys that are 'ptosim run' options, not platform keys: each becomes its option at a point. */
    static final List<String> RUN_AXES = List.of("case", "variant", "platform", "seed");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WORKLOAD", description = "A chip workload (see 'ptosim workloads').")
    String workload;

    @Option(names = "--grid", paramLabel = "KEY=V1,V2,...", required = true,
            description = "A platform key, or case, variant, platform or seed, and the values to try (repeatable;"
                    + " the first varies slowest).")
    List<String> grids = List.of();

    @Option(names = "--seeds", paramLabel = "N", description = "Run every point with N seeds, --seed upwards (a seed"
            + " axis that varies fastest).")
    Integer seeds;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A setting every point shares (repeatable).")
    List<String> sets = List.of();

    @Option(names = "--case", paramLabel = "C", description = "The case (default: the workload's first).")
    String caseName;

    @Option(names = "--variant", paramLabel = "V", description = "The variant (default: the workload's first).")
    String variant;

    @Option(names = "--platform", paramLabel = "P", defaultValue = "a2a3", description = "a2a3 or a5 (default: ${DEFAULT-VALUE}).")
    String platform;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Root seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--timing-only", description = "Skip kernel bodies at every point.")
    boolean timingOnly;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true, description = "Where the points, results.csv, results.json and sweep.html go.")
    Path output;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "1", description = "Points run at once (default: ${DEFAULT-VALUE}).")
    int jobs;

    /** One point: its index and its grid settings, in grid order. */
    record Point(int index, Map<String, String> settings) {
    }

    /** The grid's points, the first grid varying slowest. */
    static List<Point> points(List<String> grids, CommandLine cmd) {
        List<Map<String, String>> all = new ArrayList<>();
        all.add(new LinkedHashMap<>());
        for (String g : grids) {
            int eq = g.indexOf('=');
            if (eq <= 0 || eq == g.length() - 1) {
                throw new ParameterException(cmd, "--grid " + g + ": expected KEY=V1,V2,...");
            }
            String key = g.substring(0, eq).trim();
            if (all.get(0).containsKey(key)) {
                throw new ParameterException(cmd, "--grid " + g + ": " + key + " already has an axis"
                        + (key.equals("seed") ? " (--seeds makes one)" : "") + "; list all its values in one --grid");
            }
            List<String> values = new ArrayList<>();
            for (String v : g.substring(eq + 1).split(",")) {
                if (v.isBlank()) {
                    throw new ParameterException(cmd, "--grid " + g + ": an empty value");
                }
                if (values.contains(v.trim())) {
                    throw new ParameterException(cmd, "--grid " + g + ": " + v.trim() + " is listed twice; every"
                            + " point would run twice");
                }
                values.add(v.trim());
            }
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> p : all) {
                for (String v : values) {
                    Map<String, String> q = new LinkedHashMap<>(p);
                    q.put(key, v);
                    next.add(q);
                }
            }
            all = next;
        }
        List<Point> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            out.add(new Point(i, all.get(i)));
        }
        return out;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        CommandLine cmd = spec.commandLine();
        if (jobs < 1) {
            throw new ParameterException(cmd, "--jobs " + jobs + ": expected at least 1");
        }
        Map<String, String> shared = SetOptions.parse(sets, cmd);
        List<String> axes = new ArrayList<>(grids);
        if (seeds != null) {
            if (grids.stream().anyMatch(g -> g.strip().startsWith("seed="))) {
                throw new ParameterException(cmd, "--seeds " + seeds + " and --grid seed=...: both make a seed axis; give one");
            }
            if (seeds < 1) {
                throw new ParameterException(cmd, "--seeds " + seeds + ": expected at least 1");
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < seeds; i++) {
                values.add(Long.toString(seed + i));
            }
            axes.add("seed=" + String.join(",", values));
        }
        List<Point> points = points(axes, cmd);
        checkKeys(points.get(0).settings().keySet(), shared.keySet(), cmd);
        Path dir = output.resolve("points");
        Files.createDirectories(dir);
        PrintWriter err = cmd.getErr();
        ArrayDeque<Point> todo = new ArrayDeque<>();
        for (Point p : points) {
            if (!matches(file(dir, p), p)) {
                todo.add(p);
            }
        }
        err.printf(Locale.ROOT, "sweep: %d point(s), %d already done, %d to run with %d job(s)%n", points.size(),
                points.size() - todo.size(), todo.size(), jobs);
        err.flush();
        Path claims = output.resolve(".claims");
        removeClaims(claims);
        Files.createDirectories(claims);
        List<Point> plan = List.copyOf(todo);
        List<Process> workers = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (int j = 0; j < Math.min(jobs, plan.size()); j++) {
            Path log = Files.createTempFile(output, ".worker", ".log");
            logs.add(log);
            workers.add(startWorker(plan, claims, dir, log));
        }
        long[] relayed = new long[workers.size()];
        for (Process alive : workers) {
            while (!alive.waitFor(PROGRESS_MS, TimeUnit.MILLISECONDS)) {
                relay(logs, relayed, err);
            }
        }
        relay(logs, relayed, err);
        for (int w = 0; w < workers.size(); w++) {
            int status = workers.get(w).exitValue();
            if (status != 0) {
                err.printf(Locale.ROOT, "sweep: worker %d exited with status %d%n", w, status);
            }
            Files.deleteIfExists(logs.get(w));
        }
        removeClaims(claims);
        err.flush();
        SweepResults results = new SweepResults(workload + (points.get(0).settings().containsKey("platform") ? ""
                : " on " + platform), points, p -> file(dir, p), p -> errorFile(dir, p), this::runArgsShown);
        results.write(output);
        cmd.getOut().println(output.resolve("results.csv"));
        cmd.getOut().flush();
        return results.incomplete() == 0 ? 0 : 1;
    }

    /**
     * Starts a worker JVM over {@code plan}: one {@link SweepWorker} takes the plan's points in order,
     * each one no other worker has claimed in {@code claims}, and runs it in its warm JVM (each a whole,
     * separate {@code ptosim run}), writing each finished point to {@code dir}. Workers that share the
     * plan thus share the points as they free up, however unequal the points' costs.
     */
    private Process startWorker(List<Point> plan, Path claims, Path dir, Path log) throws IOException {
        ObjectNode root = JsonOutput.mapper().createObjectNode();
        root.put("claims", claims.toString());
        ArrayNode entries = root.putArray("points");
        for (Point p : plan) {
            ObjectNode e = entries.addObject();
            e.put("index", p.index());
            ObjectNode grid = e.putObject("grid");
            p.settings().forEach(grid::put);
            ArrayNode args = e.putArray("args");
            runArgs(p).forEach(args::add);
            e.put("file", file(dir, p).toString());
            e.put("error_file", errorFile(dir, p).toString());
        }
        Path planFile = Files.createTempFile(output, ".plan", ".json");
        Files.writeString(planFile, JsonOutput.mapper().writeValueAsString(root), StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(workerJvmOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SweepWorker.class.getName(),
                planFile.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * The JVM options a worker starts with: this JVM's own {@code -XX}, {@code -Xm*} and {@code -Xlog}
     * options (the launcher's collector, heap and start-up cache), or the throughput collector.
     */
    private static List<String> workerJvmOptions() {
        List<String> own = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-XX:") || a.startsWith("-Xm") || a.startsWith("-Xlog:")).toList();
        return own.isEmpty() ? List.of("-XX:+UseParallelGC") : own;
    }

    /** How often, while workers run, their new progress lines are passed on. */
    private static final long PROGRESS_MS = 250;

    /** Passes on the whole lines the workers logged since the last call, so progress shows as it happens. */
    static void relay(List<Path> logs, long[] relayed, PrintWriter err) throws IOException {
        for (int w = 0; w < logs.size(); w++) {
            byte[] all = Files.readAllBytes(logs.get(w));
            int end = all.length;
            while (end > relayed[w] && all[end - 1] != '\n') {
                end--;
            }
            if (end > relayed[w]) {
                err.print(new String(all, (int) relayed[w], end - (int) relayed[w], StandardCharsets.UTF_8));
                relayed[w] = end;
            }
        }
        err.flush();
    }

    /** Removes the claims folder: a killed sweep's claims name points that may not have finished. */
    private static void removeClaims(Path claims) throws IOException {
        if (Files.isDirectory(claims)) {
            MoreFiles.deleteRecursively(claims, RecursiveDeleteOption.ALLOW_INSECURE);
        }
    }

    /**
     * Refuses, before any point runs, a grid key that is neither a run axis nor a platform key, a run axis
     * also given as its option (or twice), and a --set key the platform does not have: every point would
     * fail the same way. A bad value is left to its points, each a row with its error.
     */
    private void checkKeys(Set<String> gridKeys, Set<String> setKeys, CommandLine cmd) {
        Set<String> known = new TreeSet<>();
        for (String name : Platform.NAMES) {
            known.addAll(Platform.load(name, Map.of()).parameters().keySet());
        }
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("case", caseName);
        options.put("variant", variant);
        options.put("platform", spec.commandLine().getParseResult().hasMatchedOption("--platform") ? platform : null);
        options.put("seed", seeds == null && spec.commandLine().getParseResult().hasMatchedOption("--seed") ? seed : null);
        for (String key : gridKeys) {
            if (RUN_AXES.contains(key)) {
                if (options.get(key) != null) {
                    throw new ParameterException(cmd, "--grid " + key + "=...: " + key + " is also given as --" + key
                            + "; give one");
                }
            } else if (!key.startsWith(Platform.BACKEND_PREFIX) && !known.contains(key)) {
                throw new ParameterException(cmd, "--grid " + key + "=...: unknown platform key '" + key + "'; expected"
                        + " one of " + String.join(", ", RUN_AXES) + " or a platform key ('ptosim platforms --keys'"
                        + " lists them)");
            }
        }
        for (String key : setKeys) {
            if (!key.startsWith(Platform.BACKEND_PREFIX) && !known.contains(key)) {
                throw new ParameterException(cmd, "--set " + key + "=...: unknown platform key '" + key + "'"
                        + " ('ptosim platforms --keys' lists them)");
            }
        }
    }

    /** The {@code ptosim run} arguments of one point. */
    private List<String> runArgs(Point p) {
        Map<String, String> at = p.settings();
        List<String> command = new ArrayList<>(List.of("run", workload, "--platform", at.getOrDefault("platform", platform),
                "--seed", at.getOrDefault("seed", Long.toString(seed)), "--json"));
        String c = at.getOrDefault("case", caseName);
        if (c != null) {
            command.addAll(List.of("--case", c));
        }
        String v = at.getOrDefault("variant", variant);
        if (v != null) {
            command.addAll(List.of("--variant", v));
        }
        if (timingOnly) {
            command.add("--timing-only");
        }
        for (String s : sets) {
            command.addAll(List.of("--set", s));
        }
        at.forEach((k, value) -> {
            if (!RUN_AXES.contains(k)) {
                command.addAll(List.of("--set", k + "=" + value));
            }
        });
        return command;
    }

    private static Path file(Path dir, Point p) {
        return dir.resolve(String.format(Locale.ROOT, "%04d.json", p.index()));
    }

    /** Where a point whose run printed no result keeps its error (a rerun tries it again). */
    private static Path errorFile(Path dir, Point p) {
        return dir.resolve(String.format(Locale.ROOT, "%04d.error.json", p.index()));
    }

    /** A point's command line as a user would type it: its run arguments without --json. */
    private List<String> runArgsShown(Point p) {
        List<String> args = new ArrayList<>(runArgs(p));
        args.remove("--json");
        return args;
    }

    /** Whether {@code f} holds this point already (its grid settings equal). */
    private static boolean matches(Path f, Point p) throws IOException {
        if (!Files.exists(f)) {
            return false;
        }
        JsonNode grid = JsonOutput.mapper().readTree(f.toFile()).get("grid");
        if (grid == null || grid.size() != p.settings().size()) {
            return false;
        }
        for (Map.Entry<String, String> e : p.settings().entrySet()) {
            if (!grid.has(e.getKey()) || !grid.get(e.getKey()).asText().equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }
}
