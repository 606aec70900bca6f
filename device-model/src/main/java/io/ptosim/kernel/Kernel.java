package io.ptosim.kernel;

import java.util.Objects;
import java.util.Optional;

/**
 * A kernel as the simulated chip needs it: its function id (what a submit's kernel ids name), a name,
 * the core type it runs on, how long a block takes, and optionally what it computes.
 *
 * @param funcId the function id submits use
 * @param name a short name for summaries and traces
 * @param core the core type
 * @param duration the duration model
 * @param body the functional body, or null for a timing-only kernel
 */
public record Kernel(int funcId, String name, CoreType core, DurationModel duration, KernelBody body) {
    /** Validates the fields. */
    public Kernel {
        if (funcId < 0) {
            throw new IllegalArgumentException("kernel '" + name + "' has func id " + funcId + "; expected >= 0");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(core, "core");
        Objects.requireNonNull(duration, "duration");
    }

    /** A timing-only kernel. */
    public Kernel(int funcId, String name, CoreType core, DurationModel duration) {
        this(funcId, name, core, duration, null);
    }

    /** The functional body, if any. */
    public Optional<KernelBody> functional() {
        return Optional.ofNullable(body);
    }
}
