package io.ptosim.runtime;

import java.util.Optional;

/** The runtime's orchestrator error codes (spec §10) with the text each latches. */
public enum ErrorCode {
    /** A scope already holds {@code W - 1} tasks on its ring. */
    SCOPE_DEADLOCK(1, "FATAL: Scope Deadlock Detected! (ring %d)", "scope already holds W-1 tasks on its ring"),
    /** The task allocator is blocked on the heap. */
    HEAP_RING_DEADLOCK(2, "FATAL: Task Allocator Deadlock - Heap Exhausted! ring=%d", "allocator blocked on heap"),
    /** The task allocator is blocked on the task window. */
    FLOW_CONTROL_DEADLOCK(3, "FATAL: Task Allocator Deadlock - Task Ring Full! ring=%d",
            "allocator blocked on task window"),
    /** The dep-list or fanin spill pool is exhausted or deadlocked. */
    DEP_POOL_OVERFLOW(4, "FATAL: Dependency Pool Deadlock Detected! ring=%d",
            "dep-list or spill pool exhausted/deadlocked"),
    /** Arg errors, invalid ids, bad alloc_tensors, manual-scope guards. */
    INVALID_ARGS(5, "FATAL: Invalid Arg Detected!",
            "Arg errors, invalid ids, bad alloc_tensors, manual-scope guards"),
    /** PR #482 era only (retired since): more than 16 unique fanins when explicit edges are added. */
    DEPENDENCY_OVERFLOW(6, "FATAL: Dependency overflow", "retired (PR #482 era: DEPENDENCY_OVERFLOW)"),
    /** {@code require_sync_start} with more blocks than the shape allows. */
    REQUIRE_SYNC_START_INVALID(7, "FATAL: require_sync_start block_num exceeds the limit", "block_num > limit"),
    /** A blocking tensor-data access waited more than 15 s. */
    TENSOR_WAIT_TIMEOUT(8, "FATAL: Tensor wait timeout", "get/set_tensor_data wait > 15 s"),
    /** {@code rt_report_fatal}. */
    EXPLICIT_ORCH_FATAL(9, "%s", "rt_report_fatal"),
    /** A scope's task list is full. */
    SCOPE_TASKS_OVERFLOW(10, "FATAL: Scope task list overflow", "scope task list full"),
    /** The TensorMap pool freed nothing for 500 ms. */
    TENSORMAP_OVERFLOW(11, "FATAL: TensorMap Entry Pool Deadlock Detected!",
            "TensorMap pool freed nothing for 500 ms");

    private final int code;
    private final String text;
    private final String meaning;

    ErrorCode(int code, String text, String meaning) {
        this.code = code;
        this.text = text;
        this.meaning = meaning;
    }

    /** The code with this number, if the orchestrator latches it (1-11). */
    public static Optional<ErrorCode> of(int code) {
        for (ErrorCode c : values()) {
            if (c.code == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** When the runtime latches it: the "When" column of the spec's error-code table (l2-runtime.md §10). */
    public String meaning() {
        return meaning;
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
