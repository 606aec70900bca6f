package io.ptosim.workloads;

import static io.ptosim.program.Args.args;

import io.ptosim.program.Args;
import io.ptosim.program.Orchestration;
import io.ptosim.program.Task;
import io.ptosim.program.Tensor;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.ScopeMode;
import io.ptosim.workloads.PagedAttentionKernels.BlockTableArg;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * simpler's unrolled paged attention (workloads.md §3.2–§3.3): as {@link PagedAttention}, but one QK,
 * SF, PV, UP per group of up to 64 KV blocks, the QK and PV kernels gathering the group's blocks through
 * the block table. Variants: {@code auto} (B: one AUTO scope per (b, q), out_view manual_dep),
 * {@code manual} (D: HEAD manual scope per (b, q)), {@code partial-manual} (E: AUTO scope per (b, q)
 * with an AUTO hub, an inner MANUAL_HYBRID scope per group, the block table passed as a pointer
 * scalar). Cases as {@link PagedAttention}.
 */
public final class PagedAttentionUnroll implements Workload {
    @Override
    public String name() {
        return "paged-attention-unroll";
    }

    @Override
    public String summary() {
        return "paged attention, 4 tasks per group of up to 64 KV blocks per batch and head tile, golden softmax"
                + " attention (simpler paged_attention_unroll)";
    }

    @Override
    public List<String> cases() {
        return PagedAttentionCase.names();
    }

    @Override
    public List<String> variants() {
        return PagedAttentionVariant.names();
    }

    /** A manual-only case (Case3) exists in the manual variant alone. */
    @Override
    public boolean offers(String caseName, String variant) {
        return Workload.super.offers(caseName, variant)
                && (!PagedAttentionCase.byName(caseName).manualOnly() || variant.equals("manual"));
    }

    @Override
    public WorkloadInstance instance(String caseName, String variant) {
        return instance(caseName, variant, PagedAttentionCase.N_UNROLL);
    }

    /** The instance with {@code nUnroll} blocks per group (tests use small groups to get several). */
    WorkloadInstance instance(String caseName, String variant, int nUnroll) {
        Catalog.require(this, caseName, variant);
        PagedAttentionVariant v = PagedAttentionVariant.of(variant);
        PagedAttentionCase c = v.check(name(), caseName);
        PagedAttentionData data = new PagedAttentionData(c);
        Orchestration orch = new Orchestration(name());
        PagedAttentionData.Externals ext = data.declare(orch);
        for (int b = 0; b < c.batch(); b++) {
            for (int q = 0; q < c.qLoop(); q++) {
                perHeadTile(orch, c, v, ext, b, q, nUnroll);
            }
        }
        BlockTableArg table = v == PagedAttentionVariant.PARTIAL_MANUAL ? BlockTableArg.POINTER : BlockTableArg.TENSOR;
        return new WorkloadInstance(name(), caseName, variant, orch.build(),
                PagedAttentionKernels.unroll(table, v == PagedAttentionVariant.PARTIAL_MANUAL), data.inputs(),
                data.golden(), Map.of());
    }

    /** One group's tasks. */
    private record Group(Task qk, Task sf, Task pv, Task up) {
    }

    private static void perHeadTile(Orchestration orch, PagedAttentionCase c, PagedAttentionVariant v,
            PagedAttentionData.Externals ext, int b, int q, int nUnroll) {
        Tensor qi = PagedAttention.headRows(ext.query(), c, b, q);
        Tensor outView = PagedAttention.headRows(ext.out(), c, b, q).manualDep(true);
        int n = c.blocks(b);
        int groups = PagedAttentionCase.ceilDiv(n, nUnroll);
        switch (v) {
            case AUTO -> {
                orch.beginScope(ScopeMode.AUTO);
                List<Tensor> acc = PagedAttention.allocAccumulators(orch, c).outputs();
                for (int g = 0; g < groups; g++) {
                    group(orch, c, ext, qi, acc, outView, b, g, nUnroll, BlockTableArg.TENSOR, false, List.of());
                }
                orch.endScope();
            }
            case MANUAL -> {
                orch.beginScope(ScopeMode.MANUAL);
                Task alloc = PagedAttention.allocAccumulators(orch, c);
                Task prev = null;
                for (int g = 0; g < groups; g++) {
                    List<Task> upDeps = new ArrayList<>(2);
                    if (prev != null) {
                        upDeps.add(prev);
                    }
                    if (g == groups - 1) {
                        upDeps.add(alloc);
                    }
                    prev = group(orch, c, ext, qi, alloc.outputs(), outView, b, g, nUnroll, BlockTableArg.TENSOR, true,
                            upDeps).up();
                }
                orch.endScope();
            }
            case PARTIAL_MANUAL -> {
                orch.beginScope(ScopeMode.AUTO);
                List<Tensor> acc = PagedAttention.submitHub(orch, c).outputs();
                for (int g = 0; g < groups; g++) {
                    orch.beginScope(ScopeMode.MANUAL_HYBRID);
                    Group t = group(orch, c, ext, qi, acc, outView, b, g, nUnroll, BlockTableArg.POINTER, false,
                            List.of());
                    orch.addDependency(t.qk(), t.sf());
                    orch.addDependency(t.sf(), t.pv());
                    orch.addDependency(t.sf(), t.up());
                    orch.addDependency(t.pv(), t.up());
                    orch.endScope();
                }
                orch.endScope();
            }
        }
    }

    /**
     * Submits group {@code g}'s QK, SF, PV, UP over blocks {@code [g*nUnroll, +n_blk)}; with
     * {@code explicit}, SF depends on QK, PV on SF and UP on PV and {@code upDeps}.
     */
    private static Group group(Orchestration orch, PagedAttentionCase c, PagedAttentionData.Externals ext, Tensor qi,
            List<Tensor> acc, Tensor outView, int b, int g, int nUnroll, BlockTableArg table, boolean explicit,
            List<Task> upDeps) {
        int qt = c.qTile();
        int n = c.blocks(b);
        int bn0 = g * nUnroll;
        int nBlk = Math.min(nUnroll, n - bn0);
        int width = nBlk * c.blockSize();
        long btOffset = (long) b * c.tableCols() + bn0;
        long btScalar = table == BlockTableArg.TENSOR ? btOffset : ext.blockTableAddr() + 4 * btOffset;
        Args qkArgs = args().input(qi).input(ext.keyCache());
        if (table == BlockTableArg.TENSOR) {
            qkArgs.input(ext.blockTable());
        }
        Task qk = orch.submitAic(PagedAttentionKernels.QK, qkArgs.output(DataType.FLOAT32, qt, width).scalar(nBlk)
                .scalar(btScalar));
        Args sfArgs = args().input(qk.output(0)).output(DataType.BFLOAT16, qt, width).output(DataType.FLOAT32, qt)
                .output(DataType.FLOAT32, qt).scalar(Float.floatToRawIntBits(PagedAttentionData.SCALE)).scalar(nBlk)
                .scalar(c.validTokens(b, bn0 + nBlk - 1));
        Task sf = orch.submitAiv(PagedAttentionKernels.SF, explicit ? sfArgs.dep(qk) : sfArgs);
        Args pvArgs = args().input(sf.output(0)).input(ext.valueCache());
        if (table == BlockTableArg.TENSOR) {
            pvArgs.input(ext.blockTable());
        }
        pvArgs.output(DataType.FLOAT32, qt, c.headDim()).scalar(nBlk).scalar(btScalar);
        Task pv = orch.submitAic(PagedAttentionKernels.PV, explicit ? pvArgs.dep(sf) : pvArgs);
        int groups = PagedAttentionCase.ceilDiv(n, nUnroll);
        Args upArgs = args().input(sf.output(1)).input(sf.output(2)).input(pv.output(0)).inout(acc.get(2))
                .inout(acc.get(1)).inout(acc.get(0)).inout(outView).scalar(g == 0 ? 1 : 0)
                .scalar(g == groups - 1 ? 1 : 0);
        if (explicit) {
            upArgs.dep(pv);
            upDeps.forEach(upArgs::dep);
        }
        Task up = orch.submitAiv(PagedAttentionKernels.UP, upArgs);
        return new Group(qk, sf, pv, up);
    }
}
