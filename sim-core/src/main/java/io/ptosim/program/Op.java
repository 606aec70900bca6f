package io.ptosim.program;

import io.ptosim.runtime.ScopeMode;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** One orchestration step of a {@link Program}. */
public sealed interface Op
        permits Op.ScopeBegin, Op.ScopeEnd, Op.Submit, Op.AllocTensors, Op.AddDependency, Op.TensorData {

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

    /**
     * The orchestrator's blocking access to one element ({@code get_tensor_data} / {@code set_tensor_data},
     * spec §7.4): it waits until the tensor's producers are done, then touches the element at
     * {@code indices} (one per dimension of the view).
     */
    sealed interface TensorData extends Op permits GetTensorData, SetTensorData {
        /** The tensor (a view of an external buffer or of a task's output). */
        Tensor tensor();

        /** The element's index in each dimension of the view. */
        long[] indices();

        /** Whether it writes (and so also waits for the producers' consumers). */
        boolean writes();
    }

    /**
     * Reads one element once its producers completed.
     *
     * @param tensor the tensor
     * @param indices the element's index per dimension
     */
    record GetTensorData(Tensor tensor, long[] indices) implements TensorData {
        /** Copies the indices. */
        public GetTensorData {
            Objects.requireNonNull(tensor, "tensor");
            indices = indices.clone();
        }

        @Override
        public long[] indices() {
            return indices.clone();
        }

        @Override
        public boolean writes() {
            return false;
        }

        @Override
        public String kind() {
            return "get_tensor_data";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof GetTensorData g && tensor.equals(g.tensor) && Arrays.equals(indices, g.indices);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tensor, Arrays.hashCode(indices));
        }

        @Override
        public String toString() {
            return "GetTensorData[" + tensor + " at " + Arrays.toString(indices) + "]";
        }
    }

    /**
     * Writes one element once its producers completed and their consumers released them.
     *
     * @param tensor the tensor
     * @param indices the element's index per dimension
     * @param value the element's bit pattern (the low {@code dtype} bytes are written, as the runtime's
     *     {@code uint64_t} value)
     */
    record SetTensorData(Tensor tensor, long[] indices, long value) implements TensorData {
        /** Copies the indices. */
        public SetTensorData {
            Objects.requireNonNull(tensor, "tensor");
            indices = indices.clone();
        }

        @Override
        public long[] indices() {
            return indices.clone();
        }

        @Override
        public boolean writes() {
            return true;
        }

        @Override
        public String kind() {
            return "set_tensor_data";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SetTensorData w && tensor.equals(w.tensor) && Arrays.equals(indices, w.indices)
                    && value == w.value;
        }

        @Override
        public int hashCode() {
            return Objects.hash(tensor, Arrays.hashCode(indices), value);
        }

        @Override
        public String toString() {
            return "SetTensorData[" + tensor + " at " + Arrays.toString(indices) + " = " + value + "]";
        }
    }
}
