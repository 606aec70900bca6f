package io.ptosim.node;

/** The two worker pools of a node (spec §1). */
public enum WorkerType {
    /** A chip (at L3) or a lower-level worker. */
    NEXT_LEVEL,
    /** A host callable in a forked child. */
    SUB
}
