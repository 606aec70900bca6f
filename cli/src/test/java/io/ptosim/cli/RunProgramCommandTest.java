package io.ptosim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ptosim run PROGRAM.json}: a user's program file on the simulated chip, timing only. */
class RunProgramCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String STRUCTURAL = "oldest task owned by an open scope on this ring";
    private static final String BACKSTOP = "No reclaim progress for ~500 ms";

    @TempDir
    Path tmp;

    private final CliHarness cli = new CliHarness();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private static String resource(String name) {
        try {
            return Path.of(RunProgramCommandTest.class.getResource("/programs/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode runJson(int expectedStatus, String... args) throws IOException {
        assertThat(cli.run(args)).as(err.toString()).isEqualTo(expectedStatus);
        JsonNode j = MAPPER.readTree(out.toString());
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return j;
    }

    /**
     * l2-runtime.md §11 scenario 41 as program files on a 4 KiB heap: a child in a scope nested inside the
     * parent's open scope finds the parent at the ring's head, which the open scope pins: a structural
     * deadlock, fatal at once. A child in a sibling scope that has ended is not pinned by a scope, so the
     * runtime waits for it: with a 1 s child kernel the allocator's 500 ms backstop fires; with a short one
     * the run completes.
     */
    @Test
    void nestedScopesDeadlockAtOnceSiblingScopesWaitForTheBackstop() throws IOException {
        JsonNode nested = runJson(1, "run", resource("nested-scopes.json"), "--set", "ring.heapBytes=4096", "--json");
        assertThat(nested.get("error_code").asInt()).isEqualTo(2);
        assertThat(nested.get("error").asText()).contains("Heap Exhausted! ring=3").contains(STRUCTURAL)
                .doesNotContain(BACKSTOP);
        assertThat(nested.get("elapsed_us").asDouble()).as("at once: the parent's submit, then the child's").isLessThan(10);

        JsonNode sibling = runJson(1, "run", resource("sibling-scopes.json"), "--set", "ring.heapBytes=4096", "--kernels",
                resource("slow-child.kernels.json"), "--json");
        assertThat(sibling.get("error_code").asInt()).isEqualTo(2);
        assertThat(sibling.get("error").asText()).contains("Heap Exhausted! ring=3").contains(BACKSTOP)
                .doesNotContain(STRUCTURAL);
        assertThat(sibling.get("elapsed_us").asDouble()).as("the backstop, before the 1 s child ends")
                .isBetween(500_000.0, 501_000.0);
        assertThat(sibling.get("blocked_us").get("heap (ring 3)").asDouble()).isGreaterThanOrEqualTo(500_000);

        JsonNode quick = runJson(0, "run", resource("sibling-scopes.json"), "--set", "ring.heapBytes=4096", "--json");
        assertThat(quick.get("completed").asBoolean()).as("the 2 us child is reclaimed and the heap wraps").isTrue();
        assertThat(quick.get("blocked_us").get("heap (ring 3)").asDouble()).isPositive();
        JsonNode roomy = runJson(0, "run", resource("nested-scopes.json"), "--json");
        assertThat(roomy.get("completed").asBoolean()).as("the default heap holds both").isTrue();
    }

    @Test
    void theTextSummarySaysTimingOnlyAndWhereEachKernelsTimingCameFrom() {
        assertThat(cli.run("run", resource("sibling-scopes.json"), "--kernels", resource("slow-child.kernels.json"),
                "--set", "ring.heapBytes=8192")).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("sibling-scopes (" + resource("sibling-scopes.json") + ", ptosim program) on"
                + " a2a3 (seed 0, timing only: user kernels have no functional bodies)\n"
                + "  kernels      2 named; 1 from " + resource("slow-child.kernels.json") + " (child (1)); 1 from the"
                + " program (parent (0))\n")
                .contains("  result       completed");
        assertThat(err.toString()).as("nothing defaulted, nothing to warn of").isEmpty();
    }

    @Test
    void kernelsNobodyTimesTakeTheDefaultWithAWarningNamingThem() throws IOException {
        Path program = tmp.resolve("p.json");
        Files.writeString(program, """
                {"format": "ptosim-program/1", "name": "p", "externals": [], "ops": [
                  {"op": "submit", "kernel_ids": [0, -1, -1], "block_num": 1, "require_sync_start": false,
                   "early_resolve": false, "args": [], "deps": []},
                  {"op": "submit", "kernel_ids": [-1, 3, 5], "block_num": 2, "require_sync_start": false,
                   "early_resolve": false, "args": [], "deps": []}
                ]}
                """);
        Path table = tmp.resolve("k.json");
        Files.writeString(table, "{\"kernels\": [{\"func_id\": 3, \"ns\": 40000}, {\"func_id\": 7, \"ns\": 1}]}");
        assertThat(cli.run("run", program.toString(), "--kernels", table.toString(), "--kernel-ns", "20000"))
                .as(err.toString()).isZero();
        assertThat(err.toString()).isEqualTo("ptosim run: warning: no timing for kernel(s) func_0, func_5 in " + table
                + " or the program; each of their blocks takes the default 20000 ns (--kernel-ns). Give them \"ns\" or"
                + " work (flops, bytes) in a --kernels table: docs/program-format.md\n");
        assertThat(out.toString()).contains("  kernels      3 named; 1 from " + table + " (func_3); 2 default 20000 ns"
                + " (func_0, func_5)\n               " + table + " lists func id(s) 7, which no submit names\n");
        // one 20 us AIC block, then two 40 us and two 20 us AIV blocks on two clusters' four vector cores
        assertThat(out.toString()).contains("kernel blocks dispatched 5)").contains("140.0 us of compute alone");
    }

    @Test
    void workEntriesGoThroughTheCostModel() throws IOException {
        Path table = tmp.resolve("k.json");
        Files.writeString(table, "{\"kernels\": [{\"func_id\": 0, \"flops\": 1e6, \"bytes_read\": 1048576},"
                + " {\"func_id\": 1, \"tile\": [64, 128, 128], \"dtype\": \"FLOAT16\", \"bytes_written\": 1048576}]}");
        JsonNode j = runJson(0, "run", resource("nested-scopes.json"), "--kernels", table.toString(), "--json");
        assertThat(j.get("work").get("gflop").asDouble()).isEqualTo((1e6 + 2.0 * 64 * 128 * 128) / 1e9);
        assertThat(j.get("work").get("gm_bytes").asLong()).isEqualTo(2 * 1048576);
        assertThat(j.get("kernels").get("named").toString()).isEqualTo("[{\"func_id\":0,\"name\":\"func_0\",\"core\":"
                + "\"AIV\",\"timing\":\"table\"},{\"func_id\":1,\"name\":\"func_1\",\"core\":\"AIV\",\"timing\":\"table\"}]");
        assertThat(j.get("timing_only_reason").asText()).isEqualTo("user kernels have no functional bodies");
        assertThat(j.get("functional").asBoolean()).isFalse();
    }

    @Test
    void aConformanceVectorProgramRunsWithTheEdgesItsRulesGive() throws IOException {
        Path vector = tmp.resolve("v.program.json");
        Files.writeString(vector, """
                {"name":"chain","submits":[
                 {"task_id":"0","scope":"auto","kernel_ids":[0,-1,-1],"block_num":1,"explicit_deps":[],"args":[
                  {"type":"INOUT","buffer_addr":"4096","buffer_size":"64","dtype":"FLOAT32","shape":[16],"strides":[1],
                   "start_offset":"0","version":0,"owner_task_id":null,"manual_dep":false},
                  {"type":"OUTPUT","buffer_addr":"65536","buffer_size":"1024","dtype":"FLOAT32","shape":[16],
                   "manual_dep":false}]},
                 {"task_id":"1","scope":"auto","kernel_ids":[0,-1,-1],"block_num":1,"explicit_deps":[],"args":[
                  {"type":"INPUT","buffer_addr":"4096","buffer_size":"64","dtype":"FLOAT32","shape":[16],"strides":[1],
                   "start_offset":"0","version":0,"owner_task_id":null,"manual_dep":false},
                  {"type":"INPUT","buffer_addr":"65536","buffer_size":"1024","dtype":"FLOAT32","shape":[16],"strides":[1],
                   "start_offset":"0","version":0,"owner_task_id":"0","manual_dep":false}]}]}
                """);
        Path deps = tmp.resolve("deps.json");
        JsonNode j = runJson(0, "run", vector.toString(), "--deps", deps.toString(), "--json");
        assertThat(j.get("program_form").asText()).isEqualTo("conformance-vector program");
        assertThat(j.get("tasks").asInt()).isEqualTo(2);
        assertThat(j.get("edges").asInt()).as("arg 0's tensormap edge; arg 1's creator edge names the same producer")
                .isEqualTo(1);
        assertThat(Files.readString(deps)).contains("{\"pred\":\"0\",\"succ\":\"1\",\"arg\":0,\"source\":\"tensormap\"")
                .doesNotContain("\"source\":\"creator\"");
    }

    @Test
    void aTracedProgramRunReplaysIdenticallyAndTheOtherOutputsAreWritten() throws IOException {
        Path trace = tmp.resolve("run.ptrace");
        Path perfetto = tmp.resolve("run.perfetto.json");
        Path report = tmp.resolve("run.html");
        assertThat(cli.run("run", resource("sibling-scopes.json"), "--kernels", resource("slow-child.kernels.json"),
                "--trace", trace.toString(), "--perfetto", perfetto.toString(), "--report", report.toString(),
                "--explain")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("explain").contains("critical path");
        assertThat(perfetto).isNotEmptyFile();
        assertThat(Files.readString(report)).contains("sibling-scopes");
        out.getBuffer().setLength(0);
        assertThat(cli.run("replay", trace.toString())).as(out + "" + err).isZero();
        assertThat(out.toString()).contains("identical");
        out.getBuffer().setLength(0);
        assertThat(cli.run("check", trace.toString())).as("the trace's program, read again: " + err).isZero();
        assertThat(out.toString()).isEqualTo("check sibling-scopes: 3 tasks, 0 edges: no hazards\n");
    }

    @Test
    void whatARunOfAProgramFileDoesNotTakeIsAUsageError() throws IOException {
        Path depsJson = tmp.resolve("recorded.json");
        Files.writeString(depsJson, "{\"tasks\":[],\"tensors\":[],\"edges\":[]}\n");
        assertThat(cli.run("run", depsJson.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("PROGRAM " + depsJson + " is a deps.json: it records no output sizes or scope"
                + " nesting; run takes a ptosim or conformance-vector program (docs/program-format.md), and 'ptosim"
                + " replay " + depsJson + "' runs a deps.json trace-driven");
        err.getBuffer().setLength(0);
        assertThat(cli.run("run", tmp.resolve("absent.json").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("PROGRAM " + tmp.resolve("absent.json") + " is not a readable file");
        err.getBuffer().setLength(0);
        assertThat(cli.run("run", resource("nested-scopes.json"), "--case", "Case1")).isEqualTo(2);
        assertThat(err.toString()).contains("--case applies to built-in workloads; '" + resource("nested-scopes.json")
                + "' is a program file");
        err.getBuffer().setLength(0);
        assertThat(cli.run("run", "vector-example", "--kernels", resource("slow-child.kernels.json"))).isEqualTo(2);
        assertThat(err.toString()).contains("--kernels applies to program files (PROGRAM.json) only; 'vector-example' is"
                + " a built-in workload, whose kernels are its own");
        err.getBuffer().setLength(0);
        Path badTable = tmp.resolve("bad.json");
        Files.writeString(badTable, "{\"kernels\": [{\"func_id\": 1}]}");
        assertThat(cli.run("run", resource("nested-scopes.json"), "--kernels", badTable.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(badTable + ": kernels[0]: no timing");
    }
}
