package io.ptosim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import io.ptosim.platform.Platform;
import io.ptosim.report.SummaryMetric;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
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
 * {@code DIR/sweep.csv} and {@code DIR/sweep.html} hold one row per point. Besides platform keys, a grid
 * axis may be one of {@link #RUN_AXES} (case, variant, platform, seed), which a point passes as its
 * 'ptosim run' option; {@code --seeds N} adds a seed axis.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Runs a chip workload at every point of a grid of --set values (and of case, variant, platform or"
                + " seed) and tabulates elapsed,"
                + " orchestrator window, tasks, digest and the summary's other figures per point (DIR/sweep.csv).",
            "%nEvery point is a whole 'ptosim run --json'; --jobs N runs them in N worker processes, each taking the next point when it is free. Finished"
                    + " points are kept in DIR/points: rerunning the same sweep into DIR completes only the missing ones."})
final class SweepCommand implements Callable<Integer> {
    private static final ObjectMapper MAPPER = new ObjectMapper();
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

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true, description = "Where the points and sweep.csv go.")
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
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> p : all) {
                for (String v : g.substring(eq + 1).split(",")) {
                    if (v.isBlank()) {
                        throw new ParameterException(cmd, "--grid " + g + ": an empty value");
                    }
                    Map<String, String> q = new LinkedHashMap<>(p);
                    q.put(key, v.trim());
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
        int failed = 0;
        for (int w = 0; w < workers.size(); w++) {
            int status = workers.get(w).waitFor();
            String log = Files.readString(logs.get(w), StandardCharsets.UTF_8);
            err.print(log);
            if (status != 0) {
                err.printf(Locale.ROOT, "sweep: worker %d exited with status %d%n", w, status);
            }
            Files.deleteIfExists(logs.get(w));
        }
        removeClaims(claims);
        for (Point p : points) {
            failed += matches(file(dir, p), p) ? 0 : 1;
        }
        err.flush();
        writeCsv(points, dir);
        writeHtml(points, dir);
        cmd.getOut().println(output.resolve("sweep.csv"));
        cmd.getOut().flush();
        return failed == 0 ? 0 : 1;
    }

    /**
     * Starts a worker JVM over {@code plan}: one {@link SweepWorker} takes the plan's points in order,
     * each one no other worker has claimed in {@code claims}, and runs it in its warm JVM (each a whole,
     * separate {@code ptosim run}), writing each finished point to {@code dir}. Workers that share the
     * plan thus share the points as they free up, however unequal the points' costs.
     */
    private Process startWorker(List<Point> plan, Path claims, Path dir, Path log) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
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
        }
        Path planFile = Files.createTempFile(output, ".plan", ".json");
        Files.writeString(planFile, MAPPER.writeValueAsString(root), StandardCharsets.UTF_8);
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

    /** Whether {@code f} holds this point already (its grid settings equal). */
    private static boolean matches(Path f, Point p) throws IOException {
        if (!Files.exists(f)) {
            return false;
        }
        JsonNode grid = MAPPER.readTree(f.toFile()).get("grid");
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

    /** DIR/sweep.html: the points as a table with a bar per elapsed time; no script, nothing loaded. */
    private void writeHtml(List<Point> points, Path dir) throws IOException {
        double max = 0;
        List<JsonNode> rows = new ArrayList<>();
        for (Point p : points) {
            Path f = file(dir, p);
            JsonNode j = Files.exists(f) ? MAPPER.readTree(f.toFile()) : null;
            rows.add(j);
            if (j != null) {
                max = Math.max(max, j.get("elapsed_us").asDouble());
            }
        }
        List<String> keys = points.isEmpty() ? List.of() : List.copyOf(points.get(0).settings().keySet());
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
                + "<title>sweep of " + workload + "</title><style>body{font:14px system-ui,sans-serif;margin:24px}"
                + "td,th{padding:2px 10px;text-align:left;border-bottom:1px solid #ddd}rect{fill:#3b7dd8}</style>"
                + "</head><body>\n<h1>sweep of " + workload + (keys.contains("platform") ? "" : " on " + platform)
                + "</h1>\n<table id=\"points\">\n<tr>");
        for (String k : keys) {
            h.append("<th>").append(k).append("</th>");
        }
        h.append("<th>elapsed (µs)</th><th>orchestrator (µs)</th><th></th><th>digest</th></tr>\n");
        for (int i = 0; i < points.size(); i++) {
            JsonNode j = rows.get(i);
            h.append("<tr class=\"point\">");
            for (String k : keys) {
                h.append("<td>").append(points.get(i).settings().get(k)).append("</td>");
            }
            if (j == null) {
                h.append("<td colspan=\"4\">missing (failed or not run)</td></tr>\n");
                continue;
            }
            double us = j.get("elapsed_us").asDouble();
            h.append(String.format(Locale.ROOT, "<td class=\"elapsed\">%.3f</td><td>%.3f</td><td><svg width=\"300\""
                    + " height=\"10\"><rect width=\"%.1f\" height=\"10\"></rect></svg></td><td>%s</td></tr>%n", us,
                    j.get("orch_us").asDouble(), max == 0 ? 0 : 300 * us / max, j.get("digest").asText()));
        }
        h.append("</table>\n</body></html>\n");
        Path tmp = Files.createTempFile(output, ".sweep", ".html");
        Files.writeString(tmp, h, StandardCharsets.UTF_8);
        Files.move(tmp, output.resolve("sweep.html"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The CSV's first summary columns, as sweeps have always written them. */
    private static final List<String> FIRST_COLUMNS = List.of("completed", "elapsed_us", "orch_us", "tasks", "edges",
            "digest");

    /**
     * The summary columns of DIR/sweep.csv: {@link #FIRST_COLUMNS}, then every other field of the summary
     * catalogue ({@link SummaryMetric}) that is a number or true/false in {@code sample}, except the
     * wall time (the table compares simulations, and wall time differs run to run).
     */
    static List<String> csvColumns(JsonNode sample) {
        List<String> columns = new ArrayList<>(FIRST_COLUMNS);
        if (sample == null) {
            return columns;
        }
        for (SummaryMetric m : SummaryMetric.JSON_ORDER) {
            for (String key : m.keys()) {
                JsonNode v = sample.get(key);
                if (!columns.contains(key) && !key.equals("wall_ms") && v != null && (v.isNumber() || v.isBoolean())) {
                    columns.add(key);
                }
            }
        }
        return columns;
    }

    private void writeCsv(List<Point> points, Path dir) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        JsonNode sample = null;
        for (Point p : points) {
            Path f = file(dir, p);
            JsonNode j = Files.exists(f) ? MAPPER.readTree(f.toFile()) : null;
            rows.add(j);
            sample = sample == null ? j : sample;
        }
        List<String> columns = csvColumns(sample);
        StringBuilder b = new StringBuilder();
        List<String> keys = points.isEmpty() ? List.of() : List.copyOf(points.get(0).settings().keySet());
        b.append(String.join(",", keys)).append(keys.isEmpty() ? "" : ",").append(String.join(",", columns))
                .append('\n');
        for (int i = 0; i < points.size(); i++) {
            for (String k : keys) {
                b.append(points.get(i).settings().get(k)).append(',');
            }
            JsonNode j = rows.get(i);
            if (j == null) {
                b.append("missing").append(",".repeat(columns.size() - 1)).append('\n');
                continue;
            }
            for (int c = 0; c < columns.size(); c++) {
                b.append(c == 0 ? "" : ",").append(cell(columns.get(c), j.get(columns.get(c))));
            }
            b.append('\n');
        }
        Path tmp = Files.createTempFile(output, ".sweep", ".csv");
        Files.writeString(tmp, b.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, output.resolve("sweep.csv"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A CSV cell: times in µs with three decimals (as always), other values as the JSON has them, "" if absent. */
    private static String cell(String key, JsonNode v) {
        if (v == null || v.isNull()) {
            return "";
        }
        return key.endsWith("_us") ? String.format(Locale.ROOT, "%.3f", v.asDouble()) : v.asText();
    }
}
