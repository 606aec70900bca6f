package io.ptosim.runtime;

import java.util.Arrays;

/**
 * The runtime's TensorMap (spec §2): the registered writes that later readers look up. Entries live
 * in a fixed pool (struct of arrays, LIFO free list; the geometry the overlap test reads is copied into
 * primitive arrays, as the runtime copies the tensor into the entry) and sit on two doubly linked chains, newest
 * first: their bucket's (keyed by buffer address only) and their producer task's (indexed by ring and
 * slot). Tracked reads (the reader-tracking what-if, {@link TensorArgType#TRACKED_INPUT}) share the pool
 * and the task chains but hang from bucket heads of their own, so a lookup of writes never walks them and
 * a map without readers works exactly as before. An entry is stale once its producer's local id falls below its ring's validity watermark;
 * lookups skip stale entries, {@link #syncValidity} cleans them up every 64 retired tasks (or when a
 * slot comes round again), and the caller checks {@link #freeEntries()} before inserting (back-pressure).
 */
public final class TensorMap implements TensorMapModel {
    /** Rings (scope depths 0..3). */
    public static final int RINGS = 4;
    /** Retired tasks between cleanups. */
    public static final int CLEANUP_INTERVAL = 64;

    private long visited;
    private static final int NONE = -1;

    private final int bucketBits;
    private final int[] bucketHead;
    /** Heads of the reader chains, per bucket; allocated by the first {@link #insertReader}. */
    private int[] readerHead;
    private int readers;
    private final int[][] taskHead;
    private final int[] windowMask = new int[RINGS];

    private long[] addr = {};
    private long[] producer = {};
    /** The registered view, read only to report a hit; the overlap test reads the primitive copies below. */
    private TensorView[] view = {};
    private long[] start = {};
    private long[] extent = {};
    private int[] version = {};
    private DataType[] dtype = {};
    private byte[] ndims = {};
    /** Per entry {@code MAX_DIMS} slots of shape, strides and grid origin ({@link RowMajorBox}). */
    private int[] shapes = {};
    private long[] strides = {};
    private long[] origins = {};
    private boolean[] onGrid = {};
    private boolean[] reader = {};
    private int[] bucketNext = {};
    private int[] bucketPrev = {};
    private int[] taskNext = {};
    private int[] taskPrev = {};
    private int[] bucketOfEntry = {};
    private int[] freeList = {};
    private int freeCount;
    private int next;
    /** The pool's size; the arrays grow to it on demand (doubling), so a map that stays small stays cheap. */
    private final int poolSize;
    private static final int INITIAL_ENTRIES = 128;
    /** Slots a ring's per-task chain heads start with; they double as producers reach their end (to the window). */
    private static final int INITIAL_SLOTS = 64;

    private final long[] validity = new long[RINGS];
    private final long[] lastCleanup = new long[RINGS];

    /**
     * A map with {@code numBuckets} buckets (a power of two), {@code poolSize} entries, and per-ring task
     * windows (powers of two) that index the per-task chains.
     *
     * @throws IllegalArgumentException if a size is not a positive power of two
     */
    public TensorMap(int numBuckets, int poolSize, int[] taskWindows) {
        requirePowerOfTwo("numBuckets", numBuckets);
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be >= 1, got " + poolSize);
        }
        if (taskWindows.length != RINGS) {
            throw new IllegalArgumentException("need " + RINGS + " task windows, got " + taskWindows.length);
        }
        this.bucketBits = Integer.numberOfTrailingZeros(numBuckets);
        this.bucketHead = new int[numBuckets];
        Arrays.fill(bucketHead, NONE);
        this.taskHead = new int[RINGS][];
        for (int r = 0; r < RINGS; r++) {
            requirePowerOfTwo("task window of ring " + r, taskWindows[r]);
            taskHead[r] = new int[Math.min(taskWindows[r], INITIAL_SLOTS)];
            Arrays.fill(taskHead[r], NONE);
            windowMask[r] = taskWindows[r] - 1;
        }
        this.poolSize = poolSize;
        resize(Math.min(poolSize, INITIAL_ENTRIES));
    }

    /** Makes room for {@code entries} entries, keeping the ones held. */
    private void resize(int entries) {
        int d = TensorView.MAX_DIMS;
        addr = Arrays.copyOf(addr, entries);
        producer = Arrays.copyOf(producer, entries);
        view = Arrays.copyOf(view, entries);
        start = Arrays.copyOf(start, entries);
        extent = Arrays.copyOf(extent, entries);
        version = Arrays.copyOf(version, entries);
        dtype = Arrays.copyOf(dtype, entries);
        ndims = Arrays.copyOf(ndims, entries);
        shapes = Arrays.copyOf(shapes, entries * d);
        strides = Arrays.copyOf(strides, entries * d);
        origins = Arrays.copyOf(origins, entries * d);
        onGrid = Arrays.copyOf(onGrid, entries);
        reader = Arrays.copyOf(reader, entries);
        bucketNext = Arrays.copyOf(bucketNext, entries);
        bucketPrev = Arrays.copyOf(bucketPrev, entries);
        taskNext = Arrays.copyOf(taskNext, entries);
        taskPrev = Arrays.copyOf(taskPrev, entries);
        bucketOfEntry = Arrays.copyOf(bucketOfEntry, entries);
        freeList = Arrays.copyOf(freeList, entries);
    }

    private static void requirePowerOfTwo(String what, int n) {
        if (n < 1 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException(what + " must be a power of two, got " + n);
        }
    }

    /** The bucket of an address: {@code (addr * 0x9E3779B97F4A7C15) >>> (64 - log2(buckets))}. */
    public int bucketOf(long address) {
        return bucketBits == 0 ? 0 : (int) ((address * 0x9E3779B97F4A7C15L) >>> (64 - bucketBits));
    }

    /** Entries that may still be allocated. */
    public int freeEntries() {
        return freeCount + (poolSize - next);
    }

    /** Entries in use. */
    public int used() {
        return next - freeCount;
    }

    /** The validity watermark of a ring: producers with a lower local id are stale. */
    public long validity(int ring) {
        return validity[ring];
    }

    /**
     * Registers {@code v} as written by {@code producerTaskId}, at the head of both chains.
     *
     * @return the entry index
     * @throws IllegalStateException if the pool is exhausted (the runtime's assertion; callers check
     *     {@link #freeEntries()} first)
     */
    @Override
    public int insert(TensorView v, long producerTaskId) {
        return add(v, producerTaskId, false);
    }

    /**
     * Registers {@code v} as read by {@code readerTaskId} (a tracked reader), at the head of its bucket's
     * reader chain and its task's chain.
     *
     * @return the entry index
     * @throws IllegalStateException if the pool is exhausted
     */
    @Override
    public int insertReader(TensorView v, long readerTaskId) {
        if (readerHead == null) {
            readerHead = new int[bucketHead.length];
            Arrays.fill(readerHead, NONE);
        }
        readers++;
        return add(v, readerTaskId, true);
    }

    /** Reader entries in use (live or stale, not yet freed). */
    public int readers() {
        return readers;
    }

    private int add(TensorView v, long producerTaskId, boolean isReader) {
        int e;
        if (freeCount > 0) {
            e = freeList[--freeCount];
        } else if (next < poolSize) {
            if (next == addr.length) {
                resize((int) Math.min(poolSize, 2L * addr.length));
            }
            e = next++;
        } else {
            throw new IllegalStateException("TensorMap entry pool exhausted (" + poolSize + " entries)");
        }
        addr[e] = v.bufferAddr();
        producer[e] = producerTaskId;
        view[e] = v;
        start[e] = v.startOffset();
        extent[e] = v.extent();
        version[e] = v.version();
        dtype[e] = v.dtype();
        int n = v.ndims();
        ndims[e] = (byte) n;
        System.arraycopy(v.shapeArray(), 0, shapes, e * TensorView.MAX_DIMS, n);
        System.arraycopy(v.strideArray(), 0, strides, e * TensorView.MAX_DIMS, n);
        RowMajorBox box = v.box();
        onGrid[e] = box.onStrideGrid();
        box.copyOrigins(origins, e * TensorView.MAX_DIMS);
        reader[e] = isReader;
        int[] heads = isReader ? readerHead : bucketHead;
        int b = bucketOf(v.bufferAddr());
        bucketOfEntry[e] = b;
        bucketPrev[e] = NONE;
        bucketNext[e] = heads[b];
        if (heads[b] != NONE) {
            bucketPrev[heads[b]] = e;
        }
        heads[b] = e;
        int ring = TaskId.ring(producerTaskId);
        int slot = (int) (TaskId.local(producerTaskId) & windowMask[ring]);
        if (slot >= taskHead[ring].length) {
            int old = taskHead[ring].length;
            int grown = Math.min(windowMask[ring] + 1, Math.max(2 * old, slot + 1));
            taskHead[ring] = Arrays.copyOf(taskHead[ring], grown);
            Arrays.fill(taskHead[ring], old, taskHead[ring].length, NONE);
        }
        taskPrev[e] = NONE;
        taskNext[e] = taskHead[ring][slot];
        if (taskHead[ring][slot] != NONE) {
            taskPrev[taskHead[ring][slot]] = e;
        }
        taskHead[ring][slot] = e;
        return e;
    }

    /** Chain entries lookups have visited (a measure of lookup work for timing models). */
    public long entriesVisited() {
        return visited;
    }

    /**
     * Reports every live entry with the probe's address whose overlap is not NO_OVERLAP, newest first.
     * The callback may {@link #remove} the entry it is given.
     */
    @Override
    public void lookup(TensorView probe, Hits hits) {
        scan(probe, bucketHead, hits);
    }

    /**
     * Reports every live reader entry with the probe's address whose overlap is not NO_OVERLAP, newest
     * first. The callback may {@link #remove} the entry it is given.
     */
    @Override
    public void lookupReaders(TensorView probe, Hits hits) {
        if (readers > 0) {
            scan(probe, readerHead, hits);
        }
    }

    private void scan(TensorView probe, int[] heads, Hits hits) {
        long a = probe.bufferAddr();
        int e = heads[bucketOf(a)];
        RowMajorBox box = null;
        while (e != NONE) {
            visited++;
            int following = bucketNext[e];
            if (addr[e] == a && !isStale(e)) {
                if (box == null) {
                    box = probe.box();
                }
                Overlap o = box.classify(probe, version[e], dtype[e], ndims[e], start[e], extent[e], onGrid[e], shapes,
                        strides, origins, e * TensorView.MAX_DIMS);
                if (o != Overlap.NO_OVERLAP) {
                    hits.hit(e, producer[e], view[e], o);
                }
            }
            e = following;
        }
    }

    private boolean isStale(int e) {
        long p = producer[e];
        return TaskId.local(p) < validity[TaskId.ring(p)];
    }

    /** Unlinks an entry from both chains and returns it to the free list. */
    @Override
    public void remove(int e) {
        int b = bucketOfEntry[e];
        if (bucketPrev[e] != NONE) {
            bucketNext[bucketPrev[e]] = bucketNext[e];
        } else if (reader[e]) {
            readerHead[b] = bucketNext[e];
        } else {
            bucketHead[b] = bucketNext[e];
        }
        if (reader[e]) {
            readers--;
        }
        if (bucketNext[e] != NONE) {
            bucketPrev[bucketNext[e]] = bucketPrev[e];
        }
        int ring = TaskId.ring(producer[e]);
        int slot = (int) (TaskId.local(producer[e]) & windowMask[ring]);
        if (taskPrev[e] != NONE) {
            taskNext[taskPrev[e]] = taskNext[e];
        } else {
            taskHead[ring][slot] = taskNext[e];
        }
        if (taskNext[e] != NONE) {
            taskPrev[taskNext[e]] = taskPrev[e];
        }
        view[e] = null;
        freeList[freeCount++] = e;
    }

    /**
     * {@code sync_tensormap} at a submit of {@code taskId}: records its ring's watermark and, every 64
     * retired tasks or when the new task's slot is the cleanup cursor's, frees the entries of the tasks
     * retired since the last cleanup.
     */
    public void syncValidity(long taskId, long watermark) {
        int ring = TaskId.ring(taskId);
        validity[ring] = watermark;
        long slot = TaskId.local(taskId) & windowMask[ring];
        if (watermark - lastCleanup[ring] >= CLEANUP_INTERVAL || slot == (lastCleanup[ring] & windowMask[ring])) {
            cleanupRetired(ring, lastCleanup[ring], watermark);
            lastCleanup[ring] = watermark;
        }
    }

    /**
     * Frees, for every local id in {@code [from, to)} of {@code ring}, the entries on its slot's chain
     * whose producer is exactly that task (a later task reusing the slot keeps its entries).
     *
     * @return entries freed
     */
    public int cleanupRetired(int ring, long from, long to) {
        int freed = 0;
        for (long local = from; local < to; local++) {
            long id = TaskId.of(ring, local);
            int slot = (int) (local & windowMask[ring]);
            int e = slot < taskHead[ring].length ? taskHead[ring][slot] : NONE;
            while (e != NONE) {
                int following = taskNext[e];
                if (producer[e] == id) {
                    remove(e);
                    freed++;
                }
                e = following;
            }
        }
        return freed;
    }

    /** Whether entry {@code e} is allocated (not on the free list). */
    boolean holds(int e) {
        return e >= 0 && e < next && view[e] != null;
    }

    /** Back-pressure reclaim: records a ring's watermark and frees every entry retired since the last cleanup. */
    public void reclaim(int ring, long watermark) {
        validity[ring] = watermark;
        cleanupRetired(ring, lastCleanup[ring], watermark);
        lastCleanup[ring] = Math.max(lastCleanup[ring], watermark);
    }

    /** Sets a ring's watermark without cleaning up (a lookup after a retirement the map has not seen). */
    public void setValidity(int ring, long watermark) {
        validity[ring] = watermark;
    }
}
