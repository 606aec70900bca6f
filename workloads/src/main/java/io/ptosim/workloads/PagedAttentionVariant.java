package io.ptosim.workloads;

import java.util.Arrays;
import java.util.List;

/** The paged-attention variants (workloads.md §3.3), by their command-line names. */
enum PagedAttentionVariant {
    /** A / B: AUTO scopes, alloc_tensors accumulators, TensorMap dependencies. */
    AUTO("auto"),
    /** C / D: HEAD Manual Scope V0 per (b, q), alloc_tensors accumulators, explicit deps only. */
    MANUAL("manual"),
    /** E: PR #482's partial-manual runtime (MANUAL_HYBRID scopes, the hub task, add_dependency). */
    PARTIAL_MANUAL("partial-manual");

    final String cliName;

    PagedAttentionVariant(String cliName) {
        this.cliName = cliName;
    }

    /** The names, default first. */
    static List<String> names() {
        return Arrays.stream(values()).map(v -> v.cliName).toList();
    }

    /** The variant called {@code name} (already checked against {@link #names()}). */
    static PagedAttentionVariant of(String name) {
        return Arrays.stream(values()).filter(v -> v.cliName.equals(name)).findFirst().orElseThrow();
    }

    /**
     * The case, checked against this variant.
     *
     * @throws IllegalArgumentException for a manual-only case in another variant
     */
    PagedAttentionCase check(String workload, String caseName) {
        PagedAttentionCase c = PagedAttentionCase.byName(caseName);
        if (c.manualOnly() && this != MANUAL) {
            throw new IllegalArgumentException(workload + " case " + caseName + " exists only in variant 'manual'"
                    + " (simpler runs it with the manual-scope example alone), not in '" + cliName + "'");
        }
        return c;
    }
}
