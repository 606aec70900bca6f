package io.ptosim.node;

import io.ptosim.des.EventLoop;
import io.ptosim.spi.ChipCallable;
import io.ptosim.spi.ChipEndpoint;
import io.ptosim.spi.ChipTask;
import io.ptosim.spi.Reply;
import io.ptosim.spi.SharedMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A chip for node tests: records every task; a task either completes after a fixed time or blocks until
 * the test calls {@link #complete} / {@link #fail}; memory calls answer after 1 µs from a bump allocator.
 */
final class MockChip implements ChipEndpoint {
    /** A callable that is just a name. */
    record Named(String name) implements ChipCallable {
    }

    private final int id;
    private final EventLoop loop;
    /** Negative: tasks block until completed by hand. */
    private final long taskNs;
    final List<ChipTask> seen = new ArrayList<>();
    final List<Long> startedAt = new ArrayList<>();
    private final List<Reply<Void>> running = new ArrayList<>();
    final TreeMap<Long, Long> allocations = new TreeMap<>();
    long allocated;
    long freed;
    private long next = 0x4000_0000L;
    /** Callables whose tasks fail with code 7. */
    final List<String> failing = new ArrayList<>();

    MockChip(int id, EventLoop loop, long taskNs) {
        this.id = id;
        this.loop = loop;
        this.taskNs = taskNs;
    }

    @Override
    public int deviceId() {
        return id;
    }

    @Override
    public void malloc(long bytes, Reply<Long> reply) {
        long p = next;
        next += (bytes + 4095) / 4096 * 4096;
        allocations.put(p, bytes);
        allocated += bytes;
        loop.scheduleAfter(1000, () -> reply.ok(p));
    }

    @Override
    public void free(long devicePtr, Reply<Void> reply) {
        Long bytes = allocations.remove(devicePtr);
        if (bytes == null) {
            loop.scheduleAfter(1000, () -> reply.failed(-1, "free of unknown 0x" + Long.toHexString(devicePtr)));
            return;
        }
        freed += bytes;
        loop.scheduleAfter(1000, () -> reply.ok(null));
    }

    @Override
    public void copyTo(long deviceDst, long hostSrc, long bytes, Reply<Void> reply) {
        loop.scheduleAfter(1000, () -> reply.ok(null));
    }

    @Override
    public void copyFrom(long hostDst, long deviceSrc, long bytes, Reply<Void> reply) {
        loop.scheduleAfter(1000, () -> reply.ok(null));
    }

    @Override
    public void mallocHostDeviceShareMem(long bytes, Reply<SharedMemory> reply) {
        long p = next;
        next += 4096;
        loop.scheduleAfter(1000, () -> reply.ok(new SharedMemory(0x7000_0000L + p, p, bytes)));
    }

    @Override
    public void freeHostDeviceShareMem(long hostPtr, Reply<Void> reply) {
        loop.scheduleAfter(1000, () -> reply.ok(null));
    }

    @Override
    public void run(ChipTask task, Reply<Void> reply) {
        seen.add(task);
        startedAt.add(loop.now());
        if (failing.contains(task.callable())) {
            loop.scheduleAfter(Math.max(taskNs, 0), () -> reply.failed(7, task.callable() + " boom"));
        } else if (taskNs >= 0) {
            loop.scheduleAfter(taskNs, () -> reply.ok(null));
        } else {
            running.add(reply);
        }
    }

    /** Tasks running (blocking mode). */
    int running() {
        return running.size();
    }

    /** Completes the oldest running task successfully. */
    void complete() {
        running.remove(0).ok(null);
    }

    /** Fails the oldest running task. */
    void fail(String message) {
        running.remove(0).failed(5, message);
    }

    /** Callable names seen, in order. */
    List<String> names() {
        return seen.stream().map(ChipTask::callable).toList();
    }

    @Override
    public void close() {
    }
}
