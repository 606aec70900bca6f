package io.ptosim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ptosim.program.Args;
import io.ptosim.program.Orchestration;
import io.ptosim.program.Task;
import io.ptosim.program.Tensor;
import io.ptosim.runtime.DataType;
import io.ptosim.traces.DepsJsonComparison;
import io.ptosim.traces.ProgramJson;
import io.ptosim.traces.SharedVectors;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** {@code ptosim deps} end to end: every conformance vector through the command line. */
class DepsCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    private final CliHarness cli = new CliHarness();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    @TestFactory
    Stream<DynamicTest> everyVectorThroughTheCommandLine() throws IOException {
        return SharedVectors.perProgram(p -> {
            String name = p.getFileName().toString().replace(".program.json", "");
            Path written = tmp.resolve(name + ".deps.json");
            assertThat(run("deps", p.toString(), "-o", written.toString())).as(err.toString()).isZero();
            assertThat(DepsJsonComparison.differences(MAPPER.readTree(p.resolveSibling(name + ".deps.json").toFile()),
                    MAPPER.readTree(written.toFile()))).as(name).isEmpty();
        });
    }

    @Test
    void writesToStandardOutputAndSummarisesOnStandardError() throws IOException {
        Path program = tmp.resolve("p.program.json");
        Files.writeString(program, """
                {"name":"two","submits":[
                 {"task_id":"0","scope":"auto","kernel_ids":[0,-1,-1],"block_num":1,"explicit_deps":[],"args":[
                  {"type":"INOUT","buffer_addr":"4096","buffer_size":"64","dtype":"FLOAT32","shape":[16],"strides":[1],
                   "start_offset":"0","version":0,"owner_task_id":null,"manual_dep":false}]},
                 {"task_id":"1","scope":"auto","kernel_ids":[0,-1,-1],"block_num":1,"explicit_deps":["0"],"args":[
                  {"type":"INPUT","buffer_addr":"4096","buffer_size":"64","dtype":"FLOAT32","shape":[8],"strides":[1],
                   "start_offset":"8","version":0,"owner_task_id":null,"manual_dep":false}]}]}
                """);
        assertThat(run("deps", program.toString())).isZero();
        assertThat(out.toString()).startsWith("{\"tasks\":[{\"task_id\":\"0\",\"scope\":\"auto\"").endsWith("}\n")
                .contains("{\"pred\":\"0\",\"succ\":\"1\",\"arg\":-1,\"source\":\"explicit\",\"flags\":[\"wait\",\"retain\"]}")
                .contains("\"source\":\"tensormap\",\"flags\":[\"wait\"],\"overlap\":\"other\"");
        assertThat(err.toString()).isEqualTo("two: 2 tasks, 2 edges (1 explicit, 0 creator, 1 tensormap)\n");
    }

    @Test
    void acceptsAPtosimProgramWrittenByTheDsl() throws IOException {
        Orchestration orch = new Orchestration("dsl");
        Tensor x = orch.external("x", 0x8000, DataType.FLOAT32, 4, 8);
        Task writer = orch.submitAic(1, Args.args().inout(x).output(DataType.FLOAT32, 2));
        orch.submitAiv(2, Args.args().input(x.view(new int[] {2, 8}, new long[] {0, 0})).input(writer.output(0)));
        Path program = tmp.resolve("dsl.json");
        ProgramJson.write(orch.build(), program);
        assertThat(run("deps", program.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("{\"pred\":\"0\",\"succ\":\"1\",\"arg\":0,\"source\":\"tensormap\","
                + "\"flags\":[\"wait\"],\"overlap\":\"other\"");
        assertThat(err.toString()).isEqualTo("dsl: 2 tasks, 1 edges (0 explicit, 0 creator, 1 tensormap)\n");
    }

    @Test
    void badProgramsAreReportedWithFileAndFieldAndNothingIsWritten() throws IOException {
        Path program = tmp.resolve("bad.program.json");
        Files.writeString(program, """
                {"name":"bad","submits":[{"task_id":"0","scope":"auto","kernel_ids":[0,-1,-1],"block_num":1,
                 "explicit_deps":[],"args":[{"type":"INPUT","buffer_addr":"4096","buffer_size":"64","dtype":"FLOAT33",
                 "shape":[16],"strides":[1],"start_offset":"0","version":0,"owner_task_id":null,"manual_dep":false}]}]}
                """);
        Path output = tmp.resolve("out.json");
        assertThat(run("deps", program.toString(), "-o", output.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("ptosim deps: " + program + ": submits[0].args[0].dtype: unknown dtype"
                + " 'FLOAT33'; expected one of FLOAT32");
        assertThat(output).doesNotExist();
        err.getBuffer().setLength(0);
        Path deps = tmp.resolve("deps.json");
        Files.writeString(deps, "{\"tasks\":[],\"tensors\":[],\"edges\":[]}\n");
        assertThat(run("deps", deps.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("ptosim deps: PROGRAM " + deps + " is a deps.json already; deps takes a"
                + " ptosim or conformance-vector program");
        err.getBuffer().setLength(0);
        assertThat(run("deps", tmp.resolve("missing.json").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("missing.json is not a readable file");
    }
}
