package io.ptosim.spi;

import io.ptosim.des.EventLoop;
import java.util.Map;
import java.util.Objects;

/**
 * What a provider needs to open a chip endpoint for a node: the loop replies are delivered on, the
 * node's host memory, the platform name and its settings ({@code --set}), and the run's seed.
 *
 * @param loop where replies run
 * @param host the host address space copies move bytes from and to
 * @param platform the platform name ({@code a2a3}, {@code a5})
 * @param settings platform overrides, applied in order
 * @param seed the run's root seed
 */
public record EndpointContext(EventLoop loop, HostMemory host, String platform, Map<String, String> settings,
        long seed) {
    /** Checks nothing is null and copies the settings. */
    public EndpointContext {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(platform, "platform");
        settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
    }
}
