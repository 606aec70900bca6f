package io.ptosim.endpoint;

import io.ptosim.spi.BackendException;
import io.ptosim.spi.BackendProvider;
import io.ptosim.spi.ChipEndpoint;
import io.ptosim.spi.EndpointContext;
import java.util.Map;
import java.util.Optional;

/** The {@code sim} backend: programs run on the simulated {@link io.ptosim.chip.Chip}, in virtual time; always available. */
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
    public Optional<String> unavailableReason(Map<String, String> settings, Map<String, String> env) {
        return Optional.empty();
    }

    /**
     * A {@link SimChipEndpoint} for {@code deviceId} on the context's platform and settings (timing only
     * when {@code node.functional} is false).
     *
     * @throws BackendException for an unknown platform or setting or a bad device id
     */
    @Override
    public ChipEndpoint openChip(int deviceId, EndpointContext context) {
        return new SimChipEndpoint(deviceId, context);
    }
}
