package io.ptosim.check;

import io.ptosim.runtime.TensorArgType;

/**
 * Why the runtime's dependency rules (spec §3.4, §7) leave a conflicting pair unordered, which is what
 * decides the fix. Checked in this order: a manual scope tracks nothing at all; write-after-read is
 * tracked only from a TRACKED_INPUT reader (the reader-tracking what-if); an OUTPUT_EXISTING writer
 * looks nothing up; a manual_dep view is neither looked up nor registered. Anything else means the graph
 * lacks an edge the runtime would derive (a recorded deps.json that was edited, or written by a
 * host-orchestrated run). A pair whose later side is the orchestrator's get/set_tensor_data has a cause
 * of its own (spec §7.4): the call waits only for the tensor's creator and the TensorMap's writers, and
 * a set also for the consumers that retain them (and, with reader tracking, for the tracked readers).
 */
public enum Cause {
    /** A task is in a manual scope (or its arg manual-local in a MANUAL_HYBRID one): only explicit deps order it. */
    MANUAL_SCOPE("manual-scope"),
    /** Untracked readers register nothing in the TensorMap, so a later writer finds no trace of them. */
    UNTRACKED_WRITE_AFTER_READ("untracked-write-after-read"),
    /**
     * An OUTPUT_EXISTING arg is registered but looks up no writes, so it is not ordered after earlier
     * writes, nor after a tracked reader whose entry a covering writer between them removed.
     */
    OUTPUT_EXISTING("output-existing"),
    /** A manual_dep view skips the TensorMap (only its creator edge stays). */
    MANUAL_DEP("manual-dep"),
    /** Both accesses are tracked, yet no edge orders them. */
    NO_EDGE("no-edge"),
    /**
     * A task writes what a later get/set_tensor_data touches, and is neither the tensor's creator nor a
     * writer in the TensorMap (a manual scope, a manual_dep view), so the call does not wait for it.
     */
    HOST_UNTRACKED_WRITE("host-untracked-write"),
    /**
     * A task reads what a later set_tensor_data writes, and holds no retained pin on what the call waits
     * for (no edge, a WAIT-only edge, or nothing to pin), so the call does not wait for it.
     */
    HOST_UNPINNED_READ("host-unpinned-read");

    private final String label;

    Cause(String label) {
        this.label = label;
    }

    /** The JSON name, e.g. {@code manual-scope}. */
    public String label() {
        return label;
    }

    /** Why the pair is unordered. */
    static Cause of(HazardKind kind, Access earlier, Access later) {
        if (later.isHost()) {
            return earlier.writes() ? HOST_UNTRACKED_WRITE : HOST_UNPINNED_READ;
        }
        if (!earlier.scopeTracked() || !later.scopeTracked()) {
            return MANUAL_SCOPE;
        }
        if (kind == HazardKind.WRITE_AFTER_READ && earlier.type() != TensorArgType.TRACKED_INPUT) {
            return UNTRACKED_WRITE_AFTER_READ;
        }
        if ((kind == HazardKind.WRITE_AFTER_WRITE || kind == HazardKind.WRITE_AFTER_READ)
                && later.type() == TensorArgType.OUTPUT_EXISTING) {
            return OUTPUT_EXISTING;
        }
        if (earlier.manualDep() || later.manualDep()) {
            return MANUAL_DEP;
        }
        return NO_EDGE;
    }
}
