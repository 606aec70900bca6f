package io.ptosim.runtime;

/** The runtime's orchestrator error codes (spec §10) with the text each latches. */
public enum ErrorCode {
    /** A scope already holds {@code W - 1} tasks on its ring. */
    SCOPE_DEADLOCK(1, "FATAL: Scope Deadlock Detected! (ring %d)"),
    /** The task allocator is blocked on the heap. */
    HEAP_RING_DEADLOCK(2, "FATAL: Task Allocator Deadlock - Heap Exhausted! ring=%d"),
    /** The task allocator is blocked on the task window. */
    FLOW_CONTROL_DEADLOCK(3, "FATAL: Task Allocator Deadlock - Task Ring Full! ring=%d"),
    /** The dep-list or fanin spill pool is exhausted or deadlocked. */
    DEP_POOL_OVERFLOW(4, "FATAL: Dependency Pool Deadlock Detected! ring=%d"),
    /** Arg errors, invalid ids, bad alloc_tensors, manual-scope guards. */
    INVALID_ARGS(5, "FATAL: Invalid Arg Detected!"),
    /** PR #482 era only (retired since): more than 16 unique fanins when explicit edges are added. */
    DEPENDENCY_OVERFLOW(6, "FATAL: Dependency overflow"),
    /** {@code require_sync_start} with more blocks than the shape allows. */
    REQUIRE_SYNC_START_INVALID(7, "FATAL: require_sync_start block_num exceeds the limit"),
    /** A blocking tensor-data access waited more than 15 s. */
    TENSOR_WAIT_TIMEOUT(8, "FATAL: Tensor wait timeout"),
    /** {@code rt_report_fatal}. */
    EXPLICIT_ORCH_FATAL(9, "%s"),
    /** A scope's task list is full. */
    SCOPE_TASKS_OVERFLOW(10, "FATAL: Scope task list overflow"),
    /** The TensorMap pool freed nothing for 500 ms. */
    TENSORMAP_OVERFLOW(11, "FATAL: TensorMap Entry Pool Deadlock Detected!");

    private final int code;
    private final String text;

    ErrorCode(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /** The numeric code ({@code runtime_status = -code}). */
    public int code() {
        return code;
    }

    /** The latched text, with the ring (or message) filled in where the format has a slot. */
    public String text(Object detail) {
        return text.contains("%") ? String.format(text, detail) : text;
    }
}
