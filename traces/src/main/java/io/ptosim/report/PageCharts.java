package io.ptosim.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Line charts on a page, drawn in the browser by uPlot (a small, maintained chart library, from its
 * WebJar on Maven Central), whose script and style the page carries inline with its license: the page
 * stays one file that loads nothing. Add charts, then {@link #write} them where they belong (a page's
 * content-security policy must allow inline script).
 */
public final class PageCharts {
    private static final String WEBJAR = "/META-INF/resources/webjars/uplot/";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String[] COLOURS = {"#3b7dd8", "#e08a2c", "#3a9e5c", "#c0392b", "#8e44ad", "#7f8c8d"};

    private final ArrayNode charts = MAPPER.createArrayNode();
    private final List<String> ids = new ArrayList<>();

    /**
     * A named series of y values, one per x; {@code NaN} leaves a gap.
     *
     * @param label the legend's name
     * @param y the values
     */
    public record Series(String label, double[] y) {
    }

    /**
     * Adds a chart.
     *
     * @param id the element id of the chart's box
     * @param title its title
     * @param yLabel the y axis' label
     * @param xUs the x values, µs
     * @param series the lines
     */
    public void add(String id, String title, String yLabel, double[] xUs, List<Series> series) {
        chart(id, title, "µs", yLabel, xUs, series);
    }

    /**
     * Adds a chart over categories: point {@code i} of each series sits at {@code categories[i]}.
     *
     * @param id the element id of the chart's box
     * @param title its title
     * @param xLabel the x axis' label
     * @param categories the x values, in order
     * @param yLabel the y axis' label
     * @param series the lines
     */
    public void addCategories(String id, String title, String xLabel, List<String> categories, String yLabel,
            List<Series> series) {
        double[] x = new double[categories.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        ArrayNode names = chart(id, title, xLabel, yLabel, x, series).putArray("categories");
        categories.forEach(names::add);
    }

    private ObjectNode chart(String id, String title, String xLabel, String yLabel, double[] xs, List<Series> series) {
        ObjectNode c = charts.addObject();
        c.put("id", id);
        c.put("title", title);
        c.put("x", xLabel);
        c.put("y", yLabel);
        ArrayNode data = c.putArray("data");
        ArrayNode x = data.addArray();
        for (double v : xs) {
            x.add(v);
        }
        ArrayNode labels = c.putArray("labels");
        for (Series s : series) {
            labels.add(s.label());
            ArrayNode y = data.addArray();
            for (double v : s.y()) {
                if (Double.isNaN(v)) {
                    y.addNull();
                } else {
                    y.add(v);
                }
            }
        }
        ids.add(id);
        return c;
    }

    /** Whether no chart was added. */
    public boolean isEmpty() {
        return ids.isEmpty();
    }

    /** Writes a box per chart, the library with its license, and the script that draws the charts. */
    public void write(StringBuilder h) {
        if (ids.isEmpty()) {
            return;
        }
        String version = version();
        h.append("<style>").append(resource(WEBJAR + version + "/dist/uPlot.min.css")).append("</style>\n");
        for (String id : ids) {
            h.append("<div class=\"chart\" id=\"").append(id).append("\"></div>\n");
        }
        h.append("<!-- Charts by uPlot ").append(version).append(", inlined from its WebJar under this license:\n")
                .append(resource(WEBJAR + version + "/LICENSE").replace("--", "- -")).append("-->\n");
        h.append("<script>").append(resource(WEBJAR + version + "/dist/uPlot.iife.min.js")).append("</script>\n");
        h.append("<script>\nconst colours = ").append(json(COLOURS)).append(";\nfor (const c of ").append(charts)
                .append(") {\n  const cat = c.categories;\n"
                        + "  const series = [{label: cat ? c.x : \"µs\", value: cat ? (u, v) => v == null ? \"--\""
                        + " : cat[v] : undefined}].concat(c.labels.map((l, i) => ({label: l,"
                        + " stroke: colours[i % colours.length], width: 1.5, points: {show: !!cat}})));\n"
                        + "  const x = cat ? {label: c.x, incrs: [1], values: (u, splits) => splits.map(v => cat[v] ?? \"\")}"
                        + " : {label: c.x};\n"
                        + "  const scales = {x: cat ? {time: false, range: [-0.5, cat.length - 0.5]} : {time: false}};\n"
                        + "  new uPlot({title: c.title, width: cat ? 600 : 1200, height: 220, scales: scales,"
                        + " series: series, axes: [x, {label: c.y}]}, c.data, document.getElementById(c.id));\n}\n"
                        + "</script>\n");
    }

    private static String json(String[] values) {
        ArrayNode a = MAPPER.createArrayNode();
        for (String v : values) {
            a.add(v);
        }
        return a.toString();
    }

    /** The uPlot version the build put on the class path. */
    private static String version() {
        Properties p = new Properties();
        try (InputStream in = PageCharts.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the uPlot WebJar is missing from the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private static String resource(String name) {
        try (InputStream in = PageCharts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
