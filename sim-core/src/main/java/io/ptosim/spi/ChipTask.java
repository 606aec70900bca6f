package io.ptosim.spi;

import io.ptosim.node.ChipCallConfig;
import io.ptosim.node.TaskArgs;
import java.util.Objects;

/**
 * One chip task as a worker receives it: the callable, the member's args (tags already stripped, as on
 * the wire) and the call configuration.
 *
 * @param callable what runs
 * @param args its tensors and scalars; tensor {@code data} are host addresses unless {@code childMemory}
 * @param config block dim, AICPU threads, profiling flags
 */
public record ChipTask(ChipCallable callable, TaskArgs args, ChipCallConfig config) {
    /** Checks nothing is null. */
    public ChipTask {
        Objects.requireNonNull(callable, "callable");
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(config, "config");
    }
}
