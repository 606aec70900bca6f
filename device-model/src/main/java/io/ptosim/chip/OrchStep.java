package io.ptosim.chip;

/** The parts of the orchestrator's work the cost model charges, for the time breakdown of a run. */
public enum OrchStep {
    /** The fixed part of each submit. */
    SUBMIT("submit"),
    /** Copying tensor args. */
    TENSOR_ARGS("tensor args"),
    /** TensorMap lookups. */
    LOOKUPS("lookups"),
    /** TensorMap chain entries visited by lookups. */
    CHAIN_ENTRIES("chain entries"),
    /** TensorMap inserts. */
    INSERTS("inserts"),
    /** Wiring fanin edges. */
    EDGES("edges"),
    /** Materializing outputs on the heap. */
    OUTPUTS("outputs"),
    /** alloc_tensors calls. */
    ALLOC_TENSORS("alloc_tensors"),
    /** Scope begins. */
    SCOPE_BEGIN("scope begin"),
    /** Scope ends, per task released. */
    SCOPE_END("scope end"),
    /** add_dependency calls. */
    ADD_DEPENDENCY("add_dependency"),
    /** get/set_tensor_data accesses. */
    TENSOR_DATA("tensor data");

    private final String label;

    OrchStep(String label) {
        this.label = label;
    }

    /** Short label for summaries. */
    public String label() {
        return label;
    }
}
