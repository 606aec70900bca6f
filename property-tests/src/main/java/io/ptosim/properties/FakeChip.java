package io.ptosim.properties;

import io.ptosim.des.EventLoop;
import io.ptosim.des.RandomStreams;
import io.ptosim.spi.ChipEndpoint;
import io.ptosim.spi.ChipTask;
import io.ptosim.spi.Reply;
import io.ptosim.spi.SharedMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A chip for node properties: a task takes a duration drawn from the seed, the callable's name and how
 * often this chip ran it (so removing other ops does not change it), half of them short (0.2–2.2 µs) and
 * half long (1–81 µs); tasks of the failing callables fail
 * with code 7. {@code malloc} is first-fit over freed blocks, then bump, from {@link #DEVICE_BASE} on every
 * chip (so two chips hand out the same addresses); it counts bytes allocated and freed. A task started
 * while another runs is recorded as an overlap. Every call answers through the loop.
 */
public final class FakeChip implements ChipEndpoint {
    /** Where every fake chip's device memory starts. */
    public static final long DEVICE_BASE = 0x4000_0000L;
    private static final long ALIGN = 256;
    private static final long CALL_NS = 700;

    private final int id;
    private final EventLoop loop;
    private final long seed;
    private final Set<String> failing;
    /** Live blocks: address to bytes asked for. */
    private final TreeMap<Long, Long> live = new TreeMap<>();
    /** Free blocks: address to size. */
    private final TreeMap<Long, Long> holes = new TreeMap<>();
    private final Map<String, Integer> runsOf = new TreeMap<>();
    private long top = DEVICE_BASE;
    private long allocated;
    private long freed;
    private boolean running;
    private final List<String> overlaps = new ArrayList<>();
    private final List<String> ran = new ArrayList<>();

    /** Chip {@code id} on {@code loop}; durations from {@code seed}; fails the tasks of {@code failing}. */
    public FakeChip(int id, EventLoop loop, long seed, Set<String> failing) {
        this.id = id;
        this.loop = loop;
        this.seed = seed;
        this.failing = Set.copyOf(failing);
    }

    @Override
    public int deviceId() {
        return id;
    }

    /** Bytes handed out by {@code malloc}. */
    public long allocated() {
        return allocated;
    }

    /** Bytes returned by {@code free}. */
    public long freed() {
        return freed;
    }

    /** Tasks started while another one ran on this chip. */
    public List<String> overlaps() {
        return List.copyOf(overlaps);
    }

    /** Callable names of the tasks this chip ran, in order. */
    public List<String> ran() {
        return List.copyOf(ran);
    }

    @Override
    public void malloc(long bytes, Reply<Long> reply) {
        long size = Math.max(ALIGN, (bytes + ALIGN - 1) / ALIGN * ALIGN);
        long at = -1;
        for (Map.Entry<Long, Long> h : holes.entrySet()) {
            if (h.getValue() >= size) {
                at = h.getKey();
                break;
            }
        }
        if (at >= 0) {
            long hole = holes.remove(at);
            if (hole > size) {
                holes.put(at + size, hole - size);
            }
        } else {
            at = top;
            top += size;
        }
        live.put(at, bytes);
        allocated += bytes;
        long ptr = at;
        loop.scheduleAfter(CALL_NS, () -> reply.ok(ptr));
    }

    @Override
    public void free(long devicePtr, Reply<Void> reply) {
        Long bytes = live.remove(devicePtr);
        if (bytes == null) {
            loop.scheduleAfter(CALL_NS, () -> reply.failed(-1, "chip " + id + ": free of 0x"
                    + Long.toHexString(devicePtr) + ", which is not allocated"));
            return;
        }
        holes.put(devicePtr, Math.max(ALIGN, (bytes + ALIGN - 1) / ALIGN * ALIGN));
        freed += bytes;
        loop.scheduleAfter(CALL_NS, () -> reply.ok(null));
    }

    @Override
    public void copyTo(long deviceDst, long hostSrc, long bytes, Reply<Void> reply) {
        loop.scheduleAfter(CALL_NS + bytes, () -> reply.ok(null));
    }

    @Override
    public void copyFrom(long hostDst, long deviceSrc, long bytes, Reply<Void> reply) {
        loop.scheduleAfter(CALL_NS + bytes, () -> reply.ok(null));
    }

    @Override
    public void mallocHostDeviceShareMem(long bytes, Reply<SharedMemory> reply) {
        loop.scheduleAfter(CALL_NS, () -> reply.failed(-2, "the fake chip has no shared memory"));
    }

    @Override
    public void freeHostDeviceShareMem(long hostPtr, Reply<Void> reply) {
        loop.scheduleAfter(CALL_NS, () -> reply.ok(null));
    }

    @Override
    public void run(ChipTask task, Reply<Void> reply) {
        String name = task.callable();
        if (running) {
            overlaps.add(name + " at " + loop.now());
        }
        running = true;
        ran.add(name);
        int n = runsOf.merge(name, 1, Integer::sum);
        long h = RandomStreams.seedOf(seed, name + "#" + n);
        long ns = (h & 1) == 0 ? 200 + Math.floorMod(h >> 1, 2_000L) : 1_000 + Math.floorMod(h >> 1, 80_000L);
        boolean fails = failing.contains(name);
        loop.scheduleAfter(ns, () -> {
            running = false;
            if (fails) {
                reply.failed(7, name + " failed on chip " + id + " (injected)");
            } else {
                reply.ok(null);
            }
        });
    }

    @Override
    public void close() {
    }
}
