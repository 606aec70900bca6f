package io.ptosim.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ptosim.program.Arg;
import io.ptosim.program.BufferRef;
import io.ptosim.program.DependencyView;
import io.ptosim.program.ExplicitDep;
import io.ptosim.program.Op;
import io.ptosim.program.Program;
import io.ptosim.program.Tensor;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.DepKind;
import io.ptosim.runtime.ScopeMode;
import io.ptosim.runtime.SubmitRecord;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorArgType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fixture orchestrations recorded through the real path: compiled with the system C++ compiler
 * against our header tree, loaded by the recorder (itself compiled against that tree) in its own process.
 */
class OrchestrationRecorderTest {
    private static final OrchestrationRecorder.Options OPTIONS = OrchestrationRecorder.Options.defaults()
            .withTimeout(Duration.ofSeconds(20));

    private static EntryInputs graphInputs() {
        return new EntryInputs(List.of(
                new EntryInputs.Tensor("x", DataType.FLOAT32, new int[] {4, 8}, new InputData.Zeros()),
                new EntryInputs.Tensor("y", DataType.FLOAT32, new int[] {4, 8}, new InputData.Fill(1.5)),
                new EntryInputs.Tensor("n", DataType.INT32, new int[] {1}, new InputData.Values(new double[] {2}))),
                List.of(Float.floatToRawIntBits(1.5f) & 0xFFFF_FFFFL));
    }

    @Test
    void graphFixtureRecordsScopesTagsViewsAllocsAndExplicitDeps() {
        Recording r = FixtureOrchestrations.recorder().record(FixtureOrchestrations.build("graph"), graphInputs(),
                OPTIONS);
        assertThat(r.status()).isEqualTo("ok");
        Program p = r.program();
        assertThat(p.name()).isEqualTo("graph");
        assertThat(p.externals()).extracting(e -> e.name()).containsExactly("x", "y", "n", "x+0:92");
        assertThat(p.externals().get(0).addr()).isEqualTo(1L << 32);
        assertThat(p.externals().get(3).addr()).isEqualTo(1L << 32);
        assertThat(p.ops()).extracting(Op::kind).containsExactly("get_tensor_data", "alloc_tensors", "submit",
                "scope_begin", "scope_begin", "submit", "scope_end", "scope_begin", "submit", "scope_end",
                "scope_begin", "submit", "submit", "scope_end", "scope_begin", "submit", "scope_end", "scope_end",
                "set_tensor_data");
        assertThat(((Op.ScopeBegin) p.ops().get(10)).mode()).isEqualTo(ScopeMode.MANUAL);

        Op.Submit kinds = (Op.Submit) p.ops().get(5);
        assertThat(kinds.kernelIds()).containsExactly(-1, 1, -1);
        assertThat(kinds.args()).extracting(OrchestrationRecorderTest::tag).containsExactly("INPUT", "INPUT", "INOUT",
                "OUTPUT_EXISTING", "NO_DEP", "NO_DEP", "SCALAR");
        Tensor corner = ((Arg.TensorArg) kinds.args().get(0)).tensor();
        assertThat(corner.buffer()).isEqualTo(new BufferRef.Output(2, 0));
        assertThat(corner.shape()).containsExactly(2, 4);
        assertThat(corner.strides()).containsExactly(8, 1);
        assertThat(corner.startOffset()).isEqualTo(20);
        Tensor turned = ((Arg.TensorArg) kinds.args().get(1)).tensor();
        assertThat(turned.shape()).containsExactly(8, 4);
        assertThat(turned.strides()).containsExactly(1, 8);
        assertThat(((Arg.TensorArg) kinds.args().get(2)).tensor().buffer()).isEqualTo(new BufferRef.Output(1, 0));
        Tensor everyOther = ((Arg.TensorArg) kinds.args().get(3)).tensor();
        assertThat(everyOther.buffer()).isEqualTo(new BufferRef.External(1));
        assertThat(everyOther.strides()).containsExactly(8, 2);
        Tensor permuted = ((Arg.TensorArg) kinds.args().get(4)).tensor();
        assertThat(permuted.strides()).containsExactly(1, 8);
        Tensor flat = ((Arg.TensorArg) kinds.args().get(5)).tensor();
        assertThat(flat.shape()).containsExactly(32);
        assertThat(((Arg.ScalarArg) kinds.args().get(6)).bits()).isZero();

        Op.Submit first = (Op.Submit) p.ops().get(2);
        assertThat(first.args()).hasSize(4);
        assertThat(((Arg.ScalarArg) first.args().get(2)).bits()).isEqualTo(Float.floatToRawIntBits(1.5f));
        assertThat(((Arg.ScalarArg) first.args().get(3)).bits()).isEqualTo(7);

        Op.Submit spmd = (Op.Submit) p.ops().get(11);
        assertThat(spmd.blockNum()).isEqualTo(4);
        assertThat(spmd.requireSyncStart()).isTrue();
        Op.Submit dummy = (Op.Submit) p.ops().get(12);
        assertThat(dummy.isDummy()).isTrue();
        assertThat(dummy.earlyResolve()).isTrue();
        assertThat(dummy.deps()).containsExactly(new ExplicitDep(11, DepKind.WAIT), new ExplicitDep(1, DepKind.WAIT_RETAIN));
        Op.Submit mixed = (Op.Submit) p.ops().get(15);
        assertThat(mixed.kernelIds()).containsExactly(4, 5, 6);
        Tensor strided = ((Arg.TensorArg) mixed.args().get(1)).tensor();
        assertThat(strided.buffer()).isEqualTo(new BufferRef.External(3));
        assertThat(strided.strides()).containsExactly(16, 2);

        // Task ids as the runtime makes them: ring = min(depth, 3), the alloc taking r0t0.
        List<SubmitRecord> submits = DependencyView.submitsOf(p);
        assertThat(submits).extracting(s -> TaskId.display(s.taskId())).containsExactly("t1", "r2t0", "r2t1",
                "r2t2", "r2t3", "r2t4");
        assertThat(submits.get(3).scope()).isEqualTo(ScopeMode.MANUAL);

        RecordSummary s = r.summary();
        assertThat(s.line()).isEqualTo("6 tasks (1 dummy), 1 alloc, 5 scopes (depth 2, 1 manual), 2 explicit deps,"
                + " 1 tensor read (0 data-dependent), 1 tensor write");

        JsonNode side = r.sidecar();
        assertThat(side.path("format").asText()).isEqualTo("ptosim-record/1");
        assertThat(side.path("expected_arg_count").asInt()).isEqualTo(4);
        assertThat(side.path("tensor_data").get(0).path("value").asText()).isEqualTo("2");
        assertThat(side.path("tensor_data").get(0).path("value_source").asText()).isEqualTo("external_input");
        assertThat(side.path("tensor_data").get(1).path("kind").asText()).isEqualTo("set");
        assertThat(side.path("predicates").get(0).path("compare").asText()).isEqualTo("GT");
        assertThat(side.path("predicates").get(0).path("buffer").path("external").asText()).isEqualTo("n");
        assertThat(side.path("initial_values").get(0).path("value").asText())
                .isEqualTo(Integer.toString(Float.floatToRawIntBits(1.0f)));
        assertThat(side.path("task_attributes").get(0).path("timing_slot").asInt()).isEqualTo(3);
        assertThat(side.path("task_attributes").get(0).path("dump_arg_mask").asText()).isEqualTo("1");
        assertThat(side.path("queries").size()).isEqualTo(2);
        assertThat(side.path("logs").get(0).path("message").asText()).isEqualTo("alpha=1.5 clusters=24 aivs=48");
        assertThat(side.path("scopes").get(1).path("site").asText()).endsWith("graph.cpp:39");
        assertThat(side.path("scopes").get(4).has("site")).isFalse();
    }

    @Test
    void dataDependentReadsAreFlaggedAndExactOnesAreNot() {
        EntryInputs in = new EntryInputs(List.of(new EntryInputs.Tensor("counts", DataType.INT32, new int[] {4},
                new InputData.Values(new double[] {3, 4}))), List.of());
        Recording r = FixtureOrchestrations.recorder().record(FixtureOrchestrations.build("reads"), in, OPTIONS);
        assertThat(r.summary().tasks()).isEqualTo(2);
        assertThat(r.summary().tensorReads()).isEqualTo(4);
        assertThat(r.summary().dataDependentReads()).isEqualTo(2);
        List<String> sources = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (JsonNode d : r.sidecar().path("tensor_data")) {
            sources.add(d.path("value_source").asText());
            values.add(d.path("value").asText());
        }
        assertThat(sources).containsExactly("external_input", "runtime_output_not_executed",
                "external_written_by_unexecuted_task", "alloc_initial_value");
        assertThat(values).containsExactly("3", "0", "4", "9");
        assertThat(r.sidecar().path("logs").get(0).path("message").asText()).isEqualTo("before=3 n=0 after=4 seed=9");
    }

    @Test
    void anExceptionIsCaughtAndTheGuardsCloseTheirScopes() {
        EntryInputs in = new EntryInputs(List.of(new EntryInputs.Tensor("x", DataType.FLOAT32, new int[] {8},
                new InputData.Zeros())), List.of());
        Recording r = FixtureOrchestrations.recorder().record(FixtureOrchestrations.build("throws"), in, OPTIONS);
        assertThat(r.completed()).isFalse();
        assertThat(r.status()).isEqualTo("exception");
        assertThat(r.detail()).startsWith("FixtureAssertion: assertion 'i < count_' failed");
        assertThat(r.program().ops()).extracting(Op::kind).containsExactly("scope_begin", "scope_begin", "submit",
                "scope_end", "scope_end");
        assertThat(r.sidecar().path("scopes_closed_by_recorder").asInt()).isZero();
    }

    @Test
    void aSpinWaitIsStoppedByTheTimeout() {
        EntryInputs in = new EntryInputs(List.of(new EntryInputs.Tensor("flag", DataType.INT32, new int[] {1},
                new InputData.Zeros())), List.of());
        OrchestrationRecorder rec = FixtureOrchestrations.recorder();
        assertThatThrownBy(() -> rec.record(FixtureOrchestrations.build("spin"), in,
                OPTIONS.withTimeout(Duration.ofSeconds(1))))
                .isInstanceOfSatisfying(RecordException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RecordException.Kind.TIMEOUT);
                    assertThat(e.exitCode()).isEqualTo(4);
                })
                .hasMessageContaining("did not finish within 1 s")
                .hasMessageContaining("1 tasks, 0 allocs");
    }

    @Test
    void aCrashEndsTheRecorderNotTheJvm() {
        EntryInputs in = new EntryInputs(List.of(new EntryInputs.Tensor("x", DataType.FLOAT32, new int[] {8},
                new InputData.Zeros())), List.of());
        OrchestrationRecorder rec = FixtureOrchestrations.recorder();
        assertThatThrownBy(() -> rec.record(FixtureOrchestrations.build("crash"), in, OPTIONS))
                .isInstanceOfSatisfying(RecordException.class,
                        e -> assertThat(e.kind()).isEqualTo(RecordException.Kind.FAILED))
                .hasMessageContaining("killed by signal 11 (SIGSEGV")
                .hasMessageContaining("1 tasks");
    }

    @Test
    void aBuildFromOtherHeadersIsRefusedBeforeItRuns() {
        OrchestrationRecorder rec = FixtureOrchestrations.recorder();
        java.nio.file.Path so = FixtureOrchestrations.build("graph", "PTOSIM_FIXTURE_DFX=0");
        LayoutFingerprint theirs = rec.layoutOf(so);
        assertThat(theirs.hash()).isNotEqualTo(rec.build().layout().hash());
        List<String> why = rec.build().layout().mismatches(theirs);
        assertThat(why).hasSize(2);
        assertThat(why.get(0)).startsWith("Arg<32,16>: the .so has size=624, deps_@600").contains("deps_@760");
        assertThat(why.get(1)).startsWith("ChipTaskArgs: ");
        assertThatThrownBy(() -> rec.record(so, graphInputs(), OPTIONS))
                .isInstanceOfSatisfying(RecordException.class,
                        e -> assertThat(e.kind()).isEqualTo(RecordException.Kind.BAD_INPUT))
                .hasMessageContaining(so.toString())
                .hasMessageContaining(theirs.hash())
                .hasMessageContaining(rec.build().layout().hash())
                .hasMessageContaining(FixtureOrchestrations.simplerRoot().toString())
                .hasMessageContaining("Arg<32,16>");
    }

    @Test
    void theFixtureBuildMatchesTheRecorderOnEveryBoundaryType() {
        OrchestrationRecorder rec = FixtureOrchestrations.recorder();
        LayoutFingerprint theirs = rec.layoutOf(FixtureOrchestrations.build("graph"));
        assertThat(theirs.types().keySet()).containsExactlyInAnyOrderElementsOf(LayoutFingerprint.BOUNDARY_TYPES);
        assertThat(rec.build().layout().mismatches(theirs)).isEmpty();
        assertThat(theirs.types().get("PTO2RuntimeOps")).startsWith("size=144; submit_task@0, scope_begin@8")
                .endsWith("scope_set_site@136");
    }

    @Test
    void tooFewArgumentsForTheEntryAreRefused() {
        EntryInputs in = new EntryInputs(List.of(new EntryInputs.Tensor("x", DataType.FLOAT32, new int[] {4, 8},
                new InputData.Zeros())), List.of());
        OrchestrationRecorder rec = FixtureOrchestrations.recorder();
        assertThatThrownBy(() -> rec.record(FixtureOrchestrations.build("graph"), in, OPTIONS))
                .isInstanceOfSatisfying(RecordException.class,
                        e -> assertThat(e.kind()).isEqualTo(RecordException.Kind.BAD_INPUT))
                .hasMessageContaining("the orchestration expects 4 args, got 1 (1 tensors, 0 scalars)");
    }

    @Test
    void theRecorderIsCompiledOnceAndThenTakenFromTheCache() {
        FixtureOrchestrations.recorder();
        assertThat(FixtureOrchestrations.recorder().build().built()).isFalse();
    }

    private static String tag(Arg a) {
        return switch (a) {
            case Arg.TensorArg t -> t.type().name();
            case Arg.OutputArg o -> TensorArgType.OUTPUT.name();
            case Arg.ScalarArg s -> "SCALAR";
        };
    }
}
