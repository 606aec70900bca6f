package io.ptosim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.html.HtmlEscapers;
import io.ptosim.report.PageCharts;
import io.ptosim.report.SummaryMetric;
import io.ptosim.traces.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A sweep's tables, from its points' files: {@code results.csv} and {@code results.json} (one row per
 * point: its grid settings, then the run's summary, or the error that stopped it) and {@code sweep.html}
 * (elapsed against each axis, a heat map of the first two axes, the best point with its command line,
 * and the table). Every file is written through a temporary file.
 */
final class SweepResults {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The CSV's first summary columns, as sweeps have always written them. */
    private static final List<String> FIRST_COLUMNS = List.of("completed", "elapsed_us", "orch_us", "tasks", "edges",
            "digest");

    /** One point and what became of it. */
    private record Row(SweepCommand.Point point, JsonNode result, JsonNode failure) {
        boolean completed() {
            return result != null && result.path("completed").asBoolean();
        }

        double elapsedUs() {
            return result.get("elapsed_us").asDouble();
        }

        /** Why the point has no completed result: its failure's first line, its run's error, or "". */
        String error() {
            if (failure != null) {
                return failure.path("error").asText();
            }
            return result == null ? "not run" : result.path("error").asText("");
        }
    }

    private final String title;
    private final List<String> keys;
    private final List<Row> rows = new ArrayList<>();
    private final Function<SweepCommand.Point, List<String>> command;

    /**
     * Reads the points' files.
     *
     * @param title what was swept, e.g. "paged-attention on a2a3"
     * @param points the grid's points
     * @param result a point's result file
     * @param failure a point's error file
     * @param command the 'ptosim run' arguments of a point
     */
    SweepResults(String title, List<SweepCommand.Point> points, Function<SweepCommand.Point, Path> result,
            Function<SweepCommand.Point, Path> failure, Function<SweepCommand.Point, List<String>> command)
            throws IOException {
        this.title = title;
        this.command = command;
        this.keys = points.isEmpty() ? List.of() : List.copyOf(points.get(0).settings().keySet());
        for (SweepCommand.Point p : points) {
            rows.add(new Row(p, read(result.apply(p)), read(failure.apply(p))));
        }
    }

    private static JsonNode read(Path f) throws IOException {
        return Files.exists(f) ? MAPPER.readTree(f.toFile()) : null;
    }

    /** Points without a completed run (failed or not run). */
    long incomplete() {
        return rows.stream().filter(r -> !r.completed()).count();
    }

    /**
     * The summary columns of results.csv: {@link #FIRST_COLUMNS}, then every other field of the summary
     * catalogue ({@link SummaryMetric}) that is a number or true/false in {@code sample}, except the
     * wall time (the table compares simulations, and wall time differs run to run); then the error.
     */
    static List<String> csvColumns(JsonNode sample) {
        List<String> columns = new ArrayList<>(FIRST_COLUMNS);
        if (sample != null) {
            for (SummaryMetric m : SummaryMetric.JSON_ORDER) {
                for (String key : m.keys()) {
                    JsonNode v = sample.get(key);
                    if (!columns.contains(key) && !key.equals("wall_ms") && v != null && (v.isNumber() || v.isBoolean())) {
                        columns.add(key);
                    }
                }
            }
        }
        columns.add("error");
        return columns;
    }

    /** Writes results.csv, results.json and sweep.html into {@code dir}. */
    void write(Path dir) throws IOException {
        JsonNode sample = rows.stream().map(Row::result).filter(r -> r != null).findFirst().orElse(null);
        List<String> columns = csvColumns(sample);
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>(keys);
        header.addAll(columns);
        csv.append(String.join(",", header)).append('\n');
        ArrayNode json = MAPPER.createArrayNode();
        for (Row r : rows) {
            List<String> cells = new ArrayList<>();
            keys.forEach(k -> cells.add(csvCell(r.point().settings().get(k))));
            for (String c : columns) {
                cells.add(c.equals("error") ? csvCell(r.error())
                        : r.result() != null ? csvCell(cell(c, r.result().get(c)))
                        : c.equals("completed") ? (r.failure() != null ? "false" : "missing") : "");
            }
            csv.append(String.join(",", cells)).append('\n');
            ObjectNode o = json.addObject();
            o.put("index", r.point().index());
            ObjectNode grid = o.putObject("grid");
            r.point().settings().forEach(grid::put);
            o.put("completed", r.completed());
            o.put("error", r.error());
            if (r.failure() != null) {
                o.put("exit", r.failure().path("exit").asInt());
            }
            o.set("result", r.result() == null ? null : r.result().deepCopy());
            if (o.get("result") instanceof ObjectNode res) {
                res.remove("grid");
            }
        }
        replace(dir.resolve("results.csv"), csv.toString());
        replace(dir.resolve("results.json"), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
        replace(dir.resolve("sweep.html"), html());
    }

    /** A CSV cell: times in µs with three decimals (as always), other values as the JSON has them, "" if absent. */
    private static String cell(String key, JsonNode v) {
        if (v == null || v.isNull()) {
            return "";
        }
        return key.endsWith("_us") ? String.format(Locale.ROOT, "%.3f", v.asDouble()) : v.asText();
    }

    /** A CSV field, quoted when it holds a comma, quote or line break. */
    static String csvCell(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private String html() {
        Row best = rows.stream().filter(Row::completed).min((a, b) -> Double.compare(a.elapsedUs(), b.elapsedUs()))
                .orElse(null);
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline';"
                + " style-src 'unsafe-inline'\">\n<title>sweep of " + esc(title) + "</title><style>body{font:14px"
                + " system-ui,sans-serif;margin:24px}td,th{padding:2px 10px;text-align:left;border-bottom:1px solid #ddd}"
                + "rect{fill:#3b7dd8}tr.best td{background:#e3f4e6;font-weight:600}.chart{display:inline-block}"
                + "code{background:#f4f4f4;padding:2px 4px}</style></head><body>\n<h1>sweep of " + esc(title) + "</h1>\n");
        h.append("<p>").append(rows.size()).append(" point(s), ").append(rows.size() - incomplete()).append(" completed.</p>\n");
        if (best != null) {
            h.append("<p id=\"best\" data-index=\"").append(best.point().index()).append("\">Best: ")
                    .append(String.format(Locale.ROOT, "%.3f", best.elapsedUs())).append(" µs at ")
                    .append(esc(settings(best))).append(" <code>ptosim ")
                    .append(esc(String.join(" ", command.apply(best.point())))).append("</code></p>\n");
        }
        charts(h);
        heatMap(h);
        table(h, best);
        h.append("</body></html>\n");
        return h.toString();
    }

    private String settings(Row r) {
        List<String> s = new ArrayList<>();
        r.point().settings().forEach((k, v) -> s.add(k + "=" + v));
        return String.join(" ", s);
    }

    /** Per axis with two values or more: the best elapsed at each of its values, over the other axes. */
    private void charts(StringBuilder h) {
        PageCharts charts = new PageCharts();
        for (String k : keys) {
            List<String> values = values(k);
            if (values.size() < 2) {
                continue;
            }
            double[] y = new double[values.size()];
            Arrays.fill(y, Double.NaN);
            for (Row r : rows) {
                if (r.completed()) {
                    int i = values.indexOf(r.point().settings().get(k));
                    y[i] = Double.isNaN(y[i]) ? r.elapsedUs() : Math.min(y[i], r.elapsedUs());
                }
            }
            charts.addCategories("chart-" + k.replaceAll("[^A-Za-z0-9]", "-"), "Elapsed against " + k
                    + (keys.size() > 1 ? " (best over the other axes)" : ""), k, values, "elapsed µs",
                    List.of(new PageCharts.Series("elapsed", y)));
        }
        if (!charts.isEmpty()) {
            h.append("<h2>Elapsed against each axis</h2>\n");
            charts.write(h);
        }
    }

    /** For two axes or more: the first two as rows and columns, each cell the best elapsed over the others. */
    private void heatMap(StringBuilder h) {
        if (keys.size() < 2) {
            return;
        }
        String rk = keys.get(0);
        String ck = keys.get(1);
        List<String> rv = values(rk);
        List<String> cv = values(ck);
        double[][] cell = new double[rv.size()][cv.size()];
        for (double[] row : cell) {
            Arrays.fill(row, Double.NaN);
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Row r : rows) {
            if (r.completed()) {
                int i = rv.indexOf(r.point().settings().get(rk));
                int j = cv.indexOf(r.point().settings().get(ck));
                cell[i][j] = Double.isNaN(cell[i][j]) ? r.elapsedUs() : Math.min(cell[i][j], r.elapsedUs());
                lo = Math.min(lo, r.elapsedUs());
                hi = Math.max(hi, r.elapsedUs());
            }
        }
        h.append("<h2>Heat map: elapsed (µs) by ").append(esc(rk)).append(" and ").append(esc(ck))
                .append(keys.size() > 2 ? ", best over the other axes" : "").append("</h2>\n<table id=\"heat-map\">\n<tr><th>")
                .append(esc(rk)).append(" \\ ").append(esc(ck)).append("</th>");
        cv.forEach(v -> h.append("<th>").append(esc(v)).append("</th>"));
        h.append("</tr>\n");
        for (int i = 0; i < rv.size(); i++) {
            h.append("<tr><th>").append(esc(rv.get(i))).append("</th>");
            for (int j = 0; j < cv.size(); j++) {
                double v = cell[i][j];
                if (Double.isNaN(v)) {
                    h.append("<td class=\"cell\">failed</td>");
                } else {
                    double t = hi > lo ? (v - lo) / (hi - lo) : 0;
                    h.append(String.format(Locale.ROOT, "<td class=\"cell\" style=\"background:hsl(%.0f,70%%,80%%)\">%.3f</td>",
                            120 * (1 - t), v));
                }
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n<p class=\"note\">Green is faster, red slower.</p>\n");
    }

    private void table(StringBuilder h, Row best) {
        double max = rows.stream().filter(r -> r.result() != null).mapToDouble(Row::elapsedUs).max().orElse(0);
        h.append("<h2>Points</h2>\n<table id=\"points\">\n<tr>");
        keys.forEach(k -> h.append("<th>").append(esc(k)).append("</th>"));
        h.append("<th>elapsed (µs)</th><th>orchestrator (µs)</th><th></th><th>digest</th></tr>\n");
        for (Row r : rows) {
            h.append(r == best ? "<tr class=\"point best\">" : "<tr class=\"point\">");
            keys.forEach(k -> h.append("<td>").append(esc(r.point().settings().get(k))).append("</td>"));
            if (r.result() == null) {
                h.append("<td colspan=\"4\" class=\"error\">").append(esc(r.failure() != null ? "failed: " + r.error()
                        : "not run")).append("</td></tr>\n");
                continue;
            }
            double us = r.elapsedUs();
            h.append(String.format(Locale.ROOT, "<td class=\"elapsed\">%.3f</td><td>%.3f</td><td><svg width=\"300\""
                    + " height=\"10\"><rect width=\"%.1f\" height=\"10\"></rect></svg></td><td>%s</td></tr>%n", us,
                    r.result().get("orch_us").asDouble(), max == 0 ? 0 : 300 * us / max,
                    esc(r.result().get("digest").asText())
                            + (r.completed() ? "" : " (failed: " + esc(r.error()) + ")")));
        }
        h.append("</table>\n");
    }

    /** The values axis {@code k} takes, in grid order. */
    private List<String> values(String k) {
        LinkedHashSet<String> v = new LinkedHashSet<>();
        rows.forEach(r -> v.add(r.point().settings().get(k)));
        return List.copyOf(v);
    }

    private static void replace(Path target, String text) throws IOException {
        AtomicFile.writeString(target, text);
    }

    private static String esc(String s) {
        return HtmlEscapers.htmlEscaper().escape(s);
    }
}
