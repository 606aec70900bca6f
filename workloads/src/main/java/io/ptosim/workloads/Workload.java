package io.ptosim.workloads;

import java.util.List;
import java.util.Optional;

/**
 * A built-in workload: a family of programs (one per case and variant) with the kernels they name,
 * their input data and a golden check.
 */
public interface Workload {
    /** The command-line name, e.g. {@code paged-attention}. */
    String name();

    /** One line saying what it computes and where it comes from. */
    String summary();

    /** The cases, default first. */
    List<String> cases();

    /** The variants, default first. */
    List<String> variants();

    /**
     * The program, kernels, inputs and golden check of one case and variant.
     *
     * @throws IllegalArgumentException for an unknown case or variant (naming the valid ones), or a
     *     combination the workload does not have
     */
    WorkloadInstance instance(String caseName, String variant);

    /** Whether {@code caseName} exists in {@code variant} (some cases exist in one variant only). */
    default boolean offers(String caseName, String variant) {
        return cases().contains(caseName) && variants().contains(variant);
    }

    /**
     * The arguments simpler's orchestration of this workload takes at its entry for {@code caseName}, or
     * empty when the workload has no simpler counterpart to record.
     *
     * @throws IllegalArgumentException for an unknown case (naming the valid ones)
     */
    default Optional<EntryArgs> entryArgs(String caseName) {
        return Optional.empty();
    }

    /** The default case. */
    default String defaultCase() {
        return cases().get(0);
    }

    /** The default variant. */
    default String defaultVariant() {
        return variants().get(0);
    }
}
