package io.ptosim.program;

import io.ptosim.des.RandomStreams;
import io.ptosim.runtime.DepKind;
import io.ptosim.runtime.ScopeMode;
import static io.ptosim.program.Args.args;
import static io.ptosim.runtime.DataType.BFLOAT16;
import static io.ptosim.runtime.DataType.FLOAT32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptosim.runtime.DepEdge;
import io.ptosim.runtime.DependencyReplay;
import io.ptosim.runtime.Overlap;
import io.ptosim.runtime.RuntimeConfig;
import io.ptosim.runtime.SubmitRecord;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorArgType;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramTest {
    private static final int QK = 1;
    private static final int SOFTMAX = 2;

    @Test
    void theDslRecordsOpsThatReadLikeAnOrchestration() {
        Orchestration orch = new Orchestration("qk");
        Tensor q = orch.external("q", 0x1000_0000L, BFLOAT16, 16, 128);
        Tensor k = orch.external("k", 0x2000_0000L, BFLOAT16, 16, 128);
        Task[] qk = new Task[1];
        orch.scope(ScopeMode.AUTO, () -> {
            qk[0] = orch.submitAic(QK, args().input(q).input(k).output(FLOAT32, 16, 16));
            orch.submitAiv(SOFTMAX, args().inout(qk[0].output(0)).scalar(3));
        });
        Program p = orch.build();
        assertThat(p.ops()).hasSize(4);
        assertThat(p.ops().get(1)).isInstanceOf(Op.Submit.class);
        Op.Submit softmax = (Op.Submit) p.ops().get(2);
        assertThat(softmax.kernelIds()).containsExactly(-1, SOFTMAX, -1);
        assertThat(softmax.args().get(0)).isEqualTo(new Arg.TensorArg(TensorArgType.INOUT,
                Tensor.rowMajor(new BufferRef.Output(1, 0), FLOAT32, 16, 16)));
        assertThat(softmax.args().get(1)).isEqualTo(new Arg.ScalarArg(3));
    }

    @Test
    void theDependencyViewGivesRingsOwnersAndDistinctOutputAddresses() {
        Orchestration orch = new Orchestration("rings");
        Tensor x = orch.external("x", 0x4000, FLOAT32, 8, 8);
        Task t0 = orch.submitAic(QK, args().inout(x).output(FLOAT32, 4));
        Task[] inner = new Task[2];
        orch.scope(ScopeMode.AUTO, () -> {
            inner[0] = orch.submitAiv(SOFTMAX, args().input(x.view(new int[] {4, 8}, new long[] {4, 0}))
                    .input(t0.output(0)).output(FLOAT32, 4));
            orch.scope(ScopeMode.MANUAL, () -> inner[1] = orch.submitAiv(SOFTMAX, args().input(x).dep(inner[0])));
        });
        List<SubmitRecord> submits = DependencyView.submitsOf(orch.build());
        assertThat(submits).extracting(SubmitRecord::taskId).containsExactly(TaskId.of(0, 0), TaskId.of(1, 0),
                TaskId.of(2, 0));
        assertThat(submits).extracting(SubmitRecord::manualScope).containsExactly(false, false, true);
        assertThat(submits.get(0).args().get(1).view().bufferAddr())
                .isNotEqualTo(submits.get(1).args().get(2).view().bufferAddr());
        List<DepEdge> edges = DependencyReplay.edgesOf(submits);
        assertThat(edges).extracting(DepEdge::pred, DepEdge::succ, DepEdge::source, DepEdge::overlap).containsExactly(
                org.assertj.core.groups.Tuple.tuple(TaskId.of(0, 0), TaskId.of(1, 0), DepEdge.Source.TENSORMAP,
                        Overlap.OTHER),
                org.assertj.core.groups.Tuple.tuple(TaskId.of(1, 0), TaskId.of(2, 0), DepEdge.Source.EXPLICIT, null));
    }

    private static Program program(List<ExternalBuffer> externals, Op... ops) {
        return new Program("p", externals, List.of(ops));
    }

    private static final ExternalBuffer X = new ExternalBuffer("x", 0x1000, 256, FLOAT32);
    private static final Tensor WHOLE = Tensor.rowMajor(new BufferRef.External(0), FLOAT32, 8, 8);

    private static Op.Submit submit(Arg... args) {
        return new Op.Submit(new int[] {0, -1, -1}, List.of(args), List.of(), 1, false, false);
    }

    private static Arg.TensorArg in(Tensor t) {
        return new Arg.TensorArg(TensorArgType.INPUT, t);
    }

    @Test
    void validationNamesTheOpAndFieldOfEachBrokenRule() {
        assertThatThrownBy(() -> program(List.of(X), submit(in(new Tensor(new BufferRef.External(0), FLOAT32,
                new int[] {1, 1, 1, 1, 1, 1}, new long[] {1, 1, 1, 1, 1, 1}, 0, 0, false)))).validate())
                .isInstanceOf(ProgramException.class).hasMessage("op 0 (submit): args[0]: shape has 6 dims; expected 1 to 5");
        assertThatThrownBy(() -> program(List.of(X), submit(in(new Tensor(new BufferRef.External(0), FLOAT32,
                new int[] {8}, new long[] {0}, 0, 0, false)))).validate())
                .hasMessage("op 0 (submit): args[0]: strides[0] = 0; expected >= 1");
        assertThatThrownBy(() -> program(List.of(X), submit(in(WHOLE.view(new int[] {4, 8}, new long[] {4, 0})
                .withVersion(0)), in(new Tensor(new BufferRef.External(0), FLOAT32, new int[] {8, 8}, new long[] {8, 1}, 1,
                0, false)))).validate())
                .hasMessage("op 0 (submit): args[1]: view [1, 1 + 64) elements lies outside its buffer of 64 FLOAT32 elements");
        assertThatThrownBy(() -> program(List.of(X), submit(new Arg.ScalarArg(1), in(WHOLE))).validate())
                .hasMessage("op 0 (submit): args[1]: a tensor arg after a scalar; tensors come first");
        Arg[] many = new Arg[33];
        java.util.Arrays.fill(many, in(WHOLE));
        assertThatThrownBy(() -> program(List.of(X), submit(many)).validate())
                .hasMessage("op 0 (submit): args[32]: more than 32 tensor args");
        Arg[] scalars = new Arg[17];
        java.util.Arrays.fill(scalars, new Arg.ScalarArg(0));
        assertThatThrownBy(() -> program(List.of(X), submit(scalars)).validate())
                .hasMessage("op 0 (submit): args[16]: more than 16 scalar args");
        assertThatThrownBy(() -> program(List.of(X), submit(in(WHOLE.withVersion(2))), submit(in(WHOLE.withVersion(1))))
                .validate()).hasMessage("op 1 (submit): args[0]: version 1 is below version 2 already used on"
                        + " External[index=0]; versions never decrease on a buffer");
        assertThatThrownBy(() -> program(List.of(X), new Op.Submit(new int[] {0, -1, -1}, List.of(),
                List.of(new ExplicitDep(0, DepKind.WAIT)), 1, false, false)).validate())
                .hasMessage("op 0 (submit): deps[0]: refers to op 0, which is not an earlier op");
        assertThatThrownBy(() -> program(List.of(), submit(in(WHOLE))).validate())
                .hasMessage("op 0 (submit): args[0]: external buffer 0 is not declared (0 externals)");
        assertThatThrownBy(() -> program(List.of(X), new Op.GetTensorData(WHOLE, new long[] {1})).validate())
                .hasMessage("op 0 (get_tensor_data): indices has 1 entries but the tensor has 2 dims");
        assertThatThrownBy(() -> program(List.of(X), new Op.SetTensorData(WHOLE, new long[] {0, 8}, 1)).validate())
                .hasMessage("op 0 (set_tensor_data): indices[1] = 8; expected 0 to 7");
        assertThatThrownBy(() -> program(List.of(X), new Op.ScopeEnd()).validate())
                .hasMessage("op 0 (scope_end): no scope is open");
        assertThatThrownBy(() -> program(List.of(X), new Op.ScopeBegin(ScopeMode.AUTO)).validate())
                .hasMessage("program ends with 1 scope(s) still open");
    }

    @Test
    void anArgNamingAMissingOutputSaysHowManyTheTaskHas() {
        Op.Submit twoOutputs = submit(new Arg.OutputArg(FLOAT32, new int[] {4}, false), in(WHOLE),
                new Arg.OutputArg(FLOAT32, new int[] {4}, false));
        Tensor third = Tensor.rowMajor(new BufferRef.Output(0, 2), FLOAT32, 4);
        assertThatThrownBy(() -> program(List.of(X), twoOutputs, submit(in(third))).validate())
                .hasMessage("op 1 (submit): args[0]: op 0 has 2 outputs, not output 2");
        Op.AllocTensors alloc = new Op.AllocTensors(List.of(new Arg.OutputArg(FLOAT32, new int[] {4}, false)));
        Tensor negative = Tensor.rowMajor(new BufferRef.Output(0, -1), FLOAT32, 4);
        assertThatThrownBy(() -> program(List.of(X), alloc, submit(in(negative))).validate())
                .hasMessage("op 1 (submit): args[0]: op 0 has 1 outputs, not output -1");
        Tensor second = Tensor.rowMajor(new BufferRef.Output(0, 1), FLOAT32, 4);
        assertThat(program(List.of(X), twoOutputs, submit(in(second))).validate().taskCount()).isEqualTo(2);
    }

    @Test
    void reachIsTheFarthestAnOpRefersBackAndABindingRemembersJustThatMany() {
        Arg.OutputArg out = new Arg.OutputArg(FLOAT32, new int[] {4}, false);
        Tensor ofOp0 = Tensor.rowMajor(new BufferRef.Output(0, 0), FLOAT32, 4);
        Program p = program(List.of(X), submit(out), submit(out), submit(in(WHOLE)), submit(in(ofOp0)),
                new Op.Submit(new int[] {0, -1, -1}, List.of(), List.of(new ExplicitDep(2, DepKind.WAIT)), 1, false,
                        false));
        assertThat(p.reach()).as("op 3 reads op 0's output; op 4's dep on op 2 is nearer").isEqualTo(3);
        assertThat(program(List.of(X), submit(in(WHOLE)), submit(in(WHOLE))).reach()).isZero();
        UntimedRun.Outcome run = UntimedRun.run(p, RuntimeConfig.uniform(16, 1 << 20, 64),
                new RandomStreams(1).stream("order"), (rt, e) -> { });
        assertThat(run.result()).as(run.message()).isEqualTo(UntimedRun.Result.COMPLETED);
    }

    @Test
    void taskCountCountsSubmitsAndAllocTensorsOnly() {
        Op.AllocTensors alloc = new Op.AllocTensors(List.of(new Arg.OutputArg(FLOAT32, new int[] {4}, false)));
        Program p = program(List.of(X), new Op.ScopeBegin(ScopeMode.AUTO), alloc, submit(in(WHOLE)), submit(in(WHOLE)),
                new Op.ScopeEnd());
        assertThat(p.taskCount()).isEqualTo(3);
    }

    @Test
    void aGeneratedProgramIsValidatedAndCountedWithoutMakingAnOpTwiceWhileItIsRecent() {
        int[] made = new int[1];
        int n = 3 * GeneratedOps.RECENT;
        Program p = new Program("gen", List.of(X), new GeneratedOps(n, i -> {
            made[0]++;
            return i == 0 ? submit(new Arg.OutputArg(FLOAT32, new int[] {4}, false))
                    : submit(in(Tensor.rowMajor(new BufferRef.Output(i - 1, 0), FLOAT32, 4)),
                            new Arg.OutputArg(FLOAT32, new int[] {4}, false));
        }));
        assertThat(p.taskCount()).isEqualTo(n);
        assertThat(made[0]).isEqualTo(n);
        Op last = p.ops().get(n - 1);
        assertThat(p.ops().get(n - 1)).isSameAs(last);
        assertThat(p.ops().get(n - 1 - GeneratedOps.RECENT)).isEqualTo(submit(in(Tensor.rowMajor(
                new BufferRef.Output(n - 2 - GeneratedOps.RECENT, 0), FLOAT32, 4)), new Arg.OutputArg(FLOAT32, new int[] {4},
                false)));
        assertThat(made[0]).isEqualTo(n + 1);
    }

    @Test
    void outputsArePaddedTo1024BytesSoAViewMayReachIntoThePadding() {
        Orchestration orch = new Orchestration("pad");
        Task t = orch.submitAic(QK, args().output(FLOAT32, 3));
        Tensor padded = new Tensor(new BufferRef.Output(t.op(), 0), FLOAT32, new int[] {256}, new long[] {1}, 0, 0, false);
        orch.submitAiv(SOFTMAX, args().input(padded));
        assertThat(orch.build().ops()).hasSize(2);
    }

    @Test
    void autoInsideManualIsRejectedAsTheRuntimeDoes() {
        Orchestration orch = new Orchestration("nesting");
        orch.scope(ScopeMode.MANUAL, () -> orch.scope(ScopeMode.AUTO, () -> orch.submitDummy(args())));
        Program p = orch.build();
        assertThatThrownBy(() -> DependencyView.submitsOf(p)).isInstanceOf(ProgramException.class)
                .hasMessage("op 1 (scope_begin): auto scope nested inside manual scope is not supported (INVALID_ARGS, code 5)");
    }

    /** Scenario 45's shape: AUTO{ HYBRID{ t0; w0 writes out (dep t0); t1; w1 writes out (deps t1, w0) } r reads out }. */
    @Test
    void aHybridScopeSkipsManualLocalArgsAndKeepsBoundaryWritesVisible() {
        Orchestration orch = new Orchestration("outer-multiwrite");
        Tensor a = orch.external("a", 0x1000, FLOAT32, 16);
        Tensor b = orch.external("b", 0x2000, FLOAT32, 16);
        Tensor out = orch.external("out", 0x3000, FLOAT32, 16);
        Task[] t = new Task[4];
        orch.scope(ScopeMode.MANUAL_HYBRID, () -> {
            t[0] = orch.submitAiv(QK, args().input(a).output(FLOAT32, 16));
            t[1] = orch.submitAiv(SOFTMAX, args().input(t[0].output(0)).outputExisting(out).dep(t[0]));
            t[2] = orch.submitAiv(QK, args().input(b).output(FLOAT32, 16));
            t[3] = orch.submitAiv(SOFTMAX, args().input(t[2].output(0)).outputExisting(out).dep(t[2]));
            orch.addDependency(t[1], t[3]);
        });
        orch.submitAiv(QK, args().input(out));
        List<SubmitRecord> submits = DependencyView.submitsOf(orch.build());
        assertThat(submits).extracting(SubmitRecord::scope).containsExactly(ScopeMode.MANUAL_HYBRID,
                ScopeMode.MANUAL_HYBRID, ScopeMode.MANUAL_HYBRID, ScopeMode.MANUAL_HYBRID, ScopeMode.AUTO);
        assertThat(submits).extracting(SubmitRecord::manualLocalArgs).containsExactly(0, 1, 0, 1, 0);
        assertThat(submits.get(3).explicitDeps()).containsExactly(TaskId.of(1, 2), TaskId.of(1, 1));
        List<String> edges = DependencyReplay.edgesOf(submits).stream()
                .map(e -> TaskId.display(e.pred()) + "->" + TaskId.display(e.succ()) + " " + e.source()).toList();
        assertThat(edges).containsExactly("r1t0->r1t1 EXPLICIT", "r1t2->r1t3 EXPLICIT", "r1t1->r1t3 EXPLICIT",
                "r1t3->t0 TENSORMAP", "r1t1->t0 TENSORMAP");
    }

    @Test
    void theHybridGuardsAreRejectedNamingTheOp() {
        Orchestration nested = new Orchestration("nested");
        nested.scope(ScopeMode.MANUAL_HYBRID, () -> nested.scope(ScopeMode.MANUAL, () -> nested.submitDummy(args())));
        assertThatThrownBy(() -> DependencyView.submitsOf(nested.build())).isInstanceOf(ProgramException.class)
                .hasMessageStartingWith("op 1 (scope_begin): nested scope inside PTO2_SCOPE(PTO2ScopeMode::MANUAL)");
        Orchestration outside = new Orchestration("outside");
        Task[] t = new Task[2];
        outside.scope(ScopeMode.MANUAL_HYBRID, () -> t[0] = outside.submitDummy(args()));
        t[1] = outside.submitDummy(args());
        outside.addDependency(t[0], t[1]);
        assertThatThrownBy(() -> DependencyView.submitsOf(outside.build())).isInstanceOf(ProgramException.class)
                .hasMessage("op 4 (add_dependency): add_dependency requires PTO2_SCOPE(PTO2ScopeMode::MANUAL)"
                        + " (INVALID_ARGS, code 5)");
    }
}
