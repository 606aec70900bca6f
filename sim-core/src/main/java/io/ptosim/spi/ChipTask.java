package io.ptosim.spi;

import java.util.Objects;

/**
 * One chip task as a worker receives it: the callable by name (the endpoint resolves it to what it can
 * run), the member's args (tags already stripped, as on the wire) and the call configuration.
 *
 * @param callable the callable's name
 * @param args its tensors and scalars; tensor {@code data} are host addresses unless {@code childMemory}
 * @param config block dim, AICPU threads, profiling flags
 */
public record ChipTask(String callable, TaskArgs args, ChipCallConfig config) {
    /** Checks nothing is null. */
    public ChipTask {
        Objects.requireNonNull(callable, "callable");
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(config, "config");
    }
}
