package io.ptosim.runtime;

/** How a scope tracks dependencies (spec §7). */
public enum ScopeMode {
    /** TensorMap tracking: creator edges, lookups, registration. */
    AUTO,
    /** Today's "Manual Scope V0": only explicit dependencies (spec §7.3). */
    MANUAL,
    /** The PR #482 seed design: manual-local vs boundary args, publish barrier, add_dependency (spec §7.2). */
    MANUAL_HYBRID
}
