package io.ptosim.node;

import io.ptosim.runtime.DataType;
import io.ptosim.spi.ChipCallConfig;
import io.ptosim.spi.ChipCallable;
import io.ptosim.spi.ContinuousTensorDescriptor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One step of a node orchestration (spec §3.1), in the order the user's function would call it.
 * Submits build the DAG; memory ops on a child run outside it (spec §3.5); {@link Drain} ends a run.
 */
public sealed interface NodeOp {

    /**
     * {@code submit_next_level} (one member) or {@code submit_next_level_group}.
     *
     * @param callable what each member runs on its chip
     * @param members the members' args, one for a single task
     * @param workers per member, the worker it must run on or −1 for any
     * @param config the call configuration
     * @param group whether it is a group (a single-member group is still a group)
     */
    record SubmitChip(ChipCallable callable, List<NodeMember> members, int[] workers, ChipCallConfig config,
            boolean group) implements NodeOp {
        /** Checks the shape of the call. */
        public SubmitChip {
            Objects.requireNonNull(callable, "callable");
            Objects.requireNonNull(config, "config");
            members = List.copyOf(members);
            workers = workers.clone();
            if (members.isEmpty()) {
                throw new IllegalArgumentException("submit of '" + callable.name() + "' has no member");
            }
            if (workers.length != members.size()) {
                throw new IllegalArgumentException("submit of '" + callable.name() + "': " + workers.length
                        + " worker id(s) for " + members.size() + " member(s); expected one per member");
            }
        }

        /** A copy of the per-member affinities. */
        @Override
        public int[] workers() {
            return workers.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SubmitChip s && callable.equals(s.callable) && members.equals(s.members)
                    && Arrays.equals(workers, s.workers) && config.equals(s.config) && group == s.group;
        }

        @Override
        public int hashCode() {
            return Objects.hash(callable, members, Arrays.hashCode(workers), config, group);
        }

        @Override
        public String toString() {
            return (group ? "submit_next_level_group " : "submit_next_level ") + callable.name() + " "
                    + members + " workers=" + Arrays.toString(workers);
        }
    }

    /**
     * {@code submit_sub} (one member) or {@code submit_sub_group}: host callables on SUB workers, no
     * affinity.
     */
    record SubmitSub(SubCallable callable, List<NodeMember> members, boolean group) implements NodeOp {
        /** Checks the shape of the call. */
        public SubmitSub {
            Objects.requireNonNull(callable, "callable");
            members = List.copyOf(members);
            if (members.isEmpty()) {
                throw new IllegalArgumentException("submit_sub of '" + callable.name() + "' has no member");
            }
        }
    }

    /** {@code alloc(shape, dtype)}: a host slab from the heap ring, bound to {@code result}. */
    record Alloc(Ptr.Handle result, int[] shape, DataType dtype) implements NodeOp {
        /** Copies the shape. */
        public Alloc {
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(dtype, "dtype");
            if (shape.length < 1 || shape.length > ContinuousTensorDescriptor.MAX_DIMS) {
                throw new IllegalArgumentException("alloc of " + shape.length + " dimensions; expected 1 to "
                        + ContinuousTensorDescriptor.MAX_DIMS);
            }
            shape = shape.clone();
        }

        /** A copy of the shape. */
        @Override
        public int[] shape() {
            return shape.clone();
        }
    }

    /** {@code malloc(worker, size)}: device memory on a child, bound to {@code result}. */
    record Malloc(Ptr.Handle result, int worker, long bytes) implements NodeOp {
    }

    /** {@code free(worker, ptr)}. */
    record Free(int worker, Ptr ptr) implements NodeOp {
    }

    /** {@code copy_to(worker, dst_dev, src_host, n)}. */
    record CopyTo(int worker, Ptr deviceDst, Ptr hostSrc, long bytes) implements NodeOp {
    }

    /** {@code copy_from(worker, dst_host, src_dev, n)}. */
    record CopyFrom(int worker, Ptr hostDst, Ptr deviceSrc, long bytes) implements NodeOp {
    }

    /** {@code mallocHostDeviceShareMem} on a worker's chip: binds the host and the device pointer. */
    record ShareMemMalloc(Ptr.Handle host, Ptr.Handle device, int worker, long bytes) implements NodeOp {
    }

    /** {@code freeHostDeviceShareMem} by host pointer. */
    record ShareMemFree(int worker, Ptr host) implements NodeOp {
    }

    /** {@code scope_begin}. */
    record ScopeBegin() implements NodeOp {
    }

    /** {@code scope_end}. */
    record ScopeEnd() implements NodeOp {
    }

    /**
     * The end of a run ({@code Worker.run}'s {@code finally}): closes the run's outer scope, waits until
     * every task is consumed, resets the ring, and opens the next run. Any user scope still open is an
     * error. A run that failed (a task's error or the orchestration's own exception, after which the ops
     * up to this drain are skipped) ends the program, its error propagating to the user's script, unless
     * {@code continueAfterFailure}: then the program's result keeps the error, as when the script catches
     * {@code run()}'s exception, and the next run starts clean with a new id.
     *
     * @param continueAfterFailure whether a failed run lets the program go on
     */
    record Drain(boolean continueAfterFailure) implements NodeOp {
        /** A drain after which a failed run ends the program. */
        public Drain() {
            this(false);
        }
    }
}
