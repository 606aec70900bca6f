package io.ptosim.runtime;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One {@code submit_task} call: kernels, tensor args (resolved views) and output requests in slot
 * order, explicit dependencies, and the launch spec.
 *
 * @param kernelIds {@code [aic, aiv0, aiv1]}, -1 for unused (all -1: a dummy task)
 * @param args args in slot order
 * @param deps explicit dependencies
 * @param blockNum SPMD block count
 * @param requireSyncStart whether all blocks must start together
 * @param earlyResolve the early-dispatch hint
 */
public record SubmitRequest(int[] kernelIds, List<Arg> args, List<Dep> deps, int blockNum, boolean requireSyncStart,
        boolean earlyResolve) {

    /** An arg: a tensor view with its type, or an output to allocate. */
    public sealed interface Arg permits TensorArg, OutputArg {
    }

    /**
     * A tensor arg (not OUTPUT).
     *
     * @param type how the task uses it
     * @param view the resolved view
     */
    public record TensorArg(TensorArgType type, TensorView view) implements Arg {
        /** Rejects OUTPUT, which is an {@link OutputArg}. */
        public TensorArg {
            Objects.requireNonNull(view, "view");
            if (type == TensorArgType.OUTPUT) {
                throw new IllegalArgumentException("an OUTPUT arg is an OutputArg");
            }
        }

        // Written out (the record's own go through method handles, slow until the JIT has them): a program's
        // compilation hashes every external arg of every op, mostly in a cold JVM.
        @Override
        public boolean equals(Object o) {
            return o instanceof TensorArg a && type == a.type && view.equals(a.view);
        }

        @Override
        public int hashCode() {
            return 31 * type.hashCode() + view.hashCode();
        }
    }

    /**
     * An OUTPUT arg.
     *
     * @param spec what to allocate
     * @param layout the output's view at address 0 (checked and measured once), which the runtime moves to
     *     the buffer it allocates
     */
    public record OutputArg(OutputSpec spec, TensorView layout) implements Arg {
        /** Checks that the layout is the spec's. */
        public OutputArg {
            Objects.requireNonNull(spec, "spec");
            if (layout.bufferAddr() != 0 || layout.bufferSize() != spec.paddedBytes() || layout.dtype() != spec.dtype()
                    || layout.manualDep() != spec.manualDep() || layout.ownerTaskId() != TaskId.INVALID
                    || !Arrays.equals(layout.shapeArray(), spec.shapeArray()) || !layout.isContiguous()) {
                throw new IllegalArgumentException("layout " + layout + " is not the materialized view of " + spec);
            }
        }

        /** The output {@code spec}, its layout made here. */
        public OutputArg(OutputSpec spec) {
            this(spec, TensorView.materialized(0, spec.paddedBytes(), spec, TaskId.INVALID));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof OutputArg a && spec.equals(a.spec) && layout.equals(a.layout);
        }

        @Override
        public int hashCode() {
            return 31 * spec.hashCode() + layout.hashCode();
        }
    }

    /**
     * An explicit dependency.
     *
     * @param taskId the producer
     * @param kind WAIT or WAIT_RETAIN
     */
    public record Dep(long taskId, DepKind kind) {
    }

    /** Copies the arrays and lists. */
    public SubmitRequest {
        kernelIds = kernelIds.clone();
        args = List.copyOf(args);
        deps = List.copyOf(deps);
    }

    /** A copy of the kernel ids. */
    @Override
    public int[] kernelIds() {
        return kernelIds.clone();
    }

    /** The kernel ids themselves, for the runtime, which promises not to change them. */
    int[] kernelIdArray() {
        return kernelIds;
    }
}
