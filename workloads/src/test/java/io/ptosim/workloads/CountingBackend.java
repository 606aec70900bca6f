package io.ptosim.workloads;

import io.ptosim.endpoint.SimChipEndpoint;
import io.ptosim.spi.BackendProvider;
import io.ptosim.spi.ChipEndpoint;
import io.ptosim.spi.ChipTask;
import io.ptosim.spi.EndpointContext;
import io.ptosim.spi.Reply;
import io.ptosim.spi.SharedMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A second backend, found by {@link java.util.ServiceLoader} from this module's test resources: it
 * forwards to the sim endpoint and logs every call the node makes, so a test can select it by name and
 * see that the node reaches chips only through the {@link ChipEndpoint} SPI.
 */
public final class CountingBackend implements BackendProvider {
    /** Calls seen, as {@code device:call}, over every endpoint this provider opened. */
    static final List<String> CALLS = new ArrayList<>();

    @Override
    public String name() {
        return "counting";
    }

    @Override
    public String description() {
        return "the sim chip, logging every endpoint call (tests)";
    }

    @Override
    public Optional<String> unavailableReason(Map<String, String> settings, Map<String, String> env) {
        return Optional.empty();
    }

    @Override
    public ChipEndpoint openChip(int deviceId, EndpointContext context) {
        SimChipEndpoint sim = new SimChipEndpoint(deviceId, context);
        return new ChipEndpoint() {
            private void log(String call) {
                CALLS.add(deviceId + ":" + call);
            }

            @Override
            public int deviceId() {
                return deviceId;
            }

            @Override
            public void malloc(long bytes, Reply<Long> reply) {
                log("malloc");
                sim.malloc(bytes, reply);
            }

            @Override
            public void free(long devicePtr, Reply<Void> reply) {
                log("free");
                sim.free(devicePtr, reply);
            }

            @Override
            public void copyTo(long deviceDst, long hostSrc, long bytes, Reply<Void> reply) {
                log("copyTo");
                sim.copyTo(deviceDst, hostSrc, bytes, reply);
            }

            @Override
            public void copyFrom(long hostDst, long deviceSrc, long bytes, Reply<Void> reply) {
                log("copyFrom");
                sim.copyFrom(hostDst, deviceSrc, bytes, reply);
            }

            @Override
            public void mallocHostDeviceShareMem(long bytes, Reply<SharedMemory> reply) {
                log("mallocHostDeviceShareMem");
                sim.mallocHostDeviceShareMem(bytes, reply);
            }

            @Override
            public void freeHostDeviceShareMem(long hostPtr, Reply<Void> reply) {
                log("freeHostDeviceShareMem");
                sim.freeHostDeviceShareMem(hostPtr, reply);
            }

            @Override
            public void run(ChipTask task, Reply<Void> reply) {
                log("run " + task.callable());
                sim.run(task, reply);
            }

            @Override
            public void close() {
                log("close");
                sim.close();
            }
        };
    }
}
