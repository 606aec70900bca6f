package io.ptosim.spi;

import io.ptosim.des.EventLoop;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a provider needs to open a chip endpoint for a node: the loop replies are delivered on, the
 * node's host memory, the platform name and its settings ({@code --set}), the run's seed, and the
 * callable definitions the node program brings, by name (a backend uses those it can run and
 * resolves other names itself).
 *
 * @param loop where replies run
 * @param host the host address space copies move bytes from and to
 * @param platform the platform name ({@code a2a3}, {@code a5})
 * @param settings platform overrides, applied in order
 * @param seed the run's root seed
 * @param callables the program's callable definitions by name (read when a task runs, not copied)
 */
public record EndpointContext(EventLoop loop, HostMemory host, String platform, Map<String, String> settings,
        long seed, Map<String, ChipCallable> callables) {
    /** Checks nothing is null; copies the settings (in their order) and keeps a read-only view of the callables. */
    public EndpointContext {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(platform, "platform");
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        callables = Collections.unmodifiableMap(callables);
    }

    /** A context with no callable definitions. */
    public EndpointContext(EventLoop loop, HostMemory host, String platform, Map<String, String> settings, long seed) {
        this(loop, host, platform, settings, seed, Map.of());
    }
}
