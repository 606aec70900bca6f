package io.ptosim.report;

import com.google.common.html.HtmlEscapers;
import io.ptosim.chip.RunSummary;
import io.ptosim.explain.Step;
import io.ptosim.kernel.KernelTable;
import io.ptosim.runtime.TaskId;
import io.ptosim.trace.TraceEvent;
import io.ptosim.trace.TraceSink;
import io.ptosim.traces.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * One run as a self-contained HTML page ({@code ptosim run --report FILE}): the summary (the text
 * summary's lines, from the {@link SummaryMetric} catalogue), the explain parts when asked for, and a
 * timeline with a rectangle per kernel block on its core, drawn in inline SVG, charts over time of the
 * tasks in flight per ring, the ready tasks waiting and the busy cores per type ({@link RunSeries},
 * drawn by {@link PageCharts}), and what the orchestrator waited for. The page's only scripts are
 * inline (the chart library and its data) and it references no URL: a content-security policy forbids
 * every load, so it opens from disk anywhere and makes no request. Runs with more than
 * {@value #MAX_RECTS} blocks draw an evenly spaced sample of them and say so.
 */
public final class RunReport implements TraceSink {
    /** Most block rectangles drawn. */
    public static final int MAX_RECTS = 20_000;
    private static final int WIDTH = 1200;
    private static final int ROW = 6;
    private static final int CLUSTER_GAP = 3;
    private static final String[] KERNEL_COLOURS = {"#3b7dd8", "#e08a2c", "#3a9e5c", "#8e44ad", "#16a085", "#d35400",
        "#2c3e50", "#c0a000", "#7f8c8d", "#e84393"};

    private long[] start = new long[1024];
    private long[] end = new long[1024];
    private long[] task = new long[1024];
    private int[] core = new int[1024];
    private int[] kernel = new int[1024];
    /** Blocks seen. */
    private int blocks;
    /** Blocks kept: those whose index is a multiple of {@link #stride}. */
    private int kept;
    private int stride = 1;
    private int cores;
    private final int aicCores;
    private final IntFunction<String> kernelName;
    private final RunSeries series;
    /** The hazards section's lines, or null for none. */
    private List<String> hazards;
    /** Kernels of each live task (AIC, AIV0, AIV1), from its submit to its completion; looked up only. */
    private final Map<Long, int[]> liveKernels = new HashMap<>();

    /**
     * A report of a chip of {@code aicCores} clusters: cores {@code 0 .. aicCores-1} are AIC, the next
     * {@code 2 aicCores} AIV (a cluster is one AIC and two AIV); kernels are named as {@code kernels}
     * names them.
     */
    public RunReport(int aicCores, KernelTable kernels) {
        this.aicCores = aicCores;
        this.kernelName = id -> kernels.contains(id) ? kernels.get(id).name() : "kernel " + id;
        this.series = new RunSeries(aicCores, 2 * aicCores);
    }

    @Override
    public void accept(TraceEvent event) {
        series.accept(event);
        switch (event) {
            case TraceEvent.Submitted s -> liveKernels.put(s.taskId(), new int[] {s.kernelAic(), s.kernelAiv0(),
                s.kernelAiv1()});
            case TraceEvent.Completed c -> liveKernels.remove(c.taskId());
            case TraceEvent.BlockEnded b -> block(b);
            default -> {
            }
        }
    }

    /**
     * Keeps block {@code blocks} when its index is a multiple of {@link #kept}'s stride; when twice
     * {@value #MAX_RECTS} are kept, every other one goes and the stride doubles, so memory stays bounded
     * and what is kept is always every stride-th block.
     */
    private void block(TraceEvent.BlockEnded b) {
        cores = Math.max(cores, b.core() + 1);
        if (blocks++ % stride != 0) {
            return;
        }
        if (kept == start.length) {
            if (kept == 2 * MAX_RECTS) {
                for (int i = 0; i < kept / 2; i++) {
                    start[i] = start[2 * i];
                    end[i] = end[2 * i];
                    task[i] = task[2 * i];
                    core[i] = core[2 * i];
                    kernel[i] = kernel[2 * i];
                }
                kept /= 2;
                stride *= 2;
                if ((blocks - 1) % stride != 0) {
                    return;
                }
            } else {
                int n = Math.min(2 * MAX_RECTS, 2 * kept);
                start = Arrays.copyOf(start, n);
                end = Arrays.copyOf(end, n);
                task = Arrays.copyOf(task, n);
                core = Arrays.copyOf(core, n);
                kernel = Arrays.copyOf(kernel, n);
            }
        }
        int[] k = liveKernels.get(b.taskId());
        start[kept] = b.startPs();
        end[kept] = b.endPs();
        task[kept] = b.taskId();
        core[kept] = b.core();
        kernel[kept] = k == null ? -1 : b.core() < aicCores ? k[0] : k[1] >= 0 ? k[1] : k[2];
        kept++;
    }

    /** Adds a section of what {@code ptosim check} found in the run's program, as its lines. */
    public void hazards(List<String> lines) {
        this.hazards = List.copyOf(lines);
    }

    /** Blocks seen so far. */
    public int blocks() {
        return blocks;
    }

    /**
     * Writes the page to {@code file} (through a temporary file), drawing the critical path's steps on
     * cores over the timeline.
     *
     * @param title what ran, e.g. "paged-attention Case1 auto on a2a3 (seed 0, timing only)"
     * @param s the run's summary
     * @param golden the golden's mismatches, or null when not checked
     * @param explainUs the explain parts in µs (name to µs, in order), or empty
     * @param bound the explain verdict, or null
     * @param path the critical path ({@code --explain}), or empty
     */
    public void write(Path file, String title, RunSummary s, List<String> golden, Map<String, Double> explainUs,
            String bound, List<Step> path) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline';"
                        + " style-src 'unsafe-inline'\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>")
                .append("body{font:14px system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse}")
                .append("td,th{padding:2px 10px;text-align:left;border-bottom:1px solid #ddd}")
                .append("rect.path{fill:#c0392b;fill-opacity:0.85}.legend span{display:inline-block;width:12px;height:12px;")
                .append("margin:0 4px 0 12px;vertical-align:middle}")
                .append(".note{color:#666}")
                .append("</style></head><body>\n<h1>").append(esc(title)).append("</h1>\n<table id=\"summary\">\n");
        for (SummaryLine line : SummaryMetric.lines(new ReportedRun(s, golden, -1, null))) {
            row(h, line.id(), line.label(), line.value());
        }
        h.append("</table>\n");
        if (bound != null && !explainUs.isEmpty()) {
            h.append("<h2>Where the time went: ").append(esc(bound)).append("</h2>\n<table id=\"explain\">\n");
            explainUs.forEach((k, v) -> row(h, "part-" + k, k + " (µs)", String.format(Locale.ROOT, "%.3f", v)));
            h.append("</table>\n");
        }
        timeline(h, s, path);
        overTime(h, s);
        if (hazards != null) {
            h.append("<h2>Hazards (ptosim check)</h2>\n<pre id=\"hazards\">").append(esc(String.join("\n", hazards)))
                    .append("</pre>\n");
        }
        h.append("</body></html>\n");
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            AtomicFile.writeString(file, h);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + file, e);
        }
    }

    private void timeline(StringBuilder h, RunSummary s, List<Step> path) {
        int wanted = Math.max(1, (blocks + MAX_RECTS - 1) / MAX_RECTS);
        int every = (wanted + stride - 1) / stride;
        int drawStride = stride * every;
        int drawn = (blocks + drawStride - 1) / drawStride;
        long span = Math.max(1, s.elapsedNs() * 1000);
        h.append("<h2>Timeline</h2>\n<p id=\"timeline-count\" data-drawn=\"").append(drawn).append("\" data-blocks=\"")
                .append(blocks).append("\">").append(drawn).append(" of ").append(blocks).append(" kernel block(s) drawn")
                .append(drawStride > 1 ? " (every " + ordinal(drawStride) + ")" : "").append(", one row per core; ")
                .append(s.tasks()).append(" task(s) in all.")
                .append(drawStride > 1 ? " Every block is in a Perfetto trace: run again with --perfetto FILE and open FILE"
                        + " in the Perfetto UI." : "").append("</p>\n");
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < kept; i += every) {
            if (!seen.contains(kernel[i])) {
                seen.add(kernel[i]);
            }
        }
        h.append("<p class=\"legend\" id=\"kernels\">");
        for (int k = 0; k < seen.size(); k++) {
            h.append("<span style=\"background:").append(KERNEL_COLOURS[k % KERNEL_COLOURS.length]).append("\"></span>")
                    .append(esc(seen.get(k) < 0 ? "no kernel" : kernelName.apply(seen.get(k))));
        }
        int height = y(Math.max(0, cores - 1)) + ROW + 2;
        h.append("</p>\n<p class=\"note\"><label>Zoom <input type=\"range\" id=\"timeline-zoom\" min=\"1\""
                + " max=\"64\" value=\"1\"></label> <span id=\"timeline-zoom-value\">1x</span> (then scroll"
                + " sideways)</p>\n<div id=\"timeline-box\" style=\"overflow-x:auto;max-width:").append(WIDTH + 20)
                .append("px\">\n<svg id=\"timeline\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" preserveAspectRatio=\"none\">\n");
        for (int i = 0; i < kept; i += every) {
            double x = (double) start[i] / span * WIDTH;
            double w = Math.max(0.5, (double) (end[i] - start[i]) / span * WIDTH);
            String name = kernel[i] < 0 ? "no kernel" : kernelName.apply(kernel[i]);
            h.append(String.format(Locale.ROOT, "<rect class=\"block%s\" x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\""
                    + " fill=\"%s\"><title>%s, task %s on core %d, %.3f-%.3f us</title></rect>%n",
                    core[i] >= aicCores ? " aiv" : "", x, y(core[i]), w, ROW - 1,
                    KERNEL_COLOURS[seen.indexOf(kernel[i]) % KERNEL_COLOURS.length], esc(name), TaskId.display(task[i]),
                    core[i], start[i] / 1e6, end[i] / 1e6));
        }
        int onPath = 0;
        for (Step step : path) {
            int c = switch (step) {
                case Step.Dispatch d -> d.core();
                case Step.MemoryWait m -> m.core();
                case Step.CoreBusy b -> b.core();
                default -> -1;
            };
            if (c >= 0) {
                double x = (double) step.fromPs() / span * WIDTH;
                double w = Math.max(1, (double) step.ps() / span * WIDTH);
                h.append(String.format(Locale.ROOT, "<rect class=\"path\" x=\"%.2f\" y=\"%d\" width=\"%.2f\""
                        + " height=\"%d\"><title>critical path: %s on core %d, %.3f-%.3f us</title></rect>%n", x,
                        y(c), w, ROW - 1, step.kind(), c, step.fromPs() / 1e6, step.toPs() / 1e6));
                onPath++;
            }
        }
        h.append("</svg>\n</div>\n<script>\n(() => {\n  const zoom = document.getElementById('timeline-zoom');\n"
                + "  const svg = document.getElementById('timeline');\n"
                + "  const apply = () => {\n    svg.setAttribute('width', ").append(WIDTH)
                .append(" * zoom.value);\n    document.getElementById('timeline-zoom-value').textContent = zoom.value + 'x';"
                        + "\n  };\n  zoom.addEventListener('input', apply);\n"
                        + "  const asked = location.hash.match(/zoom=(\\d+)/);\n"
                        + "  if (asked) {\n    zoom.value = asked[1];\n    apply();\n  }\n})();\n</script>\n");
        h.append("<p class=\"note\" id=\"timeline-path\" data-path=\"").append(onPath)
                .append("\">A colour per kernel (above); rows in groups of three, one group per cluster: its AIC core,"
                        + " then its two AIV cores; time runs left to right over the elapsed window.")
                .append(onPath > 0 ? " Red: the critical path's " + onPath + " step(s) on cores (the rest of it is the"
                        + " orchestrator's and the scheduler's, see above)." : "").append("</p>\n");
    }

    /** Bins of the charts over time. */
    static final int BINS = 600;

    /** The charts over time (rings, ready tasks, busy cores) and the table of what the orchestrator waited for. */
    private void overTime(StringBuilder h, RunSummary s) {
        long endPs = Math.max(1, s.elapsedNs() * 1000);
        RunSeries.Binned b = series.binned(endPs, BINS);
        PageCharts charts = new PageCharts();
        List<PageCharts.Series> rings = new ArrayList<>();
        b.inFlight().forEach((ring, peak) -> rings.add(new PageCharts.Series("ring " + ring, toDouble(peak))));
        if (!rings.isEmpty()) {
            charts.add("chart-rings", "Tasks in flight per ring (submitted, not yet retired)", "tasks", b.startUs(), rings);
        }
        charts.add("chart-ready", "Ready tasks waiting for a core", "tasks", b.startUs(),
                List.of(new PageCharts.Series("ready", toDouble(b.waiting()))));
        charts.add("chart-busy", "Busy cores per type", "% busy", b.startUs(),
                List.of(new PageCharts.Series("AIC", b.aicBusy()), new PageCharts.Series("AIV", b.aivBusy())));
        h.append("<h2>Over time</h2>\n<p class=\"note\">").append(BINS).append(" bins of ")
                .append(String.format(Locale.ROOT, "%.3f", endPs / 1e6 / BINS))
                .append(" µs; counts are each bin's highest, busy cores each bin's share of the type's cores. Drag to zoom,"
                        + " double-click to zoom out.</p>\n");
        charts.write(h);
        Map<String, long[]> waits = series.blocked(endPs);
        h.append("<h2>Where the orchestrator waited</h2>\n");
        if (waits.isEmpty()) {
            h.append("<p id=\"waits-none\">It never waited for a ring, heap, dep pool or tensor.</p>\n");
        } else {
            h.append("<table id=\"waits\">\n<tr><th>resource</th><th>waits</th><th>µs</th></tr>\n");
            waits.forEach((resource, w) -> h.append("<tr><td>").append(esc(resource)).append("</td><td>").append(w[0])
                    .append("</td><td>").append(String.format(Locale.ROOT, "%.3f", w[1] / 1e6)).append("</td></tr>\n"));
            h.append("</table>\n");
        }
    }

    /**
     * The row of core {@code c}, grouped by cluster: cluster k's AIC core (k), then its two AIV cores
     * ({@code aicCores + 2k} and the next), then a gap before the next cluster. Cores past the clusters
     * (a chip with more) follow one per row.
     */
    private int y(int c) {
        int cluster;
        int within;
        if (c < aicCores) {
            cluster = c;
            within = 0;
        } else if (c < 3 * aicCores) {
            cluster = (c - aicCores) / 2;
            within = 1 + (c - aicCores) % 2;
        } else {
            return aicCores * (3 * ROW + CLUSTER_GAP) + (c - 3 * aicCores) * ROW;
        }
        return cluster * (3 * ROW + CLUSTER_GAP) + within * ROW;
    }

    /** 2nd, 3rd, 4th, 11th, 21st, ... */
    static String ordinal(int n) {
        int tens = n % 100;
        String suffix = tens >= 11 && tens <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }

    private static double[] toDouble(long[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static void row(StringBuilder h, String id, String name, String value) {
        h.append("<tr><th>").append(esc(name)).append("</th><td id=\"").append(id).append("\">").append(esc(value))
                .append("</td></tr>\n");
    }

    private static String esc(String s) {
        return HtmlEscapers.htmlEscaper().escape(s);
    }
}
