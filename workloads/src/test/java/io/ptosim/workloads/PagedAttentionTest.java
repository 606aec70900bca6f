package io.ptosim.workloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptosim.kernel.DurationModel;
import io.ptosim.kernel.Kernel;
import io.ptosim.kernel.KernelCall;
import io.ptosim.kernel.KernelTable;
import io.ptosim.kernel.Work;
import io.ptosim.runtime.DataType;
import io.ptosim.memory.Elements;
import io.ptosim.program.Arg;
import io.ptosim.program.DependencyView;
import io.ptosim.program.Op;
import io.ptosim.program.Program;
import io.ptosim.runtime.DepEdge;
import io.ptosim.runtime.DependencyReplay;
import io.ptosim.program.UntimedRun;
import io.ptosim.runtime.RuntimeConfig;
import io.ptosim.runtime.SubmitRecord;
import io.ptosim.runtime.TaskArg;
import io.ptosim.runtime.TensorView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PagedAttentionTest {
    private static final Workload FLAT = new PagedAttention();
    private static final PagedAttentionUnroll UNROLL = new PagedAttentionUnroll();
    private static final List<String> SMALL = List.of("CaseSmall1", "CaseSmall2", "CaseVarSeq2", "CaseVarSeq4");

    /** Per kernel func id 0..3 and 5 (hub), then alloc_tensors tasks, then total task ids. */
    private static long[] taskCounts(Program p) {
        long[] counts = new long[8];
        for (Op op : p.ops()) {
            if (op instanceof Op.Submit s) {
                for (int k : s.kernelIds()) {
                    if (k >= 0) {
                        counts[k]++;
                    }
                }
                counts[7]++;
            } else if (op instanceof Op.AllocTensors) {
                counts[6]++;
                counts[7]++;
            }
        }
        return counts;
    }

    private static List<DepEdge> edges(WorkloadInstance w) {
        return DependencyReplay.edgesOf(DependencyView.submitsOf(w.program()));
    }

    private static long uniquePairs(List<DepEdge> edges) {
        Set<List<Long>> pairs = new HashSet<>();
        for (DepEdge e : edges) {
            pairs.add(List.of(e.pred(), e.succ()));
        }
        return pairs.size();
    }

    @ParameterizedTest
    @CsvSource({
            "paged-attention, Case1, auto, 16384, 256, 0, 65792",
            "paged-attention, Case1, manual, 16384, 256, 0, 65792",
            "paged-attention, Case1, partial-manual, 16384, 0, 256, 65792",
            "paged-attention, Case2, auto, 8192, 64, 0, 32832",
            "paged-attention, Case2, manual, 8192, 64, 0, 32832",
            "paged-attention, Case2, partial-manual, 8192, 0, 64, 32832",
            "paged-attention-unroll, Case1, auto, 256, 256, 0, 1280",
            "paged-attention-unroll, Case1, manual, 256, 256, 0, 1280",
            "paged-attention-unroll, Case1, partial-manual, 256, 0, 256, 1280",
            "paged-attention-unroll, Case2, auto, 128, 64, 0, 576",
            "paged-attention-unroll, Case2, manual, 128, 64, 0, 576",
            "paged-attention-unroll, Case2, partial-manual, 128, 0, 64, 576"})
    void taskCountsAreThoseOfSection34(String workload, String caseName, String variant, long perKernel, long allocs,
            long hubs, long total) {
        long[] counts = taskCounts(Catalog.byName(workload).instance(caseName, variant).program());
        assertThat(counts).containsExactly(perKernel, perKernel, perKernel, perKernel, 0, hubs, allocs, total);
    }

    /**
     * §3.5's unique (pred, succ) counts. The partial-manual unroll rows are not §3.5's "abg unroll" row:
     * §3.3 E gives the partial-manual unroll form AUTO hub submits and per-group MANUAL_HYBRID scopes, so
     * UP reaches the hub by a creator edge and the previous group's UP through the TensorMap (its
     * accumulators are boundary INOUTs), 5g + (g-1) like B: 1280 for Case1 (g = 1, equal to abg) but
     * 64 * 11 = 704 for Case2 (g = 2), where abg's explicit-only graph has 5g = 640.
     */
    @ParameterizedTest
    @CsvSource({
            "paged-attention, Case1, auto, 98048",
            "paged-attention, Case2, auto, 49088",
            "paged-attention, Case1, manual, 65536",
            "paged-attention, Case2, manual, 32768",
            "paged-attention, Case1, partial-manual, 81920",
            "paged-attention, Case2, partial-manual, 40960",
            "paged-attention-unroll, Case1, auto, 1280",
            "paged-attention-unroll, Case2, auto, 704",
            "paged-attention-unroll, Case1, manual, 1024",
            "paged-attention-unroll, Case2, manual, 512",
            "paged-attention-unroll, Case1, partial-manual, 1280",
            "paged-attention-unroll, Case2, partial-manual, 704"})
    void dependencyCountsAreThoseOfSection35(String workload, String caseName, String variant, long unique) {
        assertThat(uniquePairs(edges(Catalog.byName(workload).instance(caseName, variant)))).isEqualTo(unique);
    }

    @Test
    void autoCase1EmitsTheDepsJsonRowCount() {
        List<DepEdge> edges = edges(FLAT.instance("Case1", "auto"));
        assertThat(edges).hasSize(146432);
        assertThat(edges(FLAT.instance("Case2", "auto"))).hasSize(73472);
    }

    @Test
    void smallCasesMatchTheGoldenInEveryVariantForSeveralCompletionOrders() {
        for (Workload w : List.of(FLAT, UNROLL)) {
            for (String variant : w.variants()) {
                for (String c : SMALL) {
                    WorkloadInstance inst = w.instance(c, variant);
                    for (long seed = 0; seed < 3; seed++) {
                        FunctionalRun.Result r = FunctionalRun.run(inst, RuntimeConfig.DEFAULT, seed);
                        assertThat(r.mismatches()).as("%s %s %s seed %d", w.name(), variant, c, seed).isEmpty();
                        assertThat(r.passed()).as("%s %s %s seed %d: %s", w.name(), variant, c, seed, r.outcome())
                                .isTrue();
                    }
                }
            }
        }
    }

    @Test
    void case3IsManualOnly() {
        assertThat(taskCounts(FLAT.instance("Case3", "manual").program())[7]).isEqualTo(32832);
        for (Workload w : List.of(FLAT, UNROLL)) {
            for (String variant : List.of("auto", "partial-manual")) {
                assertThatThrownBy(() -> w.instance("Case3", variant)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("Case3 exists only in variant 'manual'");
            }
        }
    }

    @Test
    void autoEdgesSplitIntoCreatorAndTensorMapRowsAsDerived() {
        List<DepEdge> edges = edges(FLAT.instance("Case1", "auto"));
        // per (b, q): 5n creator rows (SF<-QK, PV<-SF, UP<-SF, UP<-PV, UP<-alloc), 4(n-1) TensorMap rows
        assertThat(edges.stream().filter(e -> e.source() == DepEdge.Source.CREATOR).count()).isEqualTo(256 * 5 * 64);
        assertThat(edges.stream().filter(e -> e.source() == DepEdge.Source.TENSORMAP).count()).isEqualTo(256 * 4 * 63);
        assertThat(edges(FLAT.instance("Case1", "partial-manual"))).extracting(DepEdge::source)
                .containsOnly(DepEdge.Source.EXPLICIT);
        List<DepEdge> unroll = edges(UNROLL.instance("Case2", "partial-manual"));
        assertThat(unroll.stream().filter(e -> e.source() == DepEdge.Source.EXPLICIT).count()).isEqualTo(64 * 4 * 2);
        assertThat(unroll.stream().filter(e -> e.source() == DepEdge.Source.CREATOR).count()).isEqualTo(64 * 2);
        assertThat(unroll.stream().filter(e -> e.source() == DepEdge.Source.TENSORMAP).count()).isEqualTo(64 * 3);
    }

    @Test
    void severalGroupsPerHeadTileMatchTheGoldenToo() {
        for (String variant : UNROLL.variants()) {
            WorkloadInstance inst = UNROLL.instance("CaseVarSeq4", variant, 2);
            // blocks per batch 3, 4, 8, 1 -> groups of two: 2 + 2 + 4 + 1 = 9, four tasks each
            assertThat(taskCounts(inst.program())[0]).isEqualTo(9);
            for (long seed = 0; seed < 3; seed++) {
                FunctionalRun.Result r = FunctionalRun.run(inst, RuntimeConfig.DEFAULT, seed);
                assertThat(r.mismatches()).as("%s seed %d", variant, seed).isEmpty();
                assertThat(r.passed()).isTrue();
            }
        }
    }

    @Test
    void anUpdateThatDropsTheRunningStateIsCaughtByTheGolden() {
        WorkloadInstance w = FLAT.instance("CaseSmall2", "auto");
        Kernel up = w.kernels().get(PagedAttentionKernels.UP);
        Kernel forgetful = new Kernel(up.funcId(), up.name(), up.core(), up.duration(), (call, mem) -> up.body()
                .run(new KernelCall(call.tensors(), new long[] {1, call.scalar(1)}, 0, 1), mem));
        List<Kernel> kernels = new ArrayList<>(w.kernels().kernels());
        kernels.set(PagedAttentionKernels.UP, forgetful);
        WorkloadInstance broken = new WorkloadInstance(w.workload(), w.caseName(), w.variant(), w.program(),
                KernelTable.of(kernels), w.inputs(), w.golden());
        FunctionalRun.Result r = FunctionalRun.run(broken, RuntimeConfig.DEFAULT, 0);
        assertThat(r.outcome().result()).isEqualTo(UntimedRun.Result.COMPLETED);
        assertThat(r.mismatches()).hasSize(6).last().asString().endsWith("more mismatches");
    }

    @Test
    void buildingTwiceGivesTheSameProgramTableAndInputs() {
        for (String variant : FLAT.variants()) {
            WorkloadInstance a = FLAT.instance("CaseVarSeq4", variant);
            WorkloadInstance b = FLAT.instance("CaseVarSeq4", variant);
            assertThat(a.program()).isEqualTo(b.program());
            assertThat(a.inputs().keySet()).containsExactly("block_table", "context_lens", "key_cache", "query",
                    "value_cache");
            for (String name : a.inputs().keySet()) {
                for (long e = 0; e < 4; e++) {
                    assertThat(a.inputs().get(name).value(e)).isEqualTo(b.inputs().get(name).value(e));
                }
            }
        }
        assertThat(UNROLL.instance("Case2", "manual").program())
                .isEqualTo(UNROLL.instance("Case2", "manual").program());
    }

    @Test
    void blockTableEntriesAreUniformOverTheCacheBlocks() {
        PagedAttentionData d = new PagedAttentionData(PagedAttentionCase.byName("Case1"));
        assertThat(d.blockTable).hasSize(256 * 256);
        assertThat(Arrays.stream(d.blockTable).min().orElseThrow()).isGreaterThanOrEqualTo(0);
        assertThat(Arrays.stream(d.blockTable).max().orElseThrow()).isLessThan(16384);
        assertThat(Arrays.stream(d.blockTable).distinct().count()).isGreaterThan(15000);
        assertThat(new PagedAttentionData(PagedAttentionCase.byName("Case1")).blockTable).isEqualTo(d.blockTable);
        assertThat(PagedAttentionCase.byName("CaseVarSeq4").totalBlocks()).isEqualTo(32);
        assertThat(PagedAttentionCase.byName("Case2").tableCols()).isEqualTo(512);
    }

    @Test
    void inputsAreBf16ValuesInMinusOneToOne() {
        WorkloadInstance w = FLAT.instance("CaseSmall1", "auto");
        for (String name : List.of("query", "key_cache", "value_cache")) {
            for (long e = 0; e < 1000; e++) {
                double v = w.inputs().get(name).value(e);
                assertThat(v).isBetween(-1.0, 1.0);
                assertThat((double) Elements.roundBfloat16((float) v)).isEqualTo(v);
            }
        }
        assertThat(w.inputs().get("context_lens").value(0)).isEqualTo(33.0);
    }

    @Test
    void onlyManualCase1RaisesTheTaskWindow() {
        assertThat(FLAT.instance("Case1", "manual").settings()).containsExactly(Map.entry("ring.taskWindow", "32768"));
        assertThat(FLAT.instance("Case2", "manual").settings()).isEmpty();
        assertThat(FLAT.instance("Case1", "auto").settings()).isEmpty();
        assertThat(UNROLL.instance("Case1", "manual").settings()).isEmpty();
    }

    @Test
    void kernelsHaveTheFuncIdsAndCoresOfSection32() {
        assertThat(FLAT.instance("CaseSmall1", "auto").kernels().kernels())
                .extracting(k -> k.funcId() + " " + k.name() + " " + k.core())
                .containsExactly("0 qk AIC", "1 softmax_prepare AIV", "2 pv AIC", "3 online_update AIV");
        assertThat(UNROLL.instance("CaseSmall1", "partial-manual").kernels().kernels())
                .extracting(k -> k.funcId() + " " + k.core())
                .containsExactly("0 AIC", "1 AIV", "2 AIC", "3 AIV", "5 AIV");
    }

    @Test
    void workModelsGiveSection32sPerTaskVolumes() {
        WorkloadInstance w = FLAT.instance("Case1", "auto");
        Map<Integer, Work> first = firstWork(w);
        // QK / PV: 2*16*128*128 FLOPs, 4 KB + 32 KB read, 8 KB written
        // (cube tiles: QK is qt x BS by D, PV qt x D by BS, in bf16)
        assertThat(first.get(PagedAttentionKernels.QK)).isEqualTo(new Work(524288, 4096 + 32768, 8192,
                DataType.BFLOAT16, new Work.Tile(16, 128, 128)));
        assertThat(first.get(PagedAttentionKernels.PV)).isEqualTo(new Work(524288, 4096 + 32768, 8192,
                DataType.BFLOAT16, new Work.Tile(16, 128, 128)));
        Map<Integer, Work> case2 = firstWork(FLAT.instance("Case2", "auto"));
        assertThat(case2.get(PagedAttentionKernels.QK)).isEqualTo(new Work(1048576, 16384 + 16384, 16384,
                DataType.BFLOAT16, new Work.Tile(64, 64, 128)));
        assertThat(case2.get(PagedAttentionKernels.PV)).isEqualTo(new Work(1048576, 8192 + 16384, 32768,
                DataType.BFLOAT16, new Work.Tile(64, 128, 64)));
        Map<Integer, Work> unroll = firstWork(UNROLL.instance("Case1", "auto"));
        // a 64-block group: 33.6 MFLOP, sij_buf 512 KB
        assertThat(unroll.get(PagedAttentionKernels.QK).flops()).isEqualTo(33554432.0);
        assertThat(unroll.get(PagedAttentionKernels.QK).tile()).isEqualTo(new Work.Tile(16, 8192, 128));
        assertThat(unroll.get(PagedAttentionKernels.PV).tile()).isEqualTo(new Work.Tile(16, 128, 8192));
        assertThat(unroll.get(PagedAttentionKernels.QK).bytesWritten()).isEqualTo(512 * 1024);
        assertThat(unroll.get(PagedAttentionKernels.PV).flops()).isEqualTo(33554432.0);
    }

    /** The work of the first task of each kernel, with its tensors resolved as the replay places them. */
    private static Map<Integer, Work> firstWork(WorkloadInstance w) {
        Map<Integer, Work> out = new TreeMap<>();
        List<SubmitRecord> submits = DependencyView.submitsOf(w.program());
        List<Op.Submit> ops = w.program().ops().stream().filter(Op.Submit.class::isInstance).map(Op.Submit.class::cast)
                .toList();
        for (int i = 0; i < submits.size(); i++) {
            int k = Math.max(ops.get(i).kernelIds()[0], ops.get(i).kernelIds()[1]);
            if (!out.containsKey(k)) {
                long[] scalars = ops.get(i).args().stream().filter(Arg.ScalarArg.class::isInstance)
                        .mapToLong(a -> ((Arg.ScalarArg) a).bits()).toArray();
                List<TensorView> tensors = submits.get(i).args().stream().map(TaskArg::view).toList();
                DurationModel.FromWork model = (DurationModel.FromWork) w.kernels().get(k).duration();
                out.put(k, model.work().of(new KernelCall(tensors, scalars, 0, 1)));
            }
        }
        return out;
    }
}
