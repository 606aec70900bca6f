package io.ptosim.workloads;

import java.util.Collections;
import java.util.List;

/**
 * One paged-attention case (workloads.md §3.1): batch {@code B}, query heads {@code H} (one KV head),
 * head dim {@code D}, KV block size {@code BS}, per-batch context lengths and the max model length.
 *
 * @param name the case name
 * @param batch B
 * @param heads H
 * @param headDim D
 * @param blockSize BS
 * @param contextLens context length of each batch (B entries)
 * @param maxModelLen max_model_len; the block table has {@code max_model_len / BS} columns
 * @param manualOnly whether only the manual variant runs it (Case3)
 */
record PagedAttentionCase(String name, int batch, int heads, int headDim, int blockSize, List<Integer> contextLens,
        int maxModelLen, boolean manualOnly) {
    /** Groups of blocks per unrolled task ({@code N_UNROLL}). */
    static final int N_UNROLL = 64;

    /** The cases in the order the workloads list them, default first. */
    static final List<PagedAttentionCase> ALL = List.of(
            uniform("Case1", 256, 16, 128, 128, 8192, 32768, false),
            uniform("Case2", 64, 64, 128, 64, 8192, 32768, false),
            uniform("Case3", 64, 64, 256, 64, 8192, 32768, true),
            uniform("CaseSmall1", 1, 16, 16, 16, 33, 256, false),
            uniform("CaseSmall2", 1, 16, 16, 16, 128, 256, false),
            new PagedAttentionCase("CaseVarSeq2", 2, 16, 16, 16, List.of(33, 17), 256, false),
            new PagedAttentionCase("CaseVarSeq4", 4, 16, 16, 16, List.of(33, 64, 128, 15), 256, false));

    /** Validates the shape. */
    PagedAttentionCase {
        contextLens = List.copyOf(contextLens);
        if (contextLens.size() != batch) {
            throw new IllegalArgumentException(name + ": " + contextLens.size() + " context lengths for batch "
                    + batch);
        }
        if (maxModelLen % blockSize != 0 || contextLens.stream().anyMatch(c -> c < 1 || c > maxModelLen)) {
            throw new IllegalArgumentException(name + ": context lengths " + contextLens + " or max_model_len "
                    + maxModelLen + " do not fit block size " + blockSize);
        }
    }

    private static PagedAttentionCase uniform(String name, int batch, int heads, int headDim, int blockSize, int ctx,
            int maxModelLen, boolean manualOnly) {
        return new PagedAttentionCase(name, batch, heads, headDim, blockSize, Collections.nCopies(batch, ctx),
                maxModelLen, manualOnly);
    }

    /** The case called {@code name}, or null. */
    static PagedAttentionCase byName(String name) {
        return ALL.stream().filter(c -> c.name.equals(name)).findFirst().orElse(null);
    }

    /** The case names, default first. */
    static List<String> names() {
        return ALL.stream().map(PagedAttentionCase::name).toList();
    }

    /** Context length of batch {@code b}. */
    int contextLen(int b) {
        return contextLens.get(b);
    }

    /** Block-table columns: {@code max_model_len / BS}. */
    int tableCols() {
        return maxModelLen / blockSize;
    }

    /** KV blocks of batch {@code b}: {@code ceil(ctx / BS)}. */
    int blocks(int b) {
        return ceilDiv(contextLen(b), blockSize);
    }

    /** Valid tokens of block {@code bn} of batch {@code b}: {@code min(BS, ctx - bn*BS)}. */
    int validTokens(int b, int bn) {
        return Math.min(blockSize, contextLen(b) - bn * blockSize);
    }

    /** Cache blocks TB: {@code B * ceil(max ctx / BS)}. */
    int totalBlocks() {
        int maxCtx = contextLens.stream().mapToInt(Integer::intValue).max().orElseThrow();
        return batch * ceilDiv(maxCtx, blockSize);
    }

    /** Heads per task: {@code min(H, 128)}. */
    int qTile() {
        return Math.min(heads, 128);
    }

    /** Head tiles per batch: {@code ceil(H / q_tile)}. */
    int qLoop() {
        return ceilDiv(heads, qTile());
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
