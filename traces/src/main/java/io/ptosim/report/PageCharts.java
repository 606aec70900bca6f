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
 * stays one file that loads nothing. Add charts, then {@link #write} them where they belong.
 */
final class PageCharts {
    private static final String WEBJAR = "/META-INF/resources/webjars/uplot/";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String[] COLOURS = {"#3b7dd8", "#e08a2c", "#3a9e5c", "#c0392b", "#8e44ad", "#7f8c8d"};

    private final ArrayNode charts = MAPPER.createArrayNode();
    private final List<String> ids = new ArrayList<>();

    /** A named series of y values, one per x. */
    record Series(String label, double[] y) {
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
    void add(String id, String title, String yLabel, double[] xUs, List<Series> series) {
        ObjectNode c = charts.addObject();
        c.put("id", id);
        c.put("title", title);
        c.put("y", yLabel);
        ArrayNode data = c.putArray("data");
        ArrayNode x = data.addArray();
        for (double v : xUs) {
            x.add(v);
        }
        ArrayNode labels = c.putArray("labels");
        for (Series s : series) {
            labels.add(s.label());
            ArrayNode y = data.addArray();
            for (double v : s.y()) {
                y.add(v);
            }
        }
        ids.add(id);
    }

    /** Whether no chart was added. */
    boolean isEmpty() {
        return ids.isEmpty();
    }

    /** Writes a box per chart, the library with its license, and the script that draws the charts. */
    void write(StringBuilder h) {
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
                .append(") {\n  const series = [{label: \"µs\"}].concat(c.labels.map((l, i) => ({label: l,"
                        + " stroke: colours[i % colours.length], width: 1.5})));\n"
                        + "  new uPlot({title: c.title, width: 1200, height: 220, scales: {x: {time: false}}, series: series,"
                        + " axes: [{label: \"µs\"}, {label: c.y}]}, c.data, document.getElementById(c.id));\n}\n</script>\n");
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
