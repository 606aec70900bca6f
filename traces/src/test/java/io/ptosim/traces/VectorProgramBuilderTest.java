package io.ptosim.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptosim.program.DependencyView;
import io.ptosim.program.Op;
import io.ptosim.program.Program;
import io.ptosim.runtime.DepEdge;
import io.ptosim.runtime.DependencyReplay;
import io.ptosim.runtime.ScopeMode;
import io.ptosim.runtime.SubmitRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * scope kind and edges (the reference's, as the vector's own replay gives them), for all 256 vectors.
 */
class VectorProgramBuilderTest {
    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyVectorRebuildsToAProgramWithTheSameTasksAndEdges() throws IOException {
        return SharedVectors.perProgram(file -> {
            VectorProgram vector = VectorProgramReader.read(file);
            Program program = VectorProgramBuilder.build(vector, file.toString());
            List<SubmitRecord> rebuilt = DependencyView.submitsOf(program);
            assertThat(rebuilt).hasSameSizeAs(vector.submits());
            for (int i = 0; i < rebuilt.size(); i++) {
                assertThat(rebuilt.get(i).taskId()).as("submit %d's task id", i).isEqualTo(vector.submits().get(i).taskId());
                assertThat(rebuilt.get(i).manualScope()).as("submit %d's scope", i)
                        .isEqualTo(vector.submits().get(i).manualScope());
            }
            assertThat(projected(DependencyReplay.edgesOf(rebuilt))).as(vector.name())
                    .isEqualTo(projected(DependencyReplay.edgesOf(vector.submits())));
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
        Program p = VectorProgramBuilder.build(VectorProgramReader.read(file), file.toString());
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
