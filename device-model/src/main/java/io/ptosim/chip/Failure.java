package io.ptosim.chip;

import io.ptosim.runtime.ErrorCode;
import io.ptosim.runtime.TaskId;

/**
 * Why a run stopped, in the order its report gives it: the code with its name and what the spec says it
 * means, the latched text, then what was blocked (ring, resource, the ring's head task and its state,
 * the scope depth, the op the orchestrator was on).
 *
 * @param code the latched code (1-11 orchestrator, 100 scheduler timeout)
 * @param name the code's name (spec l2-runtime.md §10)
 * @param meaning when the runtime latches it, as the spec's table says
 * @param message the latched text and diagnosis
 * @param resource what was short ({@code dep pool}, {@code heap}, ...), or "" when none
 * @param setKey the platform key that sizes it, or "" when no size is to blame
 * @param ring the ring whose resource was short, or -1
 * @param headTask the ring's oldest unretired task, or {@link TaskId#INVALID}
 * @param headState its state ({@code PENDING}, ...), or ""
 * @param headScopeDepth the depth of the open scope still holding the head task, or -1
 * @param scopeDepth the scope depth when the run stopped (0 = the root scope)
 * @param opIndex the op the orchestrator was executing, or -1 when it had finished
 * @param op that op in words, or ""
 */
public record Failure(int code, String name, String meaning, String message, String resource, String setKey, int ring,
        long headTask, String headState, int headScopeDepth, int scopeDepth, int opIndex, String op) {
    /** The scheduler's no-progress timeout (spec §10; not an orchestrator code). */
    public static final int SCHEDULER_TIMEOUT = 100;

    /** The code's name (spec §10), or {@code UNKNOWN}. */
    public static String nameOf(int code) {
        return code == SCHEDULER_TIMEOUT ? "SCHEDULER_TIMEOUT" : ErrorCode.of(code).map(Enum::name).orElse("UNKNOWN");
    }

    /** What the spec says the code means, or "". */
    public static String meaningOf(int code) {
        return code == SCHEDULER_TIMEOUT ? "10 s without progress" : ErrorCode.of(code).map(ErrorCode::meaning).orElse("");
    }

    /** The resource a code blames, or "" (the names the orchestrator's waits use). */
    static String resourceOf(int code) {
        return switch (code) {
            case 1 -> "task window (scope)";
            case 2 -> "heap";
            case 3 -> "task window";
            case 4 -> "dep pool";
            case 8 -> "tensor wait";
            case 10 -> "scope task list";
            case 11 -> "tensormap pool";
            default -> "";
        };
    }

    /** The platform key that sizes what a code blames, or "" when a size cannot cure it. */
    public static String setKeyOf(int code) {
        return switch (code) {
            case 1, 3, 10 -> "ring.taskWindow";
            case 2 -> "ring.heapBytes";
            case 4 -> "ring.depPool";
            case 11 -> "tensorMap.pool";
            default -> "";
        };
    }
}
