package io.ptosim.kernel;

/**
 * How long a kernel block runs on its core: a fixed time, derived from its {@link Work} through the
 * platform's per-core-type throughputs, or carried by the task itself in a scalar arg (a trace-driven
 * run puts each task's recorded duration there). The platform adds its fixed per-block overhead to all.
 */
public sealed interface DurationModel permits DurationModel.Fixed, DurationModel.FromWork, DurationModel.FromScalar {

    /**
     * Every block takes the same time.
     *
     * @param nanos block duration in ns, >= 0
     */
    record Fixed(long nanos) implements DurationModel {
        /** Validates the duration. */
        public Fixed {
            if (nanos < 0) {
                throw new IllegalArgumentException("duration " + nanos + " ns; expected >= 0");
            }
        }
    }

    /**
     * Duration = flops / core throughput + bytes / core bandwidth, with the platform's figures.
     *
     * @param work the block's work
     */
    record FromWork(WorkModel work) implements DurationModel {
    }

    /**
     * Every block of a task takes the nanoseconds held in the task's scalar arg {@code index}.
     *
     * @param index which scalar, >= 0
     */
    record FromScalar(int index) implements DurationModel {
        /** Validates the index. */
        public FromScalar {
            if (index < 0) {
                throw new IllegalArgumentException("scalar index " + index + "; expected >= 0");
            }
        }
    }
}
