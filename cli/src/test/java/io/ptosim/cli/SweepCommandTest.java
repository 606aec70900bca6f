package io.ptosim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ptosim.chip.RunSummary;
import io.ptosim.workloads.Catalog;
import io.ptosim.workloads.ChipRun;
import io.ptosim.workloads.WorkloadInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final CliHarness cli = new CliHarness();

    @TempDir
    Path dir;

    private int sweep(String... more) {
        String[] base = {"sweep", "vector-example", "--timing-only", "--grid", "topology.schedulerThreads=1,3",
            "--grid", "ring.taskWindow=16,1024", "-o", dir.toString(), "--jobs", "2"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return cli.run(all);
    }

    @Test
    void everyPointEqualsASingleRunWithItsSettings() throws Exception {
        assertThat(sweep()).as(cli.err.toString()).isZero();
        List<String> rows = Files.readAllLines(dir.resolve("results.csv"));
        assertThat(rows).hasSize(5);
        for (String f : List.of("results.csv", "results.json", "sweep.html")) {
            PlainFilePermissions.assertLikeAPlainFile(dir.resolve(f));
        }
        // the columns sweeps always had, then every other number or true/false of the summary catalogue
        assertThat(rows.get(0)).isEqualTo("topology.schedulerThreads,ring.taskWindow,completed,elapsed_us,orch_us,tasks,"
                + "edges,digest,error_code,completed_tasks,dispatches,aic_utilization,aiv_utilization,lost_ready,events,error");
        WorkloadInstance w = Catalog.byName("vector-example").instance("default", "auto");
        String[][] settings = {{"1", "16"}, {"1", "1024"}, {"3", "16"}, {"3", "1024"}};
        for (int i = 0; i < 4; i++) {
            String[] cells = rows.get(i + 1).split(",");
            assertThat(cells[0]).isEqualTo(settings[i][0]);
            assertThat(cells[1]).isEqualTo(settings[i][1]);
            RunSummary s = ChipRun.run(w, "a2a3", Map.of("topology.schedulerThreads", settings[i][0],
                    "ring.taskWindow", settings[i][1]), false, 0).summary();
            assertThat(cells[7]).as("point %d", i).isEqualTo(s.digest());
            assertThat(List.of(cells).subList(8, 15)).as("point %d", i).containsExactly("0",
                    Long.toString(s.completedTasks()), Long.toString(s.dispatches()),
                    Double.toString(s.aicUtilization()), Double.toString(s.aivUtilization()),
                    Long.toString(s.lostReady()), Long.toString(s.events()));
        }
    }

    @Test
    void aRerunKeepsTheFinishedPointsAndRunsOnlyTheMissingOnes() throws Exception {
        assertThat(sweep()).isZero();
        Path kept = dir.resolve("points/0000.json");
        ObjectNode marked = (ObjectNode) MAPPER.readTree(kept.toFile());
        marked.put("kept", true);
        Files.writeString(kept, MAPPER.writeValueAsString(marked));
        Files.delete(dir.resolve("points/0002.json"));
        Files.delete(dir.resolve("results.csv"));
        Files.createDirectories(dir.resolve(".claims"));
        Files.createFile(dir.resolve(".claims/2"));
        cli.err.getBuffer().setLength(0);
        assertThat(sweep()).isZero();
        assertThat(cli.err.toString()).contains("sweep: 4 point(s), 3 already done, 1 to run with 2 job(s)")
                .contains("sweep: point 2 {\"topology.schedulerThreads\":\"3\",\"ring.taskWindow\":\"16\"}: elapsed");
        assertThat(MAPPER.readTree(kept.toFile()).get("kept").asBoolean()).as("point 0 was not run again").isTrue();
        assertThat(Files.readAllLines(dir.resolve("results.csv"))).hasSize(5).noneMatch(l -> l.contains("missing"));
        assertThat(dir.resolve(".claims")).as("a killed sweep's claim does not hold its point back, and goes").doesNotExist();
    }

    @Test
    void theWorkersShareThePointsAndRunEachOnce() throws Exception {
        assertThat(sweep()).isZero();
        String err = cli.err.toString();
        for (int i = 0; i < 4; i++) {
            String line = "sweep: point " + i + " {";
            assertThat(err.split(java.util.regex.Pattern.quote(line), -1)).as(line).hasSize(2);
        }
        assertThat(dir.resolve(".claims")).doesNotExist();
    }

    @Test
    void aPointWithOtherSettingsInTheFolderIsRunAgainAndABadGridIsAUsageError() throws Exception {
        assertThat(sweep()).isZero();
        cli.err.getBuffer().setLength(0);
        assertThat(cli.run("sweep", "vector-example", "--timing-only", "--grid", "topology.schedulerThreads=2",
                "-o", dir.toString())).isZero();
        assertThat(cli.err.toString()).contains("1 point(s), 0 already done, 1 to run");
        assertThat(cli.run("sweep", "vector-example", "--grid", "ring.taskWindow", "-o", dir.toString())).isEqualTo(2);
        assertThat(cli.err.toString()).contains("--grid ring.taskWindow: expected KEY=V1,V2,...");
    }

    @Test
    void caseVariantPlatformAndSeedAreAxesThatEachPointPassesAsItsRunOption() throws Exception {
        int status = cli.run("sweep", "paged-attention", "--case", "CaseSmall1", "--timing-only", "--grid",
                "variant=auto,manual", "--grid", "platform=a2a3,a5", "--seeds", "2", "--seed", "5", "-o", dir.toString());
        assertThat(status).as(cli.err.toString()).isZero();
        List<String> rows = Files.readAllLines(dir.resolve("results.csv"));
        assertThat(rows).hasSize(9);
        assertThat(rows.get(0)).startsWith("variant,platform,seed,completed,elapsed_us");
        int i = 1;
        for (String variant : List.of("auto", "manual")) {
            WorkloadInstance w = Catalog.byName("paged-attention").instance("CaseSmall1", variant);
            for (String platform : List.of("a2a3", "a5")) {
                for (long seed : new long[] {5, 6}) {
                    String[] cells = rows.get(i++).split(",");
                    assertThat(List.of(cells).subList(0, 3)).containsExactly(variant, platform, Long.toString(seed));
                    assertThat(cells[8]).as("%s %s seed %d", variant, platform, seed)
                            .isEqualTo(ChipRun.run(w, platform, Map.of(), false, seed).summary().digest());
                }
            }
        }
    }

    @Test
    void aKeyEveryPointWouldFailOnIsRefusedBeforeAnyPointRuns() {
        String[][] cases = {
            {"--grid", "orchestrator.cores=1,2"},
            {"--grid", "ring.taskWindow=16", "--set", "no.such=1"},
            {"--grid", "case=CaseSmall1,CaseSmall2", "--case", "CaseSmall1"},
            {"--grid", "seed=1,2", "--seeds", "2"},
            {"--grid", "seed=1,2", "--seed", "3"},
            {"--grid", "ring.taskWindow=16", "--grid", "ring.taskWindow=32"},
            {"--grid", "ring.taskWindow=16", "--seeds", "0"},
            {"--grid", "ring.taskWindow=16,64, 16"},
        };
        String[] expected = {
            "--grid orchestrator.cores=...: unknown platform key 'orchestrator.cores'; expected one of case, variant,"
                    + " platform, seed or a platform key",
            "--set no.such=...: unknown platform key 'no.such'",
            "--grid case=...: case is also given as --case; give one",
            "--seeds 2 and --grid seed=...: both make a seed axis; give one",
            "--grid seed=...: seed is also given as --seed; give one",
            "--grid ring.taskWindow=32: ring.taskWindow already has an axis; list all its values in one --grid",
            "--seeds 0: expected at least 1",
            "--grid ring.taskWindow=16,64, 16: 16 is listed twice; every point would run twice",
        };
        for (int c = 0; c < cases.length; c++) {
            cli.err.getBuffer().setLength(0);
            String[] args = new String[4 + cases[c].length];
            System.arraycopy(new String[] {"sweep", "paged-attention", "-o", dir.resolve("s" + c).toString()}, 0, args, 0, 4);
            System.arraycopy(cases[c], 0, args, 4, cases[c].length);
            assertThat(cli.run(args)).as(String.join(" ", cases[c])).isEqualTo(2);
            assertThat(cli.err.toString()).as(String.join(" ", cases[c])).contains(expected[c]);
            assertThat(dir.resolve("s" + c)).as("nothing written").doesNotExist();
        }
    }

    @Test
    void aFailedPointIsARowWithItsErrorAndTheBestPointNamesItsCommandLine() throws Exception {
        int status = cli.run("sweep", "paged-attention", "--case", "CaseSmall1", "--timing-only", "--grid",
                "ring.taskWindow=4,64,abc,1024", "-o", dir.toString());
        assertThat(status).as("a sweep with failed points exits 1").isEqualTo(1);
        List<String> rows = Files.readAllLines(dir.resolve("results.csv"));
        assertThat(rows).hasSize(5);
        assertThat(rows.get(1)).startsWith("4,false,").contains("\"FATAL: Scope Deadlock Detected! (ring 2): the scope"
                + " already holds 3 tasks on ring 2; use a task window >= 2 x the tasks per scope, or inner scopes to"
                + " move work to deeper rings\"");
        assertThat(rows.get(3)).isEqualTo("abc,false" + ",".repeat(13)
                + "ptosim run: --set ring.taskWindow=abc: expected a number");
        assertThat(rows.get(2)).startsWith("64,true,").endsWith(",");
        com.fasterxml.jackson.databind.JsonNode json = MAPPER.readTree(dir.resolve("results.json").toFile());
        assertThat(json).hasSize(4);
        assertThat(json.get(2).get("exit").asInt()).isEqualTo(2);
        assertThat(json.get(2).get("result").isNull()).isTrue();
        assertThat(json.get(1).get("result").get("digest").asText()).isEqualTo(rows.get(2).split(",")[6]);
        String html = Files.readString(dir.resolve("sweep.html"));
        WorkloadInstance w = Catalog.byName("paged-attention").instance("CaseSmall1", "auto");
        double fast = Math.min(ChipRun.run(w, "a2a3", Map.of("ring.taskWindow", "64"), false, 0).summary().elapsedNs(),
                ChipRun.run(w, "a2a3", Map.of("ring.taskWindow", "1024"), false, 0).summary().elapsedNs()) / 1e3;
        java.util.regex.Matcher best = java.util.regex.Pattern.compile("<p id=\"best\" data-index=\"(\\d)\">Best: ([0-9.]+)"
                + " µs at ring.taskWindow=(\\d+) <code>ptosim (run [^<]*)</code>").matcher(html);
        assertThat(best.find()).as(html).isTrue();
        assertThat(Double.parseDouble(best.group(2))).isCloseTo(fast, org.assertj.core.api.Assertions.within(0.001));
        CliHarness again = new CliHarness();
        assertThat(again.run((best.group(4) + " --json").split(" "))).isZero();
        assertThat(MAPPER.readTree(again.out.toString()).get("elapsed_us").asDouble()).isEqualTo(Double.parseDouble(
                best.group(2)), org.assertj.core.api.Assertions.within(0.001));
        assertThat(html).contains("failed: ptosim run: --set ring.taskWindow=abc: expected a number");

        Files.writeString(dir.resolve("points/0002.error.json"), "{}");
        cli.err.getBuffer().setLength(0);
        assertThat(cli.run("sweep", "paged-attention", "--case", "CaseSmall1", "--timing-only", "--grid",
                "ring.taskWindow=4,64,abc,1024", "-o", dir.toString())).isEqualTo(1);
        assertThat(cli.err.toString()).as("a failed point without a result is tried again")
                .contains("4 point(s), 3 already done, 1 to run");
    }

    @Test
    void csvFieldsWithCommasOrQuotesAreQuoted() {
        assertThat(SweepResults.csvCell("plain")).isEqualTo("plain");
        assertThat(SweepResults.csvCell("a, b")).isEqualTo("\"a, b\"");
        assertThat(SweepResults.csvCell("say \"x\"")).isEqualTo("\"say \"\"x\"\"\"");
        assertThat(SweepResults.csvCell("two\nlines")).isEqualTo("\"two\nlines\"");
    }

    @Test
    void progressIsPassedOnALineAtATimeAsWorkersLogIt() throws Exception {
        Path a = dir.resolve("a.log");
        Path b = dir.resolve("b.log");
        Files.writeString(a, "sweep: point 0 done\nsweep: point");
        Files.writeString(b, "");
        long[] relayed = new long[2];
        java.io.StringWriter seen = new java.io.StringWriter();
        java.io.PrintWriter err = new java.io.PrintWriter(seen);
        SweepCommand.relay(List.of(a, b), relayed, err);
        assertThat(seen.toString()).isEqualTo("sweep: point 0 done\n");
        Files.writeString(a, "sweep: point 0 done\nsweep: point 2 done\n");
        Files.writeString(b, "sweep: point 1 done\n");
        SweepCommand.relay(List.of(a, b), relayed, err);
        assertThat(seen.toString()).isEqualTo("sweep: point 0 done\nsweep: point 2 done\nsweep: point 1 done\n");
        SweepCommand.relay(List.of(a, b), relayed, err);
        assertThat(seen.toString()).as("nothing twice").hasLineCount(3);
    }
}
