package io.ptosim.program;

import io.ptosim.runtime.ScopeMode;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** One orchestration step of a {@link Program}. */
public sealed interface Op permits Op.ScopeBegin, Op.ScopeEnd, Op.Submit, Op.AllocTensors, Op.AddDependency {

    /** Short name used in messages and JSON. */
    String kind();

    /**
     * Opens a scope.
     *
     * @param mode how it tracks dependencies
     */
    record ScopeBegin(ScopeMode mode) implements Op {
        /** Validates the mode. */
        public ScopeBegin {
            Objects.requireNonNull(mode, "mode");
        }

        @Override
        public String kind() {
            return "scope_begin";
        }
    }

    /** Closes the innermost scope. */
    record ScopeEnd() implements Op {
        @Override
        public String kind() {
            return "scope_end";
        }
    }

    /**
     * Submits a task (all kernel ids -1: a dummy task).
     *
     * @param kernelIds {@code [aic, aiv0, aiv1]}, -1 for unused
     * @param args tensor, output and scalar args in slot order
     * @param deps explicit dependencies
     * @param blockNum SPMD block count, >= 1
     * @param requireSyncStart whether all blocks must start together
     * @param earlyResolve the early-dispatch hint ({@code allow_early_resolve})
     */
    record Submit(int[] kernelIds, List<Arg> args, List<ExplicitDep> deps, int blockNum, boolean requireSyncStart,
            boolean earlyResolve) implements Op {
        /** Copies the arrays and lists. */
        public Submit {
            kernelIds = kernelIds.clone();
            args = List.copyOf(args);
            deps = List.copyOf(deps);
        }

        /** A copy of the kernel ids. */
        @Override
        public int[] kernelIds() {
            return kernelIds.clone();
        }

        /** Whether no kernel runs: a dependency-only task. */
        public boolean isDummy() {
            return kernelIds[0] < 0 && kernelIds[1] < 0 && kernelIds[2] < 0;
        }

        @Override
        public String kind() {
            return "submit";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Submit s && Arrays.equals(kernelIds, s.kernelIds) && args.equals(s.args)
                    && deps.equals(s.deps) && blockNum == s.blockNum && requireSyncStart == s.requireSyncStart
                    && earlyResolve == s.earlyResolve;
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(kernelIds), args, deps, blockNum, requireSyncStart, earlyResolve);
        }

        @Override
        public String toString() {
            return "Submit[kernels " + Arrays.toString(kernelIds) + ", args " + args + ", deps " + deps + ", block_num "
                    + blockNum + (requireSyncStart ? ", sync start" : "") + (earlyResolve ? ", early resolve" : "") + "]";
        }
    }

    /**
     * The hidden allocation task: materializes outputs, completes at once.
     *
     * @param outputs what to allocate
     */
    record AllocTensors(List<Arg.OutputArg> outputs) implements Op {
        /** Copies the list. */
        public AllocTensors {
            outputs = List.copyOf(outputs);
        }

        @Override
        public String kind() {
            return "alloc_tensors";
        }
    }

    /**
     * MANUAL_HYBRID only: orders two tasks of the current manual scope.
     *
     * @param producerOp op index of the producer
     * @param consumerOp op index of the consumer
     */
    record AddDependency(int producerOp, int consumerOp) implements Op {
        @Override
        public String kind() {
            return "add_dependency";
        }
    }
}
