package io.ptosim.workloads;

import static io.ptosim.program.Args.args;

import io.ptosim.kernel.KernelTable;
import io.ptosim.program.Arg;
import io.ptosim.program.Args;
import io.ptosim.program.Orchestration;
import io.ptosim.program.Task;
import io.ptosim.program.Tensor;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.ScopeMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * simpler's paged attention, one task per KV block (workloads.md §3): per batch b and head tile q an
 * accumulator task and, per KV block, QK → SF → PV → UP with an online-softmax merge. Variants: {@code auto}
 * (A: AUTO scope per (b, q), a nested AUTO scope per block, alloc_tensors accumulators), {@code manual}
 * (C: HEAD manual scope per (b, q), explicit deps only), {@code partial-manual} (E: PR #482's
 * MANUAL_HYBRID scope inside an AUTO one, the hub task, add_dependency edges, manual_dep boundary
 * views). Cases Case1 (default), Case2, Case3 (manual only), CaseSmall1, CaseSmall2, CaseVarSeq2,
 * CaseVarSeq4.
 */
public final class PagedAttention implements Workload {
    @Override
    public String name() {
        return "paged-attention";
    }

    @Override
    public String summary() {
        return "paged attention, 4 tasks per KV block (QK, softmax, PV, online update) per batch and head tile,"
                + " golden softmax attention (simpler paged_attention)";
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

    /**
     * simpler's paged_attention entry: query [B, H, D] bf16, key_cache and value_cache [TB, BS, 1, D] bf16,
     * block_table [B, max_model_len / BS] int32, context_lens [B] int32, out [B, H, D] f32, then the scale
     * (float bits); the same data this workload runs on.
     */
    @Override
    public Optional<EntryArgs> entryArgs(String caseName) {
        Catalog.require(this, caseName, defaultVariant());
        return Optional.of(new PagedAttentionData(PagedAttentionCase.byName(caseName)).entryArgs());
    }

    @Override
    public WorkloadInstance instance(String caseName, String variant) {
        Catalog.require(this, caseName, variant);
        PagedAttentionVariant v = PagedAttentionVariant.of(variant);
        PagedAttentionCase c = v.check(name(), caseName);
        PagedAttentionData data = new PagedAttentionData(c);
        Orchestration orch = new Orchestration(name());
        PagedAttentionData.Externals ext = data.declare(orch);
        for (int b = 0; b < c.batch(); b++) {
            for (int q = 0; q < c.qLoop(); q++) {
                switch (v) {
                    case AUTO -> auto(orch, c, data, ext, b, q);
                    case MANUAL -> manual(orch, c, data, ext, b, q);
                    case PARTIAL_MANUAL -> partialManual(orch, c, data, ext, b, q);
                }
            }
        }
        KernelTable kernels = PagedAttentionKernels.nonUnroll(v == PagedAttentionVariant.PARTIAL_MANUAL);
        Map<String, String> settings = v == PagedAttentionVariant.MANUAL && c.name().equals("Case1")
                ? Map.of("ring.taskWindow", "32768") : Map.of();
        return new WorkloadInstance(name(), caseName, variant, orch.build(), kernels, data.inputs(), data.golden(),
                settings);
    }

    /** The accumulators {@code oi [qt, D]}, {@code li_update [qt]}, {@code mi_update [qt]} (all f32). */
    static Task allocAccumulators(Orchestration orch, PagedAttentionCase c) {
        return orch.allocTensors(new Arg.OutputArg(DataType.FLOAT32, new int[] {c.qTile(), c.headDim()},
                false), new Arg.OutputArg(DataType.FLOAT32, new int[] {c.qTile()}, false),
                new Arg.OutputArg(DataType.FLOAT32, new int[] {c.qTile()}, false));
    }

    /** The April hub: AIV func 5, an empty kernel whose three OUTPUTs are the accumulators. */
    static Task submitHub(Orchestration orch, PagedAttentionCase c) {
        return orch.submitAiv(PagedAttentionKernels.HUB, args().output(DataType.FLOAT32, c.qTile(), c.headDim())
                .output(DataType.FLOAT32, c.qTile()).output(DataType.FLOAT32, c.qTile()));
    }

    /** Rows {@code [b*H + q*q_tile, +q_tile)} of a flattened [B*H, D] tensor. */
    static Tensor headRows(Tensor t, PagedAttentionCase c, int b, int q) {
        return t.view(new int[] {c.qTile(), c.headDim()}, new long[] {(long) b * c.heads() + (long) q * c.qTile(), 0});
    }

    private static Tensor cacheRows(Tensor cache, PagedAttentionCase c, int blk) {
        return cache.view(new int[] {c.blockSize(), c.headDim()}, new long[] {(long) blk * c.blockSize(), 0});
    }

    /** One block's four tasks. */
    private record Block(Task qk, Task sf, Task pv, Task up) {
    }

    /**
     * Submits one block's QK, SF, PV, UP; {@code acc} = (oi, li_update, mi_update). With
     * {@code explicit}, SF depends on QK, PV on SF and UP on PV and on {@code upDeps}.
     */
    private static Block block(Orchestration orch, PagedAttentionCase c, Tensor qi, Tensor kj, Tensor vj, int valid,
            List<Tensor> acc, Tensor outView, boolean first, boolean last, boolean explicit, List<Task> upDeps) {
        int qt = c.qTile();
        Task qk = orch.submitAic(PagedAttentionKernels.QK, args().input(qi).input(kj)
                .output(DataType.FLOAT32, qt, c.blockSize()));
        Tensor sijValid = qk.output(0).view(new int[] {qt, valid}, new long[] {0, 0});
        Args sfArgs = args().input(sijValid).output(DataType.BFLOAT16, qt, c.blockSize())
                .output(DataType.FLOAT32, qt).output(DataType.FLOAT32, qt)
                .scalar(Float.floatToRawIntBits(PagedAttentionData.SCALE));
        Task sf = orch.submitAiv(PagedAttentionKernels.SF, explicit ? sfArgs.dep(qk) : sfArgs);
        Args pvArgs = args().input(sf.output(0)).input(vj).output(DataType.FLOAT32, qt, c.headDim());
        Task pv = orch.submitAic(PagedAttentionKernels.PV, explicit ? pvArgs.dep(sf) : pvArgs);
        Args upArgs = args().input(sf.output(1)).input(sf.output(2)).input(pv.output(0)).inout(acc.get(2))
                .inout(acc.get(1)).inout(acc.get(0)).inout(outView).scalar(first ? 1 : 0).scalar(last ? 1 : 0);
        if (explicit) {
            upArgs.dep(pv);
            upDeps.forEach(upArgs::dep);
        }
        Task up = orch.submitAiv(PagedAttentionKernels.UP, upArgs);
        return new Block(qk, sf, pv, up);
    }

    /** A: AUTO scope per (b, q) with alloc_tensors, a nested AUTO scope per block; the TensorMap orders UP. */
    private static void auto(Orchestration orch, PagedAttentionCase c, PagedAttentionData data,
            PagedAttentionData.Externals ext, int b, int q) {
        Tensor qi = headRows(ext.query(), c, b, q);
        Tensor outView = headRows(ext.out(), c, b, q);
        int n = c.blocks(b);
        orch.beginScope(ScopeMode.AUTO);
        List<Tensor> acc = allocAccumulators(orch, c).outputs();
        for (int bn = 0; bn < n; bn++) {
            int blk = data.block(b, bn);
            orch.beginScope(ScopeMode.AUTO);
            block(orch, c, qi, cacheRows(ext.keyCache(), c, blk), cacheRows(ext.valueCache(), c, blk),
                    c.validTokens(b, bn), acc, outView, bn == 0, bn == n - 1, false, List.of());
            orch.endScope();
        }
        orch.endScope();
    }

    /** C: one HEAD manual scope per (b, q): SF{QK}, PV{SF}, UP{PV, previous UP, alloc on the last block}. */
    private static void manual(Orchestration orch, PagedAttentionCase c, PagedAttentionData data,
            PagedAttentionData.Externals ext, int b, int q) {
        Tensor qi = headRows(ext.query(), c, b, q);
        Tensor outView = headRows(ext.out(), c, b, q);
        int n = c.blocks(b);
        orch.beginScope(ScopeMode.MANUAL);
        Task alloc = allocAccumulators(orch, c);
        Task prev = null;
        for (int bn = 0; bn < n; bn++) {
            int blk = data.block(b, bn);
            boolean last = bn == n - 1;
            List<Task> upDeps = new ArrayList<>(2);
            if (prev != null) {
                upDeps.add(prev);
            }
            if (last) {
                upDeps.add(alloc);
            }
            prev = block(orch, c, qi, cacheRows(ext.keyCache(), c, blk), cacheRows(ext.valueCache(), c, blk),
                    c.validTokens(b, bn), alloc.outputs(), outView, bn == 0, last, true, upDeps).up();
        }
        orch.endScope();
    }

    /**
     * E (non-unroll, final form): an AUTO scope per (b, q) holding one MANUAL_HYBRID scope with the hub
     * and every block; add_dependency QK→SF, SF→PV, SF→UP, PV→UP, prev→UP (prev starts as the hub).
     * query, the caches, out and all their views are manual_dep boundary tensors.
     */
    private static void partialManual(Orchestration orch, PagedAttentionCase c, PagedAttentionData data,
            PagedAttentionData.Externals ext, int b, int q) {
        Tensor qi = headRows(ext.query(), c, b, q).manualDep(true);
        Tensor outView = headRows(ext.out(), c, b, q).manualDep(true);
        int n = c.blocks(b);
        orch.beginScope(ScopeMode.AUTO);
        orch.beginScope(ScopeMode.MANUAL_HYBRID);
        Task hub = submitHub(orch, c);
        Task prev = hub;
        for (int bn = 0; bn < n; bn++) {
            int blk = data.block(b, bn);
            Block blockTasks = block(orch, c, qi, cacheRows(ext.keyCache(), c, blk).manualDep(true),
                    cacheRows(ext.valueCache(), c, blk).manualDep(true), c.validTokens(b, bn), hub.outputs(), outView,
                    bn == 0, bn == n - 1, false, List.of());
            orch.addDependency(blockTasks.qk(), blockTasks.sf());
            orch.addDependency(blockTasks.sf(), blockTasks.pv());
            orch.addDependency(blockTasks.sf(), blockTasks.up());
            orch.addDependency(blockTasks.pv(), blockTasks.up());
            orch.addDependency(prev, blockTasks.up());
            prev = blockTasks.up();
        }
        orch.endScope();
        orch.endScope();
    }
}
