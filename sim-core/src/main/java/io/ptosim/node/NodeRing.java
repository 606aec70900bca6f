package io.ptosim.node;

import io.ptosim.des.EventHandle;
import io.ptosim.des.EventKind;
import io.ptosim.des.EventLoop;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The V1 L3 Ring (spec §7, same in V1 and HEAD): global task ids plus {@value #RINGS} independent heap rings,
 * one per scope depth (clamped), each a bump allocator over its own region of {@code heapBytesPerRing}
 * bytes. Ring {@code r}'s region is {@code [base + r*heap, base + (r+1)*heap)}.
 *
 * <p>The core is passive: {@link #tryAlloc} places a slab or returns null, {@link #release} retires
 * tasks. Each ring keeps its tasks in allocation order; its tail advances only over a prefix of released
 * tasks, so an out-of-order release frees nothing until every older task of that ring is released.
 *
 * <p>{@link #alloc(EventLoop, long, int, long, Consumer, Consumer)} adds the blocking allocation of the
 * orchestrator's thread in virtual time: a request that does not fit waits until a release makes room,
 * {@link #shutdown()} is called, or its timeout fires. When a release makes room, the slab is taken at once
 * inside {@link #release}, FIFO per ring, and the grant is delivered as an event at the same instant on
 * the waiter's loop; so {@code granted} never runs inside the caller of {@code release}, and nothing can
 * take the room between the release and the grant.
 */
public final class NodeRing {
    /** Heap rings ({@code MAX_RING_DEPTH}). */
    public static final int RINGS = 4;
    /** Alignment of every slab. */
    public static final int HEAP_ALIGN = 1024;
    /** The task id of {@link Allocation#INVALID}. */
    public static final int INVALID_SLOT = -1;
    /** Default bytes per ring ({@code DEFAULT_HEAP_RING_SIZE}, 1 GiB). */
    public static final long DEFAULT_HEAP_BYTES = 1L << 30;
    /** Default time a blocked alloc waits ({@code ALLOC_TIMEOUT_MS}, 10 s). */
    public static final long DEFAULT_TIMEOUT_NS = 10_000_000_000L;
    /** The kind of the event that ends a blocked alloc that waited too long. */
    public static final EventKind ALLOC_TIMEOUT_KIND = EventKind.of(0x4C33_0701, "ring-alloc-timeout");
    /** The kind of the event that delivers a blocked alloc's grant (or INVALID at shutdown). */
    public static final EventKind ALLOC_GRANT_KIND = EventKind.of(0x4C33_0702, "ring-alloc-grant");

    /**
     * One allocation: a task id and, when bytes were requested, its slab.
     *
     * @param taskId the global task id, or {@value #INVALID_SLOT} for {@link #INVALID}
     * @param ptr the slab's address, or 0 when no bytes were requested
     * @param bytes the bytes requested (the slab is that rounded up to {@value #HEAP_ALIGN})
     * @param ring the heap ring it came from
     * @param ringSlotIdx its position in that ring's allocation order, from 0 per ring
     */
    public record Allocation(int taskId, long ptr, long bytes, int ring, int ringSlotIdx) {
        /** What an alloc returns after {@link NodeRing#shutdown()}: no task, no slab. */
        public static final Allocation INVALID = new Allocation(INVALID_SLOT, 0, 0, 0, -1);

        /** Whether this is {@link #INVALID}. */
        public boolean isInvalid() {
            return taskId == INVALID_SLOT;
        }
    }

    /** One heap ring: cursors plus its tasks in allocation order. */
    private static final class Ring {
        long top;
        long tail;
        /** Tasks of this ring allocated so far, in order. */
        int count;
        /** Leading tasks of this ring released in order ({@code last_alive}). */
        int lastAlive;
        int[] taskIds = new int[16];
        long[] ends = new long[16];

        void append(int taskId, long end) {
            if (count == taskIds.length) {
                int[] ids = new int[count * 2];
                long[] e = new long[count * 2];
                System.arraycopy(taskIds, 0, ids, 0, count);
                System.arraycopy(ends, 0, e, 0, count);
                taskIds = ids;
                ends = e;
            }
            taskIds[count] = taskId;
            ends[count] = end;
            count++;
        }
    }

    /** A blocked alloc. */
    private static final class Waiter {
        final EventLoop loop;
        final long bytes;
        final int ring;
        final long timeoutNs;
        final Consumer<Allocation> granted;
        final Consumer<String> timedOut;
        EventHandle timeout;

        Waiter(EventLoop loop, long bytes, int ring, long timeoutNs, Consumer<Allocation> granted,
                Consumer<String> timedOut) {
            this.loop = loop;
            this.bytes = bytes;
            this.ring = ring;
            this.timeoutNs = timeoutNs;
            this.granted = granted;
            this.timedOut = timedOut;
        }
    }

    private final long heapBytes;
    private final long base;
    private final Ring[] rings = new Ring[RINGS];
    private final List<Waiter> waiters = new ArrayList<>();
    private int nextTaskId;
    /** Per task id: its ring and position, packed as {@code ringSlotIdx * RINGS + ring}. */
    private int[] taskPlace = new int[64];
    private boolean[] released = new boolean[64];
    private boolean shutdown;

    /**
     * A ring set with {@code heapBytesPerRing} bytes per ring from {@code baseAddress}; 0 bytes disables
     * the heaps (slot-only allocs still work).
     *
     * @throws IllegalArgumentException if the heap size is negative or not a multiple of {@value #HEAP_ALIGN};
     *     or, with heaps enabled, if the base is 0 (an address 0 means "no slab"), not aligned to
     *     {@value #HEAP_ALIGN}, or the four regions overflow the address space
     */
    public NodeRing(long heapBytesPerRing, long baseAddress) {
        if (heapBytesPerRing < 0 || heapBytesPerRing % HEAP_ALIGN != 0) {
            throw new IllegalArgumentException("heap_ring_size " + heapBytesPerRing + " bytes; expected 0 (disabled) or a"
                    + " positive multiple of " + HEAP_ALIGN);
        }
        if (heapBytesPerRing > 0) {
            if (baseAddress == 0 || baseAddress % HEAP_ALIGN != 0) {
                throw new IllegalArgumentException("heap base address 0x" + Long.toHexString(baseAddress)
                        + "; expected a non-zero multiple of " + HEAP_ALIGN + " (address 0 means no slab)");
            }
            if (baseAddress < 0 || heapBytesPerRing > (Long.MAX_VALUE - baseAddress) / RINGS) {
                throw new IllegalArgumentException("heap base 0x" + Long.toHexString(baseAddress) + " + " + RINGS + " x "
                        + heapBytesPerRing + " bytes overflows the address space");
            }
        }
        this.heapBytes = heapBytesPerRing;
        this.base = baseAddress;
        for (int r = 0; r < RINGS; r++) {
            rings[r] = new Ring();
        }
    }

    /** The heap ring of scope depth {@code depth}: clamped to {@code [0, RINGS-1]}. */
    public static int ringOf(int depth) {
        return Math.max(0, Math.min(depth, RINGS - 1));
    }

    /** {@code bytes} rounded up to {@value #HEAP_ALIGN}. */
    public static long alignUp(long bytes) {
        return (bytes + HEAP_ALIGN - 1) / HEAP_ALIGN * HEAP_ALIGN;
    }

    /** Bytes per ring; 0 when the heaps are disabled. */
    public long heapBytesPerRing() {
        return heapBytes;
    }

    /** The address where ring {@code ring}'s region starts. */
    public long ringBase(int ring) {
        checkRing(ring);
        return base + (long) ring * heapBytes;
    }

    /**
     * Allocates a task id and, when {@code bytes > 0}, a slab on the ring of {@code depth}, or returns null
     * when that would have to wait for a release. After {@link #shutdown()} returns {@link Allocation#INVALID}.
     *
     * @throws IllegalArgumentException if {@code bytes} is negative, or positive on disabled heaps, or its
     *     aligned size exceeds a ring
     */
    public Allocation tryAlloc(long bytes, int depth) {
        int r = ringOf(depth);
        checkRequest(bytes, r);
        if (shutdown) {
            return Allocation.INVALID;
        }
        long at = place(rings[r], bytes);
        return at < 0 ? null : take(r, bytes, at);
    }

    private void checkRequest(long bytes, int ring) {
        if (bytes < 0) {
            throw new NodeProgramException("alloc of " + bytes + " bytes; expected >= 0");
        }
        if (bytes > 0 && heapBytes == 0) {
            throw new NodeProgramException("heap is disabled (heap_ring_size 0) but " + bytes + " bytes were requested");
        }
        // the ring size is a multiple of HEAP_ALIGN, so align_up(bytes) > size exactly when bytes > size
        if (bytes > heapBytes) {
            throw new NodeProgramException("alloc of " + bytes + " bytes (aligned up to " + HEAP_ALIGN
                    + ") exceeds the ring size " + heapBytes + " bytes of ring " + ring);
        }
    }

    /** The offset a slab of {@code bytes} would take on {@code ring} now (the top for 0 bytes), or -1. */
    private long place(Ring ring, long bytes) {
        if (bytes == 0) {
            return ring.top;
        }
        long n = alignUp(bytes);
        if (ring.top >= ring.tail) {
            if (heapBytes - ring.top >= n) {
                return ring.top;
            }
            return ring.tail > n ? 0 : -1;
        }
        return ring.tail - ring.top > n ? ring.top : -1;
    }

    private Allocation take(int r, long bytes, long at) {
        if (nextTaskId == Integer.MAX_VALUE) {
            throw new IllegalStateException("task ids exhausted (" + Integer.MAX_VALUE + " allocated since the last reset)");
        }
        Ring ring = rings[r];
        long end = bytes == 0 ? ring.top : at + alignUp(bytes);
        ring.top = end;
        int idx = ring.count;
        int id = nextTaskId++;
        ring.append(id, end);
        if (id == taskPlace.length) {
            taskPlace = Arrays.copyOf(taskPlace, id * 2);
            released = Arrays.copyOf(released, id * 2);
        }
        taskPlace[id] = idx * RINGS + r;
        released[id] = false;
        long ptr = bytes == 0 ? 0 : base + (long) r * heapBytes + at;
        return new Allocation(id, ptr, bytes, r, idx);
    }

    /**
     * Retires task {@code taskId} (idempotent): marks it released in its ring, advances that ring's
     * in-order prefix over consecutive released tasks and moves the tail to the end of the last one passed;
     * then grants waiting allocs that now fit, in FIFO order.
     *
     * @throws IllegalArgumentException if no task with that id is allocated
     */
    public void release(int taskId) {
        if (taskId < 0 || taskId >= nextTaskId) {
            throw new IllegalArgumentException("release of task " + taskId + "; expected an allocated task id in [0, "
                    + nextTaskId + ")");
        }
        if (released[taskId]) {
            return;
        }
        released[taskId] = true;
        Ring ring = rings[taskPlace[taskId] % RINGS];
        while (ring.lastAlive < ring.count && released[ring.taskIds[ring.lastAlive]]) {
            ring.tail = ring.ends[ring.lastAlive];
            ring.lastAlive++;
        }
        grantWaiters();
    }

    /**
     * Takes a slab for waiters that now fit, in FIFO order per ring (a waiter that still does not fit holds
     * back the later ones of its ring, not those of other rings), and delivers each grant as an event.
     */
    private void grantWaiters() {
        boolean[] blocked = new boolean[RINGS];
        for (int i = 0; i < waiters.size(); ) {
            Waiter w = waiters.get(i);
            long at = blocked[w.ring] ? -1 : place(rings[w.ring], w.bytes);
            if (at < 0) {
                blocked[w.ring] = true;
                i++;
                continue;
            }
            waiters.remove(i);
            w.loop.cancel(w.timeout);
            Allocation a = take(w.ring, w.bytes, at);
            w.loop.schedule(w.loop.now(), ALLOC_GRANT_KIND, () -> w.granted.accept(a));
        }
    }

    /**
     * Allocates like {@link #tryAlloc}, blocking in virtual time on {@code loop}. If it fits now (or the ring
     * is shut down) {@code granted} runs at once, before this returns. Otherwise the request waits, FIFO,
     * with a timeout at {@code now + timeoutNs} ({@code 0} means {@link #DEFAULT_TIMEOUT_NS}): a release
     * that makes room takes its slab and delivers {@code granted} as an event at that instant;
     * {@link #shutdown()} delivers {@link Allocation#INVALID} the same way; at the timeout {@code timedOut}
     * runs with a "heap exhausted" message and the request is dropped (which lets the later waiters of its
     * ring that fit be granted).
     *
     * @throws IllegalArgumentException as {@link #tryAlloc}, or if {@code timeoutNs} is negative
     */
    public void alloc(EventLoop loop, long bytes, int depth, long timeoutNs, Consumer<Allocation> granted,
            Consumer<String> timedOut) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(granted, "granted");
        Objects.requireNonNull(timedOut, "timedOut");
        if (timeoutNs < 0) {
            throw new IllegalArgumentException("alloc timeout " + timeoutNs + " ns; expected >= 0 (0 = default "
                    + DEFAULT_TIMEOUT_NS + " ns)");
        }
        Allocation now = tryAlloc(bytes, depth);
        if (now != null) {
            granted.accept(now);
            return;
        }
        long wait = timeoutNs == 0 ? DEFAULT_TIMEOUT_NS : timeoutNs;
        Waiter w = new Waiter(loop, bytes, ringOf(depth), wait, granted, timedOut);
        waiters.add(w);
        w.timeout = loop.scheduleAfter(wait, ALLOC_TIMEOUT_KIND, () -> timeOut(w));
    }

    private void timeOut(Waiter w) {
        if (!waiters.remove(w)) {
            return;
        }
        Ring ring = rings[w.ring];
        String message = "heap exhausted: ring " + w.ring + " cannot fit " + w.bytes + " bytes (size " + heapBytes
                + ", top " + ring.top + ", tail " + ring.tail + ") after waiting " + millis(w.timeoutNs)
                + " ms; increase heap_ring_size";
        grantWaiters();
        w.timedOut.accept(message);
    }

    private static String millis(long ns) {
        return BigDecimal.valueOf(ns, 6).stripTrailingZeros().toPlainString();
    }

    /** Allocs waiting for room. */
    public int waiters() {
        return waiters.size();
    }

    /** Tasks allocated and not yet retired in order: next task id minus each ring's in-order released prefix. */
    public long activeCount() {
        long active = nextTaskId;
        for (Ring ring : rings) {
            active -= ring.lastAlive;
        }
        return active;
    }

    /** The id the next allocation takes. */
    public int nextTaskId() {
        return nextTaskId;
    }

    /** Offset in ring {@code ring} where the next slab goes (or the end of the last one). */
    public long top(int ring) {
        return checkRing(ring).top;
    }

    /** Offset in ring {@code ring} of its oldest live byte: the end of its last task retired in order. */
    public long tail(int ring) {
        return checkRing(ring).tail;
    }

    private Ring checkRing(int ring) {
        if (ring < 0 || ring >= RINGS) {
            throw new IllegalArgumentException("ring " + ring + "; expected 0 to " + (RINGS - 1));
        }
        return rings[ring];
    }

    /**
     * Restarts every ring empty at offset 0 and task ids at 0 (V1 drain, between runs).
     *
     * @throws IllegalStateException if a task is still live
     */
    public void resetToEmpty() {
        long active = activeCount();
        if (active != 0) {
            throw new IllegalStateException("reset_to_empty with " + active + " live tasks; expected every ring fully"
                    + " released");
        }
        for (int r = 0; r < RINGS; r++) {
            rings[r] = new Ring();
        }
        nextTaskId = 0;
        taskPlace = new int[64];
        released = new boolean[64];
        grantWaiters();
    }

    /** Stops the ring: later allocs return {@link Allocation#INVALID}, and so do waiting ones, as events now. */
    public void shutdown() {
        shutdown = true;
        for (Waiter w : waiters) {
            w.loop.cancel(w.timeout);
            w.loop.schedule(w.loop.now(), ALLOC_GRANT_KIND, () -> w.granted.accept(Allocation.INVALID));
        }
        waiters.clear();
    }

    /** Whether {@link #shutdown()} was called. */
    public boolean isShutdown() {
        return shutdown;
    }
}
