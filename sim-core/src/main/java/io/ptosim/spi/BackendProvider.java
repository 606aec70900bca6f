package io.ptosim.spi;

import java.util.Optional;

/**
 * A backend that runs chip programs: {@code sim} (the simulated chip, in device-model) or, later, real
 * NPUs ({@code a2a3}, {@code a5} through the JNA plugin). A provider opens {@link ChipEndpoint}s, one per chip. Providers are found with
 * {@link java.util.ServiceLoader} and chosen by {@link Backends#select}.
 */
public interface BackendProvider {
    /** The name {@code --backend} takes. */
    String name();

    /** One line saying what it runs on. */
    String description();

    /** Why it cannot run on this machine (no device, no native library), or empty when it can. */
    Optional<String> unavailableReason();

    /**
     * Opens the chip {@code deviceId} of a node; the node's scheduler then uses it only through
     * {@link ChipEndpoint}.
     *
     * @throws BackendException if the device cannot be opened (the message says why)
     */
    ChipEndpoint openChip(int deviceId, EndpointContext context);
}
