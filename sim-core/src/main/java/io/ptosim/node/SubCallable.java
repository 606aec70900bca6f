package io.ptosim.node;

import io.ptosim.spi.HostMemory;
import io.ptosim.spi.TaskArgs;

/**
 * A SUB worker's callable (spec §1: a host function in a forked child): it reads and writes host memory
 * through its args and takes a modelled time. Throwing fails the task (the child's error code 2,
 * "raised").
 */
public interface SubCallable {
    /** A name for messages and traces. */
    String name();

    /** How long a call with {@code args} takes, in nanoseconds. */
    long durationNs(TaskArgs args);

    /** Runs it (functional runs only). */
    void run(TaskArgs args, HostMemory host);
}
