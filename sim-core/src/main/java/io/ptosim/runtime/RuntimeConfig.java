package io.ptosim.runtime;

import java.util.Arrays;

/**
 * Sizes of the on-chip runtime's rings and pools (spec §0, §6.5): per ring a task window (power of
 * two), a heap and a dep-list pool (also the fanin spill pool's size); the global TensorMap pool and
 * buckets; the inline fanin capacity; the ready queues and the open scopes' task list.
 *
 * @param taskWindows per ring, a power of two >= 4
 * @param heapBytes per ring, >= 1024
 * @param depPoolSizes per ring, >= 4
 * @param tensorMapPool TensorMap entries
 * @param tensorMapBuckets TensorMap buckets, a power of two
 * @param faninInline fanin edges kept inline before the spill pool
 * @param clusters AICore clusters (1 AIC + 2 AIV each): 24 on a2a3, 36 on a5; bounds sync-start blocks
 * @param readyQueueCapacity tasks each ready queue holds (65,536 in the runtime; a push beyond is lost)
 * @param scopeTasksCapacity tasks the open scopes together hold (the runtime: the sum of the task
 *     windows, which the windows' own limits keep out of reach; a smaller value makes
 *     {@code SCOPE_TASKS_OVERFLOW} reachable for what-if runs)
 * @param watermarkPublishEvery the orchestrator sees a ring's watermark move only every this many
 *     advances, or when it reaches the ring's next id, or on request (spec §9: a2a3 1, a5 16)
 * @param trackReaders the reader-tracking what-if ({@code tensorMap.trackReaders}): every INPUT is
 *     registered as a tracked reader, as if tagged {@link TensorArgType#TRACKED_INPUT}; false is the
 *     shipped runtime
 */
public record RuntimeConfig(int[] taskWindows, long[] heapBytes, int[] depPoolSizes, int tensorMapPool,
        int tensorMapBuckets, int faninInline, int clusters, int readyQueueCapacity, int scopeTasksCapacity,
        int watermarkPublishEvery, boolean trackReaders) {
    /** Rings: scope depths 0, 1, 2 and 3+. */
    public static final int RINGS = 4;

    /** The spec's defaults: windows 16384, heaps 256 MiB, dep pools 16384, TensorMap 65536 / 4096, inline 64, a2a3's 24 clusters. */
    public static final RuntimeConfig DEFAULT = uniform(16384, 256L << 20, 16384);

    /** The largest task window (2^28): the scope task list holds four windows' worth, in an int. */
    public static final int MAX_TASK_WINDOW = 1 << 28;
    /** The most clusters (three cores each, every one an array entry of the simulated chip). */
    public static final int MAX_CLUSTERS = 1 << 16;

    /** Validates the sizes and copies the arrays. */
    public RuntimeConfig {
        if (taskWindows.length != RINGS || heapBytes.length != RINGS || depPoolSizes.length != RINGS) {
            throw new IllegalArgumentException("ring sizes must list " + RINGS + " rings");
        }
        taskWindows = taskWindows.clone();
        heapBytes = heapBytes.clone();
        depPoolSizes = depPoolSizes.clone();
        for (int r = 0; r < RINGS; r++) {
            if (taskWindows[r] < 4 || taskWindows[r] > MAX_TASK_WINDOW || Integer.bitCount(taskWindows[r]) != 1) {
                throw new IllegalArgumentException("ring " + r + " task window " + taskWindows[r]
                        + "; expected a power of two from 4 to " + MAX_TASK_WINDOW);
            }
            if (heapBytes[r] < 1024) {
                throw new IllegalArgumentException("ring " + r + " heap " + heapBytes[r] + " bytes; expected >= 1024");
            }
            if (depPoolSizes[r] < 4) {
                throw new IllegalArgumentException("ring " + r + " dep pool " + depPoolSizes[r] + "; expected >= 4");
            }
        }
        if (tensorMapPool < 1) {
            throw new IllegalArgumentException("tensorMap.pool " + tensorMapPool + "; expected >= 1");
        }
        if (clusters < 1 || clusters > MAX_CLUSTERS) {
            throw new IllegalArgumentException("clusters " + clusters + "; expected 1 to " + MAX_CLUSTERS);
        }
        if (faninInline < 1) {
            throw new IllegalArgumentException("faninInline " + faninInline + "; expected >= 1");
        }
        if (readyQueueCapacity < 1) {
            throw new IllegalArgumentException("readyQueueCapacity " + readyQueueCapacity + "; expected >= 1");
        }
        if (scopeTasksCapacity < 1) {
            throw new IllegalArgumentException("scopeTasksCapacity " + scopeTasksCapacity + "; expected >= 1");
        }
        if (watermarkPublishEvery < 1) {
            throw new IllegalArgumentException("watermarkPublishEvery " + watermarkPublishEvery + "; expected >= 1");
        }
    }

    /** These sizes with the runtime's ready-queue capacity and a scope task list of the sum of the windows. */
    public RuntimeConfig(int[] taskWindows, long[] heapBytes, int[] depPoolSizes, int tensorMapPool, int tensorMapBuckets,
            int faninInline, int clusters) {
        this(taskWindows, heapBytes, depPoolSizes, tensorMapPool, tensorMapBuckets, faninInline, clusters,
                ReadyQueue.DEFAULT_CAPACITY, Arrays.stream(taskWindows).sum(), 1, false);
    }

    /** The same window, heap and dep pool on every ring, default TensorMap and inline fanin. */
    public static RuntimeConfig uniform(int window, long heap, int depPool) {
        return new RuntimeConfig(new int[] {window, window, window, window}, new long[] {heap, heap, heap, heap},
                new int[] {depPool, depPool, depPool, depPool}, 65536, 4096, 64, 24);
    }

    /** These sizes with another TensorMap pool. */
    public RuntimeConfig withTensorMapPool(int pool) {
        return new RuntimeConfig(taskWindows, heapBytes, depPoolSizes, pool, tensorMapBuckets, faninInline, clusters,
                readyQueueCapacity, scopeTasksCapacity, watermarkPublishEvery, trackReaders);
    }

    /** These sizes with another capacity per ready queue. */
    public RuntimeConfig withReadyQueueCapacity(int capacity) {
        return new RuntimeConfig(taskWindows, heapBytes, depPoolSizes, tensorMapPool, tensorMapBuckets, faninInline,
                clusters, capacity, scopeTasksCapacity, watermarkPublishEvery, trackReaders);
    }

    /** These sizes with another capacity of the open scopes' task list. */
    public RuntimeConfig withScopeTasksCapacity(int capacity) {
        return new RuntimeConfig(taskWindows, heapBytes, depPoolSizes, tensorMapPool, tensorMapBuckets, faninInline,
                clusters, readyQueueCapacity, capacity, watermarkPublishEvery, trackReaders);
    }

    /** These sizes with the watermark published every {@code every} advances (a5: 16). */
    public RuntimeConfig withWatermarkPublishEvery(int every) {
        return new RuntimeConfig(taskWindows, heapBytes, depPoolSizes, tensorMapPool, tensorMapBuckets, faninInline,
                clusters, readyQueueCapacity, scopeTasksCapacity, every, trackReaders);
    }

    /** These sizes with reader tracking on or off ({@code tensorMap.trackReaders}). */
    public RuntimeConfig withTrackReaders(boolean track) {
        return new RuntimeConfig(taskWindows, heapBytes, depPoolSizes, tensorMapPool, tensorMapBuckets, faninInline,
                clusters, readyQueueCapacity, scopeTasksCapacity, watermarkPublishEvery, track);
    }

    /** The task windows. */
    @Override
    public int[] taskWindows() {
        return taskWindows.clone();
    }

    /** The heap sizes. */
    @Override
    public long[] heapBytes() {
        return heapBytes.clone();
    }

    /** The dep pool sizes. */
    @Override
    public int[] depPoolSizes() {
        return depPoolSizes.clone();
    }

    /** The window of one ring. */
    public int window(int ring) {
        return taskWindows[ring];
    }
}
