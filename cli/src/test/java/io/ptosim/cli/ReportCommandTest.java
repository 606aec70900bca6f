package io.ptosim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.traces.SharedVectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    @TempDir
    Path dir;

    /** The page without its title lines, which name how the run was made. */
    private static String body(Path page) throws Exception {
        String html = Files.readString(page, StandardCharsets.UTF_8);
        return html.substring(html.indexOf("</h1>"));
    }

    @Test
    void aRecordedTracesPageIsThePageOfTheRunItRecorded() throws Exception {
        Path trace = dir.resolve("run.ptrace");
        Path direct = dir.resolve("direct.html");
        CliHarness run = new CliHarness();
        assertThat(run.run("run", "paged-attention", "--case", "CaseSmall1", "--trace", trace.toString(), "--report",
                direct.toString())).as(run.err.toString()).isZero();
        Path page = dir.resolve("again.html");
        CliHarness report = new CliHarness();
        assertThat(report.run("report", trace.toString(), "-o", page.toString())).as(report.err.toString()).isZero();
        assertThat(report.out.toString()).contains("identical (").endsWith(page + System.lineSeparator());
        assertThat(Files.readString(page, StandardCharsets.UTF_8))
                .contains("<h1>paged-attention CaseSmall1 auto on a2a3 (seed 0), re-run from run.ptrace</h1>");
        assertThat(body(page)).isEqualTo(body(direct));
    }

    @Test
    void replayTakesReportForATraceToo() throws Exception {
        Path trace = dir.resolve("run.ptrace");
        CliHarness run = new CliHarness();
        assertThat(run.run("run", "vector-example", "--trace", trace.toString())).as(run.err.toString()).isZero();
        Path page = dir.resolve("replay.html");
        CliHarness replay = new CliHarness();
        assertThat(replay.run("replay", trace.toString(), "--report", page.toString())).as(replay.err.toString())
                .isZero();
        assertThat(Files.readString(page, StandardCharsets.UTF_8)).contains("data-drawn=\"5\" data-blocks=\"5\"");
    }

    @Test
    void aDepsJsonIsReplayedTraceDrivenIntoThePage() throws Exception {
        Path deps = SharedVectors.sample("paged_attention-CaseSmall1/deps.json");
        Path viaReport = dir.resolve("report.html");
        CliHarness report = new CliHarness();
        assertThat(report.run("report", deps.toString(), "-o", viaReport.toString())).as(report.err.toString()).isZero();
        Path viaReplay = dir.resolve("replay.html");
        CliHarness replay = new CliHarness();
        assertThat(replay.run("replay", deps.toString(), "--report", viaReplay.toString())).isZero();
        assertThat(body(viaReport)).isEqualTo(body(viaReplay));
    }

    @Test
    void badUseNamesTheArgument() throws Exception {
        CliHarness cli = new CliHarness();
        assertThat(cli.run("report", dir.resolve("none.ptrace").toString(), "-o", dir.resolve("p.html").toString()))
                .isEqualTo(2);
        assertThat(cli.err.toString()).contains("ptosim report: TRACE " + dir.resolve("none.ptrace")
                + " is not a readable file");
        Path trace = dir.resolve("t.ptrace");
        Files.writeString(trace, "x");
        assertThat(cli.run("report", trace.toString(), "-o", dir.resolve("no/such/p.html").toString())).isEqualTo(2);
        assertThat(cli.err.toString()).contains("-o " + dir.resolve("no/such/p.html") + ": cannot write there");
        assertThat(cli.run("report", trace.toString())).isEqualTo(2);
        assertThat(cli.err.toString()).contains("Missing required option: '--output=FILE'");
    }

    @Test
    void withExplainTheCriticalPathsStepsOnCoresAreDrawnOverTheTimeline() throws Exception {
        Path trace = dir.resolve("run.ptrace");
        CliHarness run = new CliHarness();
        assertThat(run.run("run", "paged-attention", "--case", "CaseSmall1", "--trace", trace.toString()))
                .as(run.err.toString()).isZero();
        Path plain = dir.resolve("plain.html");
        Path explained = dir.resolve("explained.html");
        CliHarness report = new CliHarness();
        assertThat(report.run("report", trace.toString(), "-o", plain.toString())).isZero();
        assertThat(report.run("report", trace.toString(), "-o", explained.toString(), "--explain")).isZero();
        String without = Files.readString(plain, StandardCharsets.UTF_8);
        String with = Files.readString(explained, StandardCharsets.UTF_8);
        assertThat(without).contains("data-path=\"0\"").doesNotContain("<rect class=\"path\"");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("data-path=\"(\\d+)\"").matcher(with);
        assertThat(m.find()).isTrue();
        int drawn = Integer.parseInt(m.group(1));
        assertThat(drawn).isPositive();
        assertThat(with.split("<rect class=\"path\"", -1)).hasSize(drawn + 1);
        assertThat(with).contains("critical path: dispatch on core").contains("Red: the critical path's " + drawn);
    }

    @Test
    void theTimelineColoursEachKernelAndNamesItInTheLegend() throws Exception {
        Path page = dir.resolve("k.html");
        CliHarness run = new CliHarness();
        assertThat(run.run("run", "paged-attention", "--case", "CaseSmall1", "--report", page.toString()))
                .as(run.err.toString()).isZero();
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertThat(html).contains("<p class=\"legend\" id=\"kernels\"><span style=\"background:#3b7dd8\"></span>qk"
                + "<span style=\"background:#e08a2c\"></span>softmax_prepare<span style=\"background:#3a9e5c\"></span>pv"
                + "<span style=\"background:#8e44ad\"></span>online_update</p>");
        assertThat(html).contains("fill=\"#3b7dd8\"><title>qk, task r2t0 on core 0,")
                .contains("fill=\"#e08a2c\"><title>softmax_prepare, task r2t");
        java.util.regex.Matcher rect = java.util.regex.Pattern.compile("<rect class=\"block[^\"]*\" x=\"[^\"]*\" y=\"(\\d+)\""
                + "[^>]*><title>[^<]* on core (\\d+),").matcher(html);
        int rows = 0;
        while (rect.find()) {
            int core = Integer.parseInt(rect.group(2));
            int cluster = core < 24 ? core : (core - 24) / 2;
            int within = core < 24 ? 0 : 1 + (core - 24) % 2;
            assertThat(Integer.parseInt(rect.group(1))).as("core %d sits in cluster %d's group", core, cluster)
                    .isEqualTo(cluster * (3 * 6 + 3) + within * 6);
            rows++;
        }
        assertThat(rows).isEqualTo(12);
    }

    @Test
    void aLargeRunKeepsAnEvenlySpacedSampleOfItsBlocksInBoundedMemory() throws Exception {
        Path page = dir.resolve("case1.html");
        CliHarness run = new CliHarness();
        assertThat(run.run("run", "paged-attention", "--timing-only", "--report", page.toString()))
                .as(run.err.toString()).isZero();
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertThat(html).contains("<pre id=\"hazards\">not checked here: 65792 tasks, more than the 20000 a report"
                + " checks on the way; record it with --trace FILE and run &#39;ptosim check FILE&#39;</pre>");
        assertThat(html).contains("data-drawn=\"16384\" data-blocks=\"65536\">16384 of 65536 kernel block(s) drawn"
                + " (every 4th)").contains("Every block is in a Perfetto trace");
        assertThat(html.split("<rect class=\"block", -1)).hasSize(16384 + 1);
    }

    @Test
    void aFormatNamedBeforeTheFileIsReadWithThatReader() throws Exception {
        Path deps = SharedVectors.sample("paged_attention-CaseSmall1/deps.json");
        Path page = dir.resolve("named.html");
        CliHarness cli = new CliHarness();
        assertThat(cli.run("report", "deps:" + deps, "-o", page.toString())).as(cli.err.toString()).isZero();
        assertThat(page).exists();
        Path trace = dir.resolve("run.ptrace");
        assertThat(cli.run("run", "vector-example", "--trace", trace.toString())).isZero();
        assertThat(cli.run("check", "ptrace:" + trace)).as(cli.err.toString()).isZero();
        assertThat(cli.run("replay", "swimlane:" + deps)).isEqualTo(2);
        assertThat(cli.err.toString()).contains(deps.toString());
    }
}
