package io.ptosim.runtime;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One {@code submit_task} as the orchestrator issued it, with every address resolved: what the
 * runtime's dependency-generation replay consumes, and what a conformance vector holds.
 *
 * @param taskId the task id ({@link TaskId})
 * @param scope the mode of the scope it was submitted in: AUTO, MANUAL (inside a manual scope at any
 *     depth) or MANUAL_HYBRID
 * @param manualLocalArgs MANUAL_HYBRID only: bit {@code i} set when arg {@code i} is manual-local (its
 *     owner is a task of the same manual scope), so the dependency rules skip it
 * @param explicitDeps task ids from {@code set_dependencies}, in order, duplicates allowed
 * @param explicitKinds the kind of each explicit dep, in the same order: whether it also retains the
 *     producer (a vector and a deps.json cannot tell, so theirs are all WAIT_RETAIN)
 * @param args tensor args in slot order (at most 32)
 * @param kernelIds {@code [aic, aiv0, aiv1]}, -1 for an unused subslot
 * @param blockNum SPMD block count, 1 for an ordinary task
 * @param earlyDispatch whether the task carried the early-resolve hint
 */
public record SubmitRecord(long taskId, ScopeMode scope, int manualLocalArgs, List<Long> explicitDeps,
        List<DepKind> explicitKinds, List<TaskArg> args, int[] kernelIds, int blockNum, boolean earlyDispatch) {
    /** Most tensor args per task. */
    public static final int MAX_TENSOR_ARGS = 32;

    /** Validates the record and copies its lists. */
    public SubmitRecord {
        Objects.requireNonNull(scope, "scope");
        if (scope != ScopeMode.MANUAL_HYBRID && manualLocalArgs != 0) {
            throw new IllegalArgumentException("task " + TaskId.display(taskId)
                    + " marks manual-local args outside a MANUAL_HYBRID scope");
        }
        explicitDeps = List.copyOf(explicitDeps);
        explicitKinds = List.copyOf(explicitKinds);
        if (explicitKinds.size() != explicitDeps.size()) {
            throw new IllegalArgumentException("task " + TaskId.display(taskId) + " has " + explicitDeps.size()
                    + " explicit deps but " + explicitKinds.size() + " kinds");
        }
        args = List.copyOf(args);
        if (args.size() > MAX_TENSOR_ARGS) {
            throw new IllegalArgumentException("task " + TaskId.display(taskId) + " has " + args.size()
                    + " tensor args; at most " + MAX_TENSOR_ARGS + " are allowed");
        }
        Objects.requireNonNull(kernelIds, "kernelIds");
        if (kernelIds.length != 3) {
            throw new IllegalArgumentException("kernel_ids has " + kernelIds.length + " entries; expected [aic, aiv0, aiv1]");
        }
        kernelIds = kernelIds.clone();
        if (blockNum < 1) {
            throw new IllegalArgumentException("block_num = " + blockNum + "; expected >= 1");
        }
    }

    /** A submit whose explicit deps all retain their producers (WAIT_RETAIN, what {@code add_dep} gives). */
    public SubmitRecord(long taskId, ScopeMode scope, int manualLocalArgs, List<Long> explicitDeps,
            List<TaskArg> args, int[] kernelIds, int blockNum, boolean earlyDispatch) {
        this(taskId, scope, manualLocalArgs, explicitDeps,
                Collections.nCopies(explicitDeps.size(), DepKind.WAIT_RETAIN), args, kernelIds, blockNum, earlyDispatch);
    }

    /** A submit in an AUTO scope, or in a MANUAL one when {@code manualScope}: the two modes a vector holds. */
    public SubmitRecord(long taskId, boolean manualScope, List<Long> explicitDeps, List<TaskArg> args, int[] kernelIds,
            int blockNum, boolean earlyDispatch) {
        this(taskId, manualScope ? ScopeMode.MANUAL : ScopeMode.AUTO, 0, explicitDeps, args, kernelIds, blockNum,
                earlyDispatch);
    }

    /** Whether it was submitted in a manual scope of either kind (deps.json's {@code "scope": "manual"}). */
    public boolean manualScope() {
        return scope != ScopeMode.AUTO;
    }

    /**
     * Whether arg {@code i} goes through the dependency rules (creator edge, lookup, registration): every
     * arg in AUTO, none in MANUAL, the boundary (not manual-local) args in MANUAL_HYBRID.
     */
    public boolean tracks(int i) {
        return switch (scope) {
            case AUTO -> true;
            case MANUAL -> false;
            case MANUAL_HYBRID -> (manualLocalArgs >>> i & 1) == 0;
        };
    }

    /** A copy of the kernel ids. */
    @Override
    public int[] kernelIds() {
        return kernelIds.clone();
    }
}
