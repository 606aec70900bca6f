package io.ptosim.endpoint;

import io.ptosim.chip.Chip;
import io.ptosim.chip.RunSummary;
import io.ptosim.des.EventKind;
import io.ptosim.des.EventLoop;
import io.ptosim.des.NamedEventKind;
import io.ptosim.memory.GlobalMemory;
import io.ptosim.platform.NodeModel;
import io.ptosim.platform.Platform;
import io.ptosim.platform.PlatformException;
import io.ptosim.program.ExternalBuffer;
import io.ptosim.program.Program;
import io.ptosim.program.ProgramException;
import io.ptosim.spi.BackendException;
import io.ptosim.spi.ChipCallable;
import io.ptosim.spi.ChipEndpoint;
import io.ptosim.spi.ChipTask;
import io.ptosim.spi.ContinuousTensor;
import io.ptosim.spi.EndpointContext;
import io.ptosim.spi.HostMemory;
import io.ptosim.spi.Reply;
import io.ptosim.spi.SharedMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One simulated chip behind the {@link ChipEndpoint} seam. It owns the chip's device memory (a
 * {@link GlobalMemory} that persists across tasks, so {@code child_memory} data written by
 * {@link #copyTo} or by an earlier task is still there), a first-fit {@link DeviceAllocator} over
 * {@code [}{@value #DEVICE_BASE}{@code , + node.deviceMemoryBytes)} with 512-byte alignment, and a
 * table of host-device shared blocks. Every reply is scheduled on the node's loop at the virtual time
 * the operation completes (never called inside the call); equal times keep call order.
 *
 * <p>Costs ({@link NodeModel}): malloc {@code node.mallocNs}, free {@code node.freeNs}, a copy
 * {@code node.copyLatencyNs + ceil(bytes / node.copyBytesPerNs)}; a chip task replies at
 * {@code now + node.launchNs + copy-in + the chip's elapsed + copy-back}, where copy-in and copy-back
 * are one copy per host tensor (the temporaries' malloc and free are part of the launch cost). A call
 * rejected for its arguments or state fails at once (at {@code now}).
 *
 * <p>Effects: allocator changes and reads of host memory happen when the call is made; writes to host
 * memory (copyFrom, a task's copy-back, shared blocks' write-back) happen when the reply is delivered.
 *
 * <p>Design: one chip runs one task at a time, and chip tasks share no state during their run except
 * through device memory the scheduler does not touch meanwhile. So running the nested chip (its own
 * {@link io.ptosim.des.Simulation} from t=0) to completion when the task starts, and scheduling its
 * completion on the node loop at start + its elapsed time, is equivalent to interleaving its events
 * with the node's in one queue, and as deterministic. Every task uses the run's seed.
 *
 * <p>Host tensors are allocated on the device, copied in, and after a successful run copied back each
 * by its own recorded (host, device, bytes) pair, then freed; {@code child_memory} tensors are used in
 * place and must lie in a live allocation (or shared block) of this device. The program's externals,
 * in order, are re-addressed to the tensors' device addresses (a copy of the program; its ops refer to
 * externals by index).
 *
 * <p>Shared memory (spec §12): a block has a host range (per device from
 * {@code 0x7000_0000_0000 + device * 2^36}, bump, 4 KiB aligned) and a device range (from
 * {@value #SHARED_DEVICE_BASE}, bump). Outside a task the host range holds the bytes (copies to or from
 * the device range go to the host range); a task sees them at the device range: every live block is
 * copied host to device when the task starts and device to host when it ends, at no cost. So the host
 * sees kernels' writes without a copy, as pinned mapped memory gives, without routing every kernel
 * access through an address translation.
 *
 * <p>Timing only ({@code functional} false, from {@code node.functional} or the constructor): no kernel
 * bodies run and no bytes move; every check and every reply time is the same.
 */
public final class SimChipEndpoint implements ChipEndpoint {
    /** The kind of every reply event on the node loop. */
    public static final EventKind REPLY = new NamedEventKind(60, "chip-reply");
    /** Lowest device address {@code malloc} hands out, 2^44 (the chip runtime's heaps lie below 2^39). */
    public static final long DEVICE_BASE = 0x1000_0000_0000L;
    /** Lowest device address of shared blocks. */
    public static final long SHARED_DEVICE_BASE = 0x2000_0000_0000L;
    /** Lowest host address of device 0's shared blocks; device d's start {@code d * 2^36} higher. */
    public static final long SHARED_HOST_BASE = 0x7000_0000_0000L;
    /** Host address span of one device's shared blocks. */
    public static final long SHARED_HOST_SPAN = 1L << 36;
    /** The code a shared-memory malloc fails with where the platform has none (CANN's "feature not supported"). */
    public static final int UNSUPPORTED = 207000;
    private static final long PAGE = 4096;
    private static final int CHUNK = 1 << 20;

    private final int deviceId;
    private final EndpointContext context;
    private final EventLoop loop;
    private final HostMemory host;
    private final Platform platform;
    private final NodeModel node;
    private final boolean functional;
    private final GlobalMemory device;
    private final DeviceAllocator allocator;
    private final TreeMap<Long, SharedMemory> sharedByHost = new TreeMap<>();
    private final TreeMap<Long, SharedMemory> sharedByDevice = new TreeMap<>();
    private long nextSharedHost;
    private long nextSharedDevice = SHARED_DEVICE_BASE;
    private RunSummary lastRun;
    private boolean closed;

    /**
     * Device {@code deviceId} of the platform {@code context} names, with its settings; functional unless
     * {@code node.functional} is false.
     *
     * @throws BackendException for an unknown platform or setting, or a bad device id or memory size
     */
    public SimChipEndpoint(int deviceId, EndpointContext context) {
        this(deviceId, context, load(context));
    }

    private SimChipEndpoint(int deviceId, EndpointContext context, Platform platform) {
        this(deviceId, context, platform, platform.node().functional());
    }

    /**
     * Device {@code deviceId} on {@code platform}; {@code functional} false makes it timing only.
     *
     * @throws BackendException for a bad device id or device memory size
     */
    public SimChipEndpoint(int deviceId, EndpointContext context, Platform platform, boolean functional) {
        if (deviceId < 0 || deviceId >= 1 << 12) {
            throw new BackendException("device id " + deviceId + "; the sim backend takes 0 to 4095");
        }
        long capacity = platform.node().deviceMemoryBytes();
        if (capacity > SHARED_DEVICE_BASE - DEVICE_BASE) {
            throw new BackendException("node.deviceMemoryBytes = " + capacity + "; the sim backend takes at most "
                    + (SHARED_DEVICE_BASE - DEVICE_BASE));
        }
        this.deviceId = deviceId;
        this.context = context;
        this.loop = context.loop();
        this.host = context.host();
        this.platform = platform;
        this.node = platform.node();
        this.functional = functional;
        this.device = functional ? new GlobalMemory() : null;
        this.allocator = new DeviceAllocator(DEVICE_BASE, capacity);
        this.nextSharedHost = SHARED_HOST_BASE + deviceId * SHARED_HOST_SPAN;
    }

    private static Platform load(EndpointContext context) {
        try {
            return Platform.load(context.platform(), context.settings());
        } catch (PlatformException e) {
            throw new BackendException(e.getMessage());
        }
    }

    @Override
    public int deviceId() {
        return deviceId;
    }

    /** Whether kernel bodies run and bytes move. */
    public boolean functional() {
        return functional;
    }

    /** Device memory bytes held by live allocations, sizes rounded to the alignment ({@code committed_device_memory}). */
    public long committedDeviceMemory() {
        return allocator.committed();
    }

    /** The summary of the last chip task whose reply was delivered, if any (for reports and traces). */
    public Optional<RunSummary> lastRun() {
        return Optional.ofNullable(lastRun);
    }

    @Override
    public void malloc(long bytes, Reply<Long> reply) {
        if (closed(reply)) {
            return;
        }
        long ptr = allocator.allocate(bytes);
        if (ptr < 0) {
            fail(reply, -1, "malloc failed on device " + deviceId + ": " + (bytes <= 0 ? bytes + " bytes requested"
                    : "no free range of " + bytes + " bytes (" + allocator.committed() + " of "
                            + allocator.capacity() + " bytes in use)"));
            return;
        }
        loop.schedule(loop.now() + node.mallocNs(), REPLY, () -> reply.ok(ptr));
    }

    @Override
    public void free(long devicePtr, Reply<Void> reply) {
        if (closed(reply)) {
            return;
        }
        if (!allocator.free(devicePtr)) {
            fail(reply, -1, "free failed on device " + deviceId + ": 0x" + Long.toHexString(devicePtr)
                    + " is not a live allocation");
            return;
        }
        loop.schedule(loop.now() + node.freeNs(), REPLY, () -> reply.ok(null));
    }

    @Override
    public void copyTo(long deviceDst, long hostSrc, long bytes, Reply<Void> reply) {
        if (closed(reply) || badRange("copyTo", deviceDst, bytes, reply)) {
            return;
        }
        if (functional) {
            SharedMemory s = shared(deviceDst, bytes);
            if (s != null) {
                transfer(host, hostSrc, host, s.hostPtr() + (deviceDst - s.devicePtr()), bytes);
            } else {
                transfer(host, hostSrc, device, deviceDst, bytes);
            }
        }
        loop.schedule(loop.now() + node.copyNs(bytes), REPLY, () -> reply.ok(null));
    }

    @Override
    public void copyFrom(long hostDst, long deviceSrc, long bytes, Reply<Void> reply) {
        if (closed(reply) || badRange("copyFrom", deviceSrc, bytes, reply)) {
            return;
        }
        SharedMemory s = shared(deviceSrc, bytes);
        loop.schedule(loop.now() + node.copyNs(bytes), REPLY, () -> {
            if (functional) {
                if (s != null) {
                    transfer(host, s.hostPtr() + (deviceSrc - s.devicePtr()), host, hostDst, bytes);
                } else {
                    transfer(device, deviceSrc, host, hostDst, bytes);
                }
            }
            reply.ok(null);
        });
    }

    @Override
    public void mallocHostDeviceShareMem(long bytes, Reply<SharedMemory> reply) {
        if (closed(reply)) {
            return;
        }
        String what = "mallocHostDeviceShareMem on device " + deviceId;
        if (bytes <= 0) {
            fail(reply, -1, what + ": size " + bytes + "; expected > 0");
            return;
        }
        if (!node.hostDeviceShareMem()) {
            fail(reply, UNSUPPORTED, what + ": unsupported on platform " + platform.name()
                    + " (node.hostDeviceShareMem = false)");
            return;
        }
        long size = (bytes + PAGE - 1) / PAGE * PAGE;
        long hostEnd = SHARED_HOST_BASE + (deviceId + 1L) * SHARED_HOST_SPAN;
        if (size > hostEnd - nextSharedHost) {
            fail(reply, -1, what + ": " + bytes + " bytes do not fit the " + (hostEnd - nextSharedHost)
                    + " bytes of host range left");
            return;
        }
        SharedMemory block = new SharedMemory(nextSharedHost, nextSharedDevice, bytes);
        nextSharedHost += size;
        nextSharedDevice += size;
        sharedByHost.put(block.hostPtr(), block);
        sharedByDevice.put(block.devicePtr(), block);
        loop.schedule(loop.now() + node.mallocNs(), REPLY, () -> reply.ok(block));
    }

    @Override
    public void freeHostDeviceShareMem(long hostPtr, Reply<Void> reply) {
        if (closed(reply)) {
            return;
        }
        if (hostPtr == 0) {
            loop.schedule(loop.now(), REPLY, () -> reply.ok(null));
            return;
        }
        SharedMemory block = sharedByHost.remove(hostPtr);
        if (block == null) {
            fail(reply, -1, "freeHostDeviceShareMem on device " + deviceId + ": host pointer 0x"
                    + Long.toHexString(hostPtr) + " is not a shared block");
            return;
        }
        sharedByDevice.remove(block.devicePtr());
        loop.schedule(loop.now() + node.freeNs(), REPLY, () -> reply.ok(null));
    }

    /** A host tensor's device copy: tensor {@code index} at host {@code host}, device {@code device}. */
    private record Pair(int index, long host, long device, long bytes) {
    }

    /**
     * A shared block as a task saw it when it started. At the task's end only the bytes its kernels changed
     * reach the host, and only if the block is still mapped, as with pinned memory: what the host wrote
     * meanwhile elsewhere in the block stays, and a failed task's partial writes show.
     */
    private record Synced(SharedMemory block, byte[] before) {
        void publishKernelWrites(GlobalMemory device, HostMemory host, Map<Long, SharedMemory> mapped) {
            if (mapped.get(block.hostPtr()) != block) {
                return;
            }
            byte[] after = new byte[before.length];
            device.readBytes(block.devicePtr(), after, 0, after.length);
            int i = 0;
            while (i < after.length) {
                if (after[i] == before[i]) {
                    i++;
                    continue;
                }
                int from = i;
                while (i < after.length && after[i] != before[i]) {
                    i++;
                }
                host.writeBytes(block.hostPtr() + from, after, from, i - from);
            }
        }
    }

    @Override
    public void run(ChipTask task, Reply<Void> reply) {
        if (closed(reply)) {
            return;
        }
        ChipCallable named = context.callables().get(task.callable());
        if (!(named instanceof SimCallable callable)) {
            fail(reply, -1, "device " + deviceId + " (sim backend) has no callable '" + task.callable()
                    + "'; it runs the node program's Java-defined callables: " + simCallables());
            return;
        }
        String what = "chip task '" + callable.name() + "' on device " + deviceId;
        List<ExternalBuffer> externals = callable.program().externals();
        List<ContinuousTensor> tensors = task.args().tensors();
        if (externals.size() != tensors.size()) {
            fail(reply, -1, what + ": the program has " + externals.size() + " external buffer(s), the task "
                    + tensors.size() + " tensor(s)");
            return;
        }
        for (int i = 0; i < tensors.size(); i++) {
            ContinuousTensor t = tensors.get(i);
            ExternalBuffer e = externals.get(i);
            if (t.nbytes() < e.sizeBytes()) {
                fail(reply, -1, what + ": tensor " + i + " has " + t.nbytes() + " bytes, external " + i + " '"
                        + e.name() + "' needs " + e.sizeBytes());
                return;
            }
            if (t.childMemory() && !allocator.contains(t.data(), t.nbytes()) && shared(t.data(), t.nbytes()) == null) {
                fail(reply, -1, what + ": tensor " + i + ": device pointer 0x" + Long.toHexString(t.data())
                        + " is not a live allocation on worker " + deviceId + " (" + t.nbytes() + " bytes)");
                return;
            }
        }
        long[] addr = new long[tensors.size()];
        List<Pair> pairs = new ArrayList<>();
        long copyIn = 0;
        for (int i = 0; i < tensors.size(); i++) {
            ContinuousTensor t = tensors.get(i);
            if (t.childMemory()) {
                addr[i] = t.data();
                continue;
            }
            long d = allocator.allocate(Math.max(1, t.nbytes()));
            if (d < 0) {
                pairs.forEach(p -> allocator.free(p.device()));
                fail(reply, -1, "malloc failed on device " + deviceId + ": " + what + ", tensor " + i + " needs "
                        + t.nbytes() + " bytes (" + allocator.committed() + " of " + allocator.capacity()
                        + " bytes in use)");
                return;
            }
            addr[i] = d;
            pairs.add(new Pair(i, t.data(), d, t.nbytes()));
            copyIn += node.copyNs(t.nbytes());
            if (functional) {
                transfer(host, t.data(), device, d, t.nbytes());
            }
        }
        List<Synced> synced = new ArrayList<>();
        if (functional) {
            for (SharedMemory s : sharedByDevice.values()) {
                byte[] before = new byte[Math.toIntExact(s.bytes())];
                host.readBytes(s.hostPtr(), before, 0, before.length);
                device.writeBytes(s.devicePtr(), before, 0, before.length);
                synced.add(new Synced(s, before));
            }
        }
        List<ExternalBuffer> moved = new ArrayList<>(externals.size());
        for (int i = 0; i < externals.size(); i++) {
            ExternalBuffer e = externals.get(i);
            moved.add(new ExternalBuffer(e.name(), addr[i], e.sizeBytes(), e.dtype()));
        }
        Program program = new Program(callable.program().name(), moved, callable.program().ops());
        long start = loop.now() + node.launchNs() + copyIn;
        RunSummary summary;
        try {
            summary = new Chip(platform, program, callable.kernels(), device, context.seed()).run();
        } catch (ProgramException e) {
            pairs.forEach(p -> allocator.free(p.device()));
            String message = what + ": " + e.getMessage();
            loop.schedule(start, REPLY, () -> reply.failed(-1, message));
            return;
        }
        boolean ok = summary.completed() && summary.errorCode() == 0;
        long copyBack = 0;
        if (ok) {
            for (Pair p : pairs) {
                copyBack += node.copyNs(p.bytes());
            }
        }
        RunSummary done = summary;
        loop.schedule(start + summary.elapsedNs() + copyBack, REPLY, () -> {
            if (ok && functional) {
                for (Pair p : pairs) {
                    transfer(device, p.device(), host, p.host(), p.bytes());
                }
            }
            for (Synced b : synced) {
                b.publishKernelWrites(device, host, sharedByHost);
            }
            pairs.forEach(p -> allocator.free(p.device()));
            lastRun = done;
            if (ok) {
                reply.ok(null);
            } else {
                reply.failed(done.errorCode() != 0 ? done.errorCode() : -1, what + " failed: " + done.error());
            }
        });
    }

    private String simCallables() {
        List<String> names = new ArrayList<>();
        context.callables().forEach((n, c) -> {
            if (c instanceof SimCallable) {
                names.add(n);
            }
        });
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    /** Later calls fail with "device D is closed"; replies already scheduled are still delivered. */
    @Override
    public void close() {
        closed = true;
    }

    private boolean closed(Reply<?> reply) {
        if (closed) {
            fail(reply, -1, "device " + deviceId + " is closed");
        }
        return closed;
    }

    private boolean badRange(String op, long devicePtr, long bytes, Reply<?> reply) {
        if (bytes < 0 || !allocator.contains(devicePtr, bytes) && shared(devicePtr, bytes) == null) {
            fail(reply, -1, op + " failed on device " + deviceId + ": [0x" + Long.toHexString(devicePtr) + ", +"
                    + bytes + ") is not inside a live allocation or shared block");
            return true;
        }
        return false;
    }

    /** The live shared block whose device range holds {@code [addr, addr + bytes)}, or null. */
    private SharedMemory shared(long addr, long bytes) {
        Map.Entry<Long, SharedMemory> e = sharedByDevice.floorEntry(addr);
        if (e == null || bytes < 0) {
            return null;
        }
        SharedMemory s = e.getValue();
        long end = s.devicePtr() + s.bytes();
        return addr < end && addr + bytes <= end ? s : null;
    }

    private void fail(Reply<?> reply, int code, String message) {
        loop.schedule(loop.now(), REPLY, () -> reply.failed(code, message));
    }

    /** Moves {@code bytes} from {@code from} at {@code src} to {@code to} at {@code dst}, a chunk at a time. */
    private static void transfer(HostMemory from, long src, HostMemory to, long dst, long bytes) {
        byte[] buffer = new byte[(int) Math.min(bytes, CHUNK)];
        for (long done = 0; done < bytes;) {
            int n = (int) Math.min(CHUNK, bytes - done);
            from.readBytes(src + done, buffer, 0, n);
            to.writeBytes(dst + done, buffer, 0, n);
            done += n;
        }
    }
}
