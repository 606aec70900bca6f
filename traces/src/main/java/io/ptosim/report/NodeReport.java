package io.ptosim.report;

import com.google.common.html.HtmlEscapers;
import io.ptosim.traces.AtomicFile;
import io.ptosim.traces.NodeTimeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A node run as one self-contained HTML page ({@code ptosim run node-... --report FILE}): its summary
 * (the text the terminal prints) and its timeline in inline SVG: a lane per chip and per SUB worker, a
 * rectangle per task member coloured by callable (a failed member outlined red), and an arrow per
 * dependency from the producer's last member to the consumer's first. No script, nothing loaded.
 */
public final class NodeReport {
    private static final int WIDTH = 1200;
    private static final int LABEL = 90;
    private static final int LANE = 24;
    private static final String[] COLOURS = {"#3b7dd8", "#e08a2c", "#3a9e5c", "#8e44ad", "#16a085", "#d35400",
        "#7f8c8d", "#2c3e50"};

    private NodeReport() {
    }

    /**
     * Writes the page to {@code file} through a temporary file.
     *
     * @param title what ran
     * @param summary the run's text summary
     * @param timeline what ran where and when
     * @throws UncheckedIOException if it cannot be written (nothing is left at {@code file})
     */
    public static void write(Path file, String title, String summary, NodeTimeline timeline) {
        StringBuilder h = new StringBuilder(16 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>")
                .append("body{font:14px system-ui,sans-serif;margin:24px;color:#222}pre{background:#f6f6f6;padding:8px}")
                .append("rect.member.failed{stroke:#c0392b;stroke-width:2}line.dep{stroke:#555;stroke-width:1}")
                .append("text{font:12px system-ui,sans-serif}.legend span{display:inline-block;width:12px;height:12px;")
                .append("margin:0 4px 0 12px;vertical-align:middle}</style></head><body>\n<h1>").append(esc(title))
                .append("</h1>\n<pre id=\"summary\">").append(esc(summary.strip())).append("</pre>\n");
        timeline(h, timeline);
        h.append("</body></html>\n");
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            AtomicFile.writeString(file, h);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + file, e);
        }
    }

    private static void timeline(StringBuilder h, NodeTimeline t) {
        List<NodeTimeline.Slice> slices = t.slices();
        List<NodeTimeline.Arrow> arrows = t.arrows();
        int lanes = t.chips() + t.subs() + (t.instants().isEmpty() ? 0 : 1);
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (NodeTimeline.Slice s : slices) {
            start = Math.min(start, s.start());
            end = Math.max(end, s.end());
        }
        for (NodeTimeline.Slice s : t.instants()) {
            start = Math.min(start, s.start());
            end = Math.max(end, s.end());
        }
        if (start > end) {
            start = 0;
            end = 1;
        }
        double scale = (double) (WIDTH - LABEL - 10) / Math.max(1, end - start);
        List<String> callables = new ArrayList<>();
        for (NodeTimeline.Slice s : slices) {
            if (!callables.contains(s.callable())) {
                callables.add(s.callable());
            }
        }
        h.append("<h2>Timeline</h2>\n<p id=\"node-timeline-count\" data-lanes=\"").append(lanes).append("\" data-slices=\"")
                .append(slices.size()).append("\" data-arrows=\"").append(arrows.size()).append("\">")
                .append(t.chips()).append(" chip lane(s), ").append(t.subs()).append(" SUB worker lane(s); ")
                .append(slices.size()).append(" task member(s), ").append(arrows.size()).append(" dependency arrow(s), over ")
                .append(String.format(Locale.ROOT, "%.3f", (end - start) / 1e3)).append(" µs.</p>\n<p class=\"legend\">");
        for (int i = 0; i < callables.size(); i++) {
            h.append("<span style=\"background:").append(COLOURS[i % COLOURS.length]).append("\"></span>")
                    .append(esc(callables.get(i)));
        }
        h.append("</p>\n<svg id=\"node-timeline\" width=\"").append(WIDTH).append("\" height=\"").append(lanes * LANE + 4)
                .append("\">\n<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\""
                        + " markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#555\"/>"
                        + "</marker></defs>\n");
        for (int i = 0; i < t.chips(); i++) {
            label(h, i, "chip " + i);
        }
        for (int i = 0; i < t.subs(); i++) {
            label(h, t.chips() + i, "sub " + i);
        }
        if (!t.instants().isEmpty()) {
            label(h, t.chips() + t.subs(), "not run");
        }
        for (NodeTimeline.Slice s : slices) {
            double x = LABEL + (s.start() - start) * scale;
            double w = Math.max(1, (s.end() - s.start()) * scale);
            h.append(String.format(Locale.ROOT, "<rect class=\"member%s\" x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\""
                    + " fill=\"%s\"><title>%s on %s, %.3f-%.3f us%s</title></rect>%n", s.code() == 0 ? "" : " failed", x,
                    lane(t, s) * LANE + 3, w, LANE - 6, COLOURS[callables.indexOf(s.callable()) % COLOURS.length],
                    esc(s.name()), where(s), s.start() / 1e3, s.end() / 1e3, s.code() == 0 ? "" : ", status " + s.code()));
        }
        for (NodeTimeline.Slice s : t.instants()) {
            double x = LABEL + (s.start() - start) * scale;
            h.append(String.format(Locale.ROOT, "<circle class=\"not-run\" cx=\"%.2f\" cy=\"%d\" r=\"5\" fill=\"#c0392b\">"
                    + "<title>%s at %.3f us</title></circle>%n", x, lane(t, s) * LANE + LANE / 2, esc(s.name()), s.start() / 1e3));
        }
        for (NodeTimeline.Arrow a : arrows) {
            h.append(String.format(Locale.ROOT, "<line class=\"dep\" x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\""
                    + " marker-end=\"url(#arrow)\"><title>%s before %s</title></line>%n",
                    LABEL + (a.from().end() - start) * scale, lane(t, a.from()) * LANE + LANE / 2,
                    LABEL + (a.to().start() - start) * scale, lane(t, a.to()) * LANE + LANE / 2, esc(a.from().name()),
                    esc(a.to().name())));
        }
        h.append("</svg>\n<p class=\"note\">Time runs left to right; hover a member or an arrow for its task and"
                + " times.</p>\n");
    }

    private static int lane(NodeTimeline t, NodeTimeline.Slice s) {
        return switch (s.group()) {
            case NodeTimeline.CHIPS -> s.worker();
            case NodeTimeline.SUBS -> t.chips() + s.worker();
            default -> t.chips() + t.subs();
        };
    }

    private static String where(NodeTimeline.Slice s) {
        return (s.group() == NodeTimeline.CHIPS ? "chip " : "sub ") + s.worker();
    }

    private static void label(StringBuilder h, int lane, String text) {
        h.append("<text x=\"0\" y=\"").append(lane * LANE + LANE / 2 + 4).append("\">").append(esc(text))
                .append("</text>\n");
    }

    private static String esc(String s) {
        return HtmlEscapers.htmlEscaper().escape(s);
    }
}
