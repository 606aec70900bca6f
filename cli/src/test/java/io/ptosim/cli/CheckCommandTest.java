package io.ptosim.cli;

import static io.ptosim.program.Args.args;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ptosim.program.Orchestration;
import io.ptosim.program.Program;
import io.ptosim.program.Task;
import io.ptosim.program.Tensor;
import io.ptosim.runtime.DataType;
import io.ptosim.traces.ProgramJson;
import io.ptosim.traces.TensorId;
import io.ptosim.workloads.Catalog;
import io.ptosim.workloads.Workload;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** {@code ptosim check} end to end: findings, exit statuses, both input kinds, malformed files. */
class CheckCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String NL = System.lineSeparator();

    @TempDir
    Path tmp;

    private final CliHarness cli = new CliHarness();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    /** Two readers of x, then a writer of x that waits for the first only. */
    private Path writeAfterRead() throws IOException {
        Orchestration orch = new Orchestration("war");
        Tensor x = orch.external("x", 0x8000, DataType.FLOAT32, 4, 8);
        Task first = orch.submitAiv(0, args().input(x).output(DataType.FLOAT32, 8));
        orch.submitAiv(0, args().input(x.view(new int[] {1, 8}, new long[] {3, 0})).output(DataType.FLOAT32, 8));
        orch.submitAiv(1, args().inout(x.view(new int[] {2, 8}, new long[] {2, 0})).dep(first));
        Path file = tmp.resolve("war.json");
        ProgramJson.write(orch.build(), file);
        return file;
    }

    @Test
    void aWriteAfterReadIsListedWithItsFixAndExitsOne() throws IOException {
        assertThat(run("check", writeAfterRead().toString())).isEqualTo(1);
        assertThat(out.toString()).isEqualTo("write-after-read on x (0x8000) elements [24, 31]: t1 (op 1) arg 0 INPUT,"
                + " then t2 (op 2) arg 0 INOUT, no path between them; the runtime never tracks write-after-read. Fix:"
                + " add_dep(t1) on t2, or make t1's arg 0 INOUT." + NL
                + "check war: 3 tasks, 1 edge: 1 hazard between 1 task pair (1 write-after-read, 0 write-after-write,"
                + " 0 read-after-write)" + NL);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aReportPageListsTheHazardsCheckFinds() throws IOException {
        Path page = tmp.resolve("war.html");
        assertThat(run("run", writeAfterRead().toString(), "--report", page.toString())).as(err.toString()).isZero();
        assertThat(Files.readString(page)).contains("<h2>Hazards (ptosim check)</h2>\n<pre id=\"hazards\">"
                + "write-after-read on x (0x8000) elements [24, 31]: t1 (op 1) arg 0 INPUT, then t2 (op 2) arg 0 INOUT, no"
                + " path between them; the runtime never tracks write-after-read. Fix: add_dep(t1) on t2, or make t1&#39;s"
                + " arg 0 INOUT.\ncheck war: 3 tasks, 1 edge: 1 hazard between 1 task pair (1 write-after-read, 0"
                + " write-after-write, 0 read-after-write)</pre>");
    }

    @Test
    void jsonNamesBothTasksTheirOpsTheBufferTheRangeAndTheFix() throws IOException {
        assertThat(run("check", writeAfterRead().toString(), "--json")).isEqualTo(1);
        JsonNode report = MAPPER.readTree(out.toString());
        assertThat(report.path("hazards").asLong()).isEqualTo(1);
        assertThat(report.path("op_index").asText()).isEqualTo("op");
        JsonNode f = report.path("findings").get(0);
        assertThat(f.path("kind").asText()).isEqualTo("write-after-read");
        assertThat(f.path("cause").asText()).isEqualTo("untracked-write-after-read");
        assertThat(f.path("earlier").path("task").asText() + "@" + f.path("earlier").path("op").asInt() + " "
                + f.path("later").path("task").asText() + "@" + f.path("later").path("op").asInt())
                .isEqualTo("t1@1 t2@2");
        assertThat(f.path("buffer").path("name").asText() + " " + f.path("buffer").path("addr").asText())
                .isEqualTo("x 0x8000");
        assertThat(f.path("range").path("lo").asLong() + ".." + f.path("range").path("hi").asLong())
                .isEqualTo("24..31");
        assertThat(f.path("fix").asText()).isEqualTo("add_dep(t1) on t2, or make t1's arg 0 INOUT");
    }

    @Test
    void aPtosimTraceIsCheckedThroughTheProgramItRecorded() {
        Path trace = tmp.resolve("pa.ptrace");
        assertThat(run("run", "paged-attention", "--case", "CaseSmall1", "--variant", "manual", "--timing-only",
                "--trace", trace.toString())).isZero();
        out.getBuffer().setLength(0);
        assertThat(run("check", trace.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo("check paged-attention: 12 tasks, 12 edges: no hazards" + NL);
    }

    @Test
    void maxLimitsWhatIsPrintedButEveryFindingIsCounted() throws IOException {
        Orchestration orch = new Orchestration("many");
        Tensor x = orch.external("x", 0x8000, DataType.FLOAT32, 16);
        for (int i = 0; i < 5; i++) {
            orch.submitAiv(0, args().input(x));
        }
        orch.submitAiv(0, args().outputExisting(x));
        Path file = tmp.resolve("many.json");
        ProgramJson.write(orch.build(), file);
        assertThat(run("check", file.toString(), "--max", "2")).isEqualTo(1);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).isEqualTo("check many: 6 tasks, 0 edges: 5 hazards between 5 task pairs (5"
                + " write-after-read, 0 write-after-write, 0 read-after-write); the first 2 shown (--max)");
        assertThat(run("check", file.toString(), "--max", "-1")).isEqualTo(2);
        assertThat(err.toString()).startsWith("ptosim check: --max -1: expected >= 0");
    }

    @TestFactory
    Stream<DynamicTest> vectorExampleIsCleanInEveryCaseAndVariant() {
        Workload w = Catalog.byName("vector-example");
        List<DynamicTest> tests = new ArrayList<>();
        for (String c : w.cases()) {
            for (String v : w.variants()) {
                tests.add(DynamicTest.dynamicTest(c + "/" + v, () -> {
                    Program p = w.instance(c, v).program();
                    Path file = tmp.resolve(c + "-" + v + ".json");
                    ProgramJson.write(p, file);
                    out.getBuffer().setLength(0);
                    assertThat(run("check", file.toString())).as(err.toString()).isZero();
                    assertThat(out.toString()).isEqualTo("check vector-example: 5 tasks, 6 edges: no hazards" + NL);
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void aDepsJsonIsCheckedAtItsTasksIndices() throws IOException {
        String x = TensorId.string(4096, 0);
        Path file = tmp.resolve("deps.json");
        Files.writeString(file, "{\"tasks\":[{\"task_id\":\"0\",\"scope\":\"auto\",\"early_dispatch\":false,"
                + "\"kernel_ids\":[-1,0,-1],\"block_num\":1,\"args\":[{\"idx\":0,\"type\":\"OUTPUT_EXISTING\","
                + "\"tensor_id\":\"" + x + "\",\"dtype\":\"FLOAT32\",\"shape\":[16],\"start_offset\":\"0\","
                + "\"strides\":[1]}]},{\"task_id\":\"1\",\"scope\":\"auto\",\"early_dispatch\":false,"
                + "\"kernel_ids\":[-1,0,-1],\"block_num\":1,\"args\":[{\"idx\":0,\"type\":\"OUTPUT_EXISTING\","
                + "\"tensor_id\":\"" + x + "\",\"dtype\":\"FLOAT32\",\"shape\":[4],\"start_offset\":\"12\","
                + "\"strides\":[1]}]}],\"tensors\":[{\"tensor_id\":\"" + x + "\",\"buffer_addr\":\"4096\","
                + "\"version\":0,\"dtype\":\"FLOAT32\",\"buffer_numel\":\"16\"}],\"edges\":[]}\n");
        assertThat(run("check", file.toString())).isEqualTo(1);
        assertThat(out.toString()).startsWith("write-after-write on 0x1000 elements [12, 15]: t0 (tasks[0]) arg 0"
                + " OUTPUT_EXISTING, then t1 (tasks[1]) arg 0 OUTPUT_EXISTING, no path between them;");
    }

    @Test
    void malformedInputExitsTwoWithOneLineNamingTheFileAndField() throws IOException {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, ProgramJson.toJson(new Orchestration("p").build()).replace("\"externals\"", "\"ext\""));
        assertThat(run("check", bad.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("ptosim check: " + bad + ": externals: missing" + NL);
        assertThat(out.toString()).isEmpty();

        err.getBuffer().setLength(0);
        Files.writeString(bad, "{\"tasks\":[{\"task_id\":\"0\",\"scope\":\"sideways\"}],\"tensors\":[],\"edges\":[]}");
        assertThat(run("check", bad.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("ptosim check: " + bad + ": tasks[0].scope: expected \"auto\" or"
                + " \"manual\", got \"sideways\"" + NL);

        err.getBuffer().setLength(0);
        Files.writeString(bad, "{\"format\": \"ptosim-program/1\",\n \"name\": }");
        assertThat(run("check", bad.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("ptosim check: " + bad + ": not valid JSON at line 2, column 10: ")
                .hasLineCount(1);

        err.getBuffer().setLength(0);
        assertThat(run("check", tmp.resolve("missing.json").toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("ptosim check: PROGRAM " + tmp.resolve("missing.json")
                + " is not a readable file");
    }

    @Test
    void helpSaysWhatIsReportedAndTheExitStatuses() {
        assertThat(run("check", "--help")).isZero();
        assertThat(out.toString()).contains("write-after-read").contains("OUTPUT_EXISTING")
                .contains("Exit status: 0 no hazard, 1 hazards found, 2 bad usage, a malformed file or one");
    }
}
