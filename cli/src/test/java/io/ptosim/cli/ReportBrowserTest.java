package io.ptosim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ptosim.traces.SharedVectors;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ptosim run --report} pages, loaded from disk by a real headless Chromium: the rendered DOM has a
 * rectangle per kernel block drawn (all of them, or the sample the page states), the run's elapsed time
 * and the charts over time the chart library drew; the browser console stays silent, and the file's only
 * scripts are inline and it names no URL to load. Screenshots go to {@code target/} for a person to
 * look at. Without a Chromium on PATH the test is skipped with the reason (under CI=true it fails: .ci/run
 * installs one).
 */
class ReportBrowserTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private static String chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (!p.isEmpty() && Files.isExecutable(Path.of(p, name))) {
                    return Path.of(p, name).toString();
                }
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("no Chromium on PATH under CI=true; .ci/run installs the chromium package");
        }
        Assumptions.abort("no Chromium on PATH (apt-get install chromium): the report pages are not checked in a browser");
        return null;
    }

    private static String browse(String chromium, Path page, String... mode) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--window-size=1300,2400", "--enable-logging=stderr", "--v=0"));
        cmd.addAll(List.of(mode));
        cmd.add(page.toUri().toString());
        Path log = Files.createTempFile("chromium", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            // The page's console (an error, a refused load, anything it logs) shows as CONSOLE lines.
            assertThat(Files.readAllLines(log)).as("the browser console of " + page).noneMatch(l -> l.contains(":CONSOLE"));
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** A page loads nothing: its only scripts are inline, and no attribute or style names a URL. */
    private static void loadsNothing(String html) {
        assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';")
                .doesNotContainPattern("<script[^>]*\\ssrc=").doesNotContainPattern("(href|src)=\"(https?:)?//")
                .doesNotContain("url(http").doesNotContain("@import");
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private void check(String name, String... run) throws Exception {
        String chromium = chromium();
        Path page = dir.resolve(name + ".html");
        CliHarness cli = new CliHarness();
        List<String> args = new ArrayList<>(List.of(run));
        args.addAll(List.of("--json", "--report", page.toString()));
        assertThat(cli.run(args.toArray(String[]::new))).as(cli.err.toString()).isZero();
        JsonNode j = MAPPER.readTree(cli.out.toString());
        String html = Files.readString(page, StandardCharsets.UTF_8);
        loadsNothing(html);
        String dom = browse(chromium, page, "--dump-dom");
        assertThat(count(dom, "<div class=\"uplot")).as("the charts over time were drawn").isEqualTo(
                html.contains("id=\"chart-rings\"") ? 3 : 2);
        assertThat(count(dom, "<canvas")).isGreaterThanOrEqualTo(2);
        Matcher stated = Pattern.compile("data-drawn=\"(\\d+)\" data-blocks=\"(\\d+)\"").matcher(dom);
        assertThat(stated.find()).as("the page states what it drew").isTrue();
        int drawn = Integer.parseInt(stated.group(1));
        assertThat(Long.parseLong(stated.group(2))).isEqualTo(j.get("dispatches").asLong());
        assertThat(count(dom, "<rect class=\"block")).isEqualTo(drawn);
        if (j.get("dispatches").asLong() <= 20_000) {
            assertThat(drawn).isEqualTo(j.get("dispatches").asInt());
        }
        assertThat(dom).contains("<td id=\"elapsed\">" + String.format(Locale.ROOT, "%.1f us   (orchestrator %.1f us)",
                j.get("elapsed_us").asDouble(), j.get("orch_us").asDouble()) + "</td>");
        assertThat(dom).contains("<td id=\"tasks\">" + j.get("tasks").asLong() + "   (edges " + j.get("edges").asLong()
                + ", kernel blocks dispatched " + j.get("dispatches").asLong() + ")</td>");
        Path shot = Path.of("target", "report-" + name + ".png").toAbsolutePath();
        Files.deleteIfExists(shot);
        browse(chromium, page, "--screenshot=" + shot);
        assertThat(shot).exists();
        assertThat(Files.size(shot)).isGreaterThan(1000);
    }

    @Test
    void vectorExamplesPageDrawsEveryBlock() throws Exception {
        check("vector-example", "run", "vector-example");
    }

    @Test
    void pagedAttentionsPageDrawsTheSampleItStatesAndItsExplainParts() throws Exception {
        check("paged-attention", "run", "paged-attention", "--timing-only", "--explain");
        String html = Files.readString(dir.resolve("paged-attention.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("Where the time went: orchestrator-bound").contains("(every 4th)");
        Matcher path = Pattern.compile("data-path=\"(\\d+)\"").matcher(html);
        assertThat(path.find()).isTrue();
        assertThat(Integer.parseInt(path.group(1))).as("the critical path's steps on cores are drawn").isPositive()
                .isEqualTo(count(html, "<rect class=\"path\""));
    }

    @Test
    void aDepsJsonReplaysPageDrawsItsTraceDrivenRun() throws Exception {
        Path deps = SharedVectors.sample("paged_attention-CaseSmall1/deps.json");
        check("replay-paged-attention-CaseSmall1", "replay", deps.toString());
    }

    @Test
    void theTimelineZoomsFromTheSliderOrTheAddress() throws Exception {
        String chromium = chromium();
        Path page = dir.resolve("zoom.html");
        CliHarness cli = new CliHarness();
        assertThat(cli.run("run", "paged-attention", "--case", "CaseSmall1", "--report", page.toString()))
                .as(cli.err.toString()).isZero();
        List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--dump-dom", page.toUri() + "#zoom=8"));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(dom).contains("<svg id=\"timeline\" width=\"9600\"").contains("id=\"timeline-zoom-value\">8x<");
        assertThat(browse(chromium, page, "--dump-dom")).contains("<svg id=\"timeline\" width=\"1200\"");
    }

    @Test
    void aRecordedTracesPageFromPtosimReportLoadsToo() throws Exception {
        String chromium = chromium();
        Path trace = dir.resolve("run.ptrace");
        Path page = dir.resolve("report.html");
        CliHarness cli = new CliHarness();
        assertThat(cli.run("run", "paged-attention", "--case", "CaseSmall1", "--trace", trace.toString()))
                .as(cli.err.toString()).isZero();
        assertThat(cli.run("report", trace.toString(), "-o", page.toString())).as(cli.err.toString()).isZero();
        String dom = loadAndShoot(chromium, page, "recorded-trace");
        assertThat(count(dom, "<div class=\"uplot")).isEqualTo(3);
    }

    /** Checks that {@code page} loads nothing, screenshots it as target/report-NAME.png and returns its DOM. */
    private static String loadAndShoot(String chromium, Path page, String name) throws Exception {
        loadsNothing(Files.readString(page, StandardCharsets.UTF_8));
        String dom = browse(chromium, page, "--dump-dom");
        Path shot = Path.of("target", "report-" + name + ".png").toAbsolutePath();
        browse(chromium, page, "--screenshot=" + shot);
        assertThat(shot).exists();
        return dom;
    }

    @Test
    void aNodeRunsPageDrawsItsLanesAndArrows() throws Exception {
        String chromium = chromium();
        Path page = dir.resolve("node.html");
        CliHarness cli = new CliHarness();
        assertThat(cli.run("run", "node-paged-attention", "--report", page.toString())).as(cli.err.toString()).isZero();
        String dom = loadAndShoot(chromium, page, "node");
        assertThat(count(dom, "<rect class=\"member")).as("4 shards and the check").isEqualTo(5);
        assertThat(count(dom, "<line class=\"dep\"")).as("every shard before the check").isEqualTo(4);
    }

    @Test
    void aSweepsPageHasARowPerPointWithItsElapsedTime() throws Exception {
        String chromium = chromium();
        CliHarness cli = new CliHarness();
        Path out = dir.resolve("sweep");
        assertThat(cli.run("sweep", "paged-attention", "--case", "CaseSmall1", "--timing-only", "--grid",
                "topology.schedulerThreads=1,2,3", "--grid", "ring.taskWindow=16,1024", "-o", out.toString(), "--jobs", "2"))
                .as(cli.err.toString()).isZero();
        Path page = out.resolve("sweep.html");
        String html = Files.readString(page, StandardCharsets.UTF_8);
        loadsNothing(html);
        String dom = browse(chromium, page, "--dump-dom");
        assertThat(count(dom, "<tr class=\"point")).isEqualTo(6);
        assertThat(count(dom, "<tr class=\"point best\">")).isEqualTo(1);
        assertThat(count(dom, "<div class=\"uplot")).as("elapsed against each of the two axes").isEqualTo(2);
        assertThat(count(dom, "<td class=\"cell\"")).as("a 3 x 2 heat map").isEqualTo(6);
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        for (String row : csv.subList(1, csv.size())) {
            assertThat(dom).contains("<td class=\"elapsed\">" + row.split(",")[3] + "</td>");
        }
        Path shot = Path.of("target", "report-sweep.png").toAbsolutePath();
        browse(chromium, page, "--screenshot=" + shot);
        assertThat(shot).exists();
    }
}
