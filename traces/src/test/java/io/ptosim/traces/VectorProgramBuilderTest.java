package io.ptosim.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptosim.chip.Chip;
import io.ptosim.chip.RunSummary;
import io.ptosim.kernel.DurationModel;
import io.ptosim.kernel.KernelTable;
import io.ptosim.program.DependencyView;
import io.ptosim.program.Op;
import io.ptosim.platform.Platform;
import io.ptosim.program.Program;
import io.ptosim.runtime.DepEdge;
import io.ptosim.runtime.DependencyReplay;
import io.ptosim.runtime.ScopeMode;
import io.ptosim.runtime.SubmitRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link VectorProgramBuilder}: the program rebuilt from a vector's submits keeps every submit's task id,
 * scope kind and edges (the reference's, as the vector's own replay gives them), and runs to completion on
 * the simulated chip, for all 256 vectors.
 */
class VectorProgramBuilderTest {
    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyVectorRebuildsToAProgramWithTheSameTasksAndEdgesThatRuns() throws IOException {
        return SharedVectors.perProgram(file -> {
            VectorProgram vector = VectorProgramReader.read(file);
            VectorProgramBuilder.Built built = VectorProgramBuilder.build(vector, file.toString());
            Program program = built.program();
            List<SubmitRecord> rebuilt = DependencyView.submitsOf(program);
            assertThat(rebuilt).hasSameSizeAs(vector.submits());
            for (int i = 0; i < rebuilt.size(); i++) {
                assertThat(rebuilt.get(i).taskId()).as("submit %d's task id", i).isEqualTo(vector.submits().get(i).taskId());
                assertThat(rebuilt.get(i).manualScope()).as("submit %d's scope", i)
                        .isEqualTo(vector.submits().get(i).manualScope());
            }
            assertThat(projected(DependencyReplay.edgesOf(rebuilt))).as(vector.name())
                    .isEqualTo(projected(DependencyReplay.edgesOf(vector.submits())));
            KernelTable kernels = ProgramKernels.resolve(program, file.toString(), Map.of(), Map.of(), 1000,
                    built.aivAliases()).table();
            RunSummary run = new Chip(Platform.load("a2a3", Map.of()), program, kernels, Map.of(), false, 0).run();
            assertThat(run.completed()).as("%s runs: %s", vector.name(), run.error()).isTrue();
            assertThat(run.tasks()).isEqualTo(vector.submits().size());
        });
    }

    /** Each edge as (pred, succ, source, wait/retain, overlap, arg), counted: the vectors' multiset rule. */
    private static Map<String, Long> projected(List<DepEdge> edges) {
        return edges.stream().map(e -> Long.toUnsignedString(e.pred()) + " " + Long.toUnsignedString(e.succ()) + " "
                + e.source() + " " + e.retains() + " " + e.overlap() + " " + e.arg())
                .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
    }

    @Test
    void ringsBecomeNestedScopesAndAManualTaskAManualScopeInsideAnAutoOne() throws IOException {
        Path file = tmp.resolve("v.json");
        Files.writeString(file, """
                {"name":"rings","submits":[
                 {"task_id":"0","scope":"auto","kernel_ids":[0,-1,-1],"block_num":1,"explicit_deps":[],"args":[
                  {"type":"OUTPUT","buffer_addr":"65536","buffer_size":"1024","dtype":"FLOAT32","shape":[16],
                   "manual_dep":false}]},
                 {"task_id":"8589934592","scope":"manual","kernel_ids":[-1,1,-1],"block_num":1,"explicit_deps":["0"],"args":[
                  {"type":"INPUT","buffer_addr":"65536","buffer_size":"1024","dtype":"FLOAT32","shape":[16],"strides":[1],
                   "start_offset":"0","version":0,"owner_task_id":"0","manual_dep":false},
                  {"type":"INOUT","buffer_addr":"4096","buffer_size":"64","dtype":"FLOAT32","shape":[16],"strides":[1],
                   "start_offset":"0","version":0,"owner_task_id":null,"manual_dep":false}]},
                 {"task_id":"4294967296","scope":"auto","kernel_ids":[-1,1,-1],"block_num":1,"explicit_deps":[],"args":[]}]}
                """);
        Program p = VectorProgramBuilder.build(VectorProgramReader.read(file), file.toString()).program();
        assertThat(p.ops()).as("the ring-1 AUTO task reuses the AUTO scope the manual one sat in").extracting(Op::kind)
                .containsExactly("submit", "scope_begin", "scope_begin", "submit", "scope_end", "submit", "scope_end");
        assertThat(((Op.ScopeBegin) p.ops().get(1)).mode()).isEqualTo(ScopeMode.AUTO);
        assertThat(((Op.ScopeBegin) p.ops().get(2)).mode()).isEqualTo(ScopeMode.MANUAL);
        assertThat(p.externals()).singleElement().satisfies(b -> {
            assertThat(b.name()).isEqualTo("ext@0x1000");
            assertThat(b.addr()).isEqualTo(VectorProgramBuilder.EXTERNAL_BASE);
            assertThat(b.sizeBytes()).isEqualTo(64);
        });
        assertThat(((Op.Submit) p.ops().get(3)).deps()).singleElement().extracting(d -> d.op()).isEqualTo(0);
    }

    @Test
    void aFuncIdInAicAndAivSlotsRunsItsAivUsesUnderANewIdTimedAsTheOriginal() throws IOException {
        Path file = tmp.resolve("k.json");
        Files.writeString(file, """
                {"name":"kernels","submits":[
                 {"task_id":"0","scope":"auto","kernel_ids":[4,-1,-1],"block_num":1,"explicit_deps":[],"args":[]},
                 {"task_id":"1","scope":"auto","kernel_ids":[-1,4,9],"block_num":1,"explicit_deps":[],"args":[]},
                 {"task_id":"2","scope":"auto","kernel_ids":[9,2,-1],"block_num":1,"explicit_deps":[],"args":[]}]}
                """);
        VectorProgramBuilder.Built built = VectorProgramBuilder.build(VectorProgramReader.read(file), file.toString());
        assertThat(built.aivAliases()).isEqualTo(Map.of(10, 4, 11, 9));
        assertThat(built.program().ops()).extracting(op -> Arrays.toString(((Op.Submit) op).kernelIds()))
                .containsExactly("[4, -1, -1]", "[-1, 10, 11]", "[9, 2, -1]");
        ProgramKernels.Resolved r = ProgramKernels.resolve(built.program(), file.toString(),
                Map.of(4, new KernelTimingReader.KernelTiming(4, "mm", new DurationModel.Fixed(70))),
                Map.of(), 1000, built.aivAliases());
        assertThat(r.table().kernels()).extracting(k -> k.funcId() + " " + k.name() + " " + k.core() + " " + k.duration())
                .containsExactly("2 func_2 AIV Fixed[nanos=1000]", "4 mm AIC Fixed[nanos=70]", "9 func_9 AIC Fixed[nanos=1000]",
                        "10 mm/aiv AIV Fixed[nanos=70]", "11 func_9/aiv AIV Fixed[nanos=1000]");
        assertThat(r.unusedTableIds()).isEmpty();
    }

    @Test
    void aViewOfAnAddressItsOwnerNeverOutputIsRejectedNamingTheArg() throws IOException {
        Path file = tmp.resolve("bad.json");
        Files.writeString(file, """
                {"name":"bad","submits":[
                 {"task_id":"0","scope":"auto","kernel_ids":[0,-1,-1],"block_num":1,"explicit_deps":[],"args":[
                  {"type":"OUTPUT","buffer_addr":"65536","buffer_size":"1024","dtype":"FLOAT32","shape":[16],
                   "manual_dep":false}]},
                 {"task_id":"1","scope":"auto","kernel_ids":[0,-1,-1],"block_num":1,"explicit_deps":[],"args":[
                  {"type":"INPUT","buffer_addr":"131072","buffer_size":"1024","dtype":"FLOAT32","shape":[16],"strides":[1],
                   "start_offset":"0","version":0,"owner_task_id":"0","manual_dep":false}]}]}
                """);
        VectorProgram v = VectorProgramReader.read(file);
        assertThatThrownBy(() -> VectorProgramBuilder.build(v, file.toString())).isInstanceOf(TraceFormatException.class)
                .hasMessage(file + ": submits[1].args[0].buffer_addr: 131072 is not the address of an OUTPUT of task 0");
    }
}
