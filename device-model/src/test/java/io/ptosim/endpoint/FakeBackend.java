package io.ptosim.endpoint;

import io.ptosim.spi.BackendProvider;
import io.ptosim.spi.ChipEndpoint;
import io.ptosim.spi.ChipTask;
import io.ptosim.spi.EndpointContext;
import io.ptosim.spi.Reply;
import io.ptosim.spi.SharedMemory;
import java.util.Map;
import java.util.Optional;

/**
 * A second provider, registered in the test resources: a chip whose malloc hands out 4 KiB pages after 1 ns;
 * unavailable when the setting {@code fake.missing} names what it lacks.
 */
public final class FakeBackend implements BackendProvider {
    @Override
    public String name() {
        return "fake";
    }

    @Override
    public String description() {
        return "a test double";
    }

    /** Available unless {@code --set fake.missing=WHAT} says what is missing. */
    @Override
    public Optional<String> unavailableReason(Map<String, String> settings, Map<String, String> env) {
        return Optional.ofNullable(settings.get("fake.missing")).map(what -> "no " + what + " here");
    }

    @Override
    public ChipEndpoint openChip(int deviceId, EndpointContext context) {
        return new ChipEndpoint() {
            private long next = 0x1000;

            @Override
            public int deviceId() {
                return deviceId;
            }

            @Override
            public void malloc(long bytes, Reply<Long> reply) {
                long ptr = next;
                next += 0x1000;
                context.loop().scheduleAfter(1, () -> reply.ok(ptr));
            }

            @Override
            public void free(long devicePtr, Reply<Void> reply) {
                refuse(reply);
            }

            @Override
            public void copyTo(long deviceDst, long hostSrc, long bytes, Reply<Void> reply) {
                refuse(reply);
            }

            @Override
            public void copyFrom(long hostDst, long deviceSrc, long bytes, Reply<Void> reply) {
                refuse(reply);
            }

            @Override
            public void mallocHostDeviceShareMem(long bytes, Reply<SharedMemory> reply) {
                refuse(reply);
            }

            @Override
            public void freeHostDeviceShareMem(long hostPtr, Reply<Void> reply) {
                refuse(reply);
            }

            @Override
            public void run(ChipTask task, Reply<Void> reply) {
                refuse(reply);
            }

            @Override
            public void close() {
            }

            private void refuse(Reply<?> reply) {
                context.loop().scheduleAfter(1, () -> reply.failed(-1, "fake"));
            }
        };
    }
}
