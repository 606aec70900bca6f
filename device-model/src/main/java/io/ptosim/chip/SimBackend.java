package io.ptosim.chip;

import io.ptosim.spi.BackendException;
import io.ptosim.spi.BackendProvider;
import io.ptosim.spi.ChipEndpoint;
import io.ptosim.spi.EndpointContext;
import java.util.Optional;

/** The {@code sim} backend: programs run on the simulated {@link Chip}, in virtual time; always available. */
public final class SimBackend implements BackendProvider {
    /** Its name. */
    public static final String NAME = "sim";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "the simulated chip (a2a3, a5 platform files), deterministic virtual time";
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public ChipEndpoint openChip(int deviceId, EndpointContext context) {
        throw new BackendException("the sim backend's chip endpoint is not built yet");
    }
}
