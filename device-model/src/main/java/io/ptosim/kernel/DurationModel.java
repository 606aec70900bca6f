package io.ptosim.kernel;

/**
 * How long a kernel block runs on its core: a fixed time, or derived from its {@link Work} through the
 * platform's per-core-type throughputs (the platform adds its fixed per-block overhead either way).
 */
public sealed interface DurationModel permits DurationModel.Fixed, DurationModel.FromWork {

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
}
