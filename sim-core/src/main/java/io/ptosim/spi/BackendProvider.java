package io.ptosim.spi;

import java.util.Map;
import java.util.Optional;

/**
 * A backend that runs chip programs: {@code sim} (the simulated chip, in device-model) or simpler's
 * own runtime ({@code a2a3}, {@code a5} on NPUs, {@code a2a3sim}, {@code a5sim} its CPU simulation,
 * through the hw-backend plugin). A provider opens {@link ChipEndpoint}s, one per chip, and says which
 * {@link TimeBase} their replies come on. Providers are found with {@link java.util.ServiceLoader} and
 * chosen by {@link Backends#select}.
 */
public interface BackendProvider {
    /** The name {@code --backend} takes. */
    String name();

    /** One line saying what it runs on. */
    String description();

    /** Why it cannot run on this machine (no device, no native library), or empty when it can. */
    default Optional<String> unavailableReason() {
        return unavailableReason(Map.of(), System.getenv());
    }

    /**
     * Why it cannot run here with these platform {@code settings} ({@code --set}, e.g. {@code hw.home})
     * and environment, or empty when it can.
     */
    Optional<String> unavailableReason(Map<String, String> settings, Map<String, String> env);

    /** The clock its endpoints reply on: virtual for simulated chips, real for native ones. */
    default TimeBase timeBase() {
        return TimeBase.VIRTUAL;
    }

    /**
     * Host memory the endpoints can share with the processes that run the chips, covering
     * {@code regions}; empty when the caller's own host memory will do (a simulated chip).
     */
    default Optional<HostMemory> hostMemory(java.util.List<HostRegion> regions) {
        return Optional.empty();
    }

    /**
     * Opens the chip {@code deviceId} of a node; the node's scheduler then uses it only through
     * {@link ChipEndpoint}.
     *
     * @throws BackendException if the device cannot be opened (the message says why)
     */
    ChipEndpoint openChip(int deviceId, EndpointContext context);
}
