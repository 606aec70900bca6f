package io.ptosim.hw;

import io.ptosim.hw.abi.HostRuntimeLibraries;
import io.ptosim.spi.BackendProvider;
import io.ptosim.spi.ChipEndpoint;
import io.ptosim.spi.EndpointContext;
import io.ptosim.spi.HostMemory;
import io.ptosim.spi.HostRegion;
import io.ptosim.spi.TimeBase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A backend that runs chip tasks on simpler's own host runtime: on NPUs ({@code a2a3}, {@code a5}) or on
 * its CPU simulation of them ({@code a2a3sim}, {@code a5sim}, same C API). It needs {@code hw.home}
 * (or {@code PTOSIM_HW_HOME}) to name simpler's build; each chip is a {@link NativeChipEndpoint} with a
 * worker process of its own, replies come in real time, and host memory is a file shared with the
 * workers.
 */
public abstract class NativeBackend implements BackendProvider {
    private final String name;
    private final String description;

    /** A backend {@code name} ({@code a2a3}, {@code a5sim}, ...), described by {@code description}. */
    protected NativeBackend(String name, String description) {
        this.name = name;
        this.description = description;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final TimeBase timeBase() {
        return TimeBase.REAL;
    }

    /** The message for a missing {@code hw.home}. */
    static String noHome() {
        return HwSettings.HOME + " is not set: --set " + HwSettings.HOME + "=DIR (or " + HwSettings.HOME_ENV
                + "=DIR) names simpler's build (a checkout with build/lib, or the simpler-sim script's work folder)";
    }

    @Override
    public final Optional<String> unavailableReason(Map<String, String> settings, Map<String, String> env) {
        Optional<Path> home = HwSettings.of(settings, env).home();
        if (home.isEmpty()) {
            return Optional.of(noHome());
        }
        HostRuntimeLibraries.Located located = HostRuntimeLibraries.locate(name, home.get());
        return located.found() ? Optional.empty() : Optional.of(located.reason());
    }

    @Override
    public final Optional<HostMemory> hostMemory(List<HostRegion> regions) {
        return Optional.of(MappedHostMemory.create(HwSettings.sharedFolder(), regions));
    }

    @Override
    public final ChipEndpoint openChip(int deviceId, EndpointContext context) {
        return NativeChipEndpoint.open(name, deviceId, context, HwSettings.of(context.settings(), System.getenv()));
    }
}
