package io.ptosim.node;

/** Which reference behaviour a node runs (spec §14): the rules that differ between the two are chosen by it. */
public enum Compat {
    /** The seed design: merge commit {@code 093c0b34b} of PR #579 (child_memory, TensorKey, affinity). */
    V1,
    /** The corrected behaviour of Aug 2026 (commit {@code 6ebaf7715}): runs, poisoning, owner-checked erase. */
    HEAD
}
