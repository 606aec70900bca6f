package io.ptosim.runtime;

/**
 * The most of each ring resource a run ever held (its high-water marks), noted after every allocation:
 * per ring the live tasks of its window, its heap bytes and the dep-list nodes its unretired tasks hold,
 * and the TensorMap's entries. The dep pool reclaims lazily (only when short, 64 retirements at a time),
 * so its raw fill says little; the nodes held by tasks not yet retired are what it must hold. The
 * TensorMap figure is its pool's fill, including retired tasks' entries its 64-retirement cleanup has not
 * freed yet.
 */
public final class PeakUse {
    private final long[] live = new long[RuntimeConfig.RINGS];
    private final long[] heapBytes = new long[RuntimeConfig.RINGS];
    private final long[] depPoolNodes = new long[RuntimeConfig.RINGS];
    private long tensorMapEntries;

    /** Notes ring {@code ring}'s use and the TensorMap's after an allocation. */
    void note(int ring, long liveTasks, long heapUsed, long depHeld, long tensorMapUsed) {
        live[ring] = Math.max(live[ring], liveTasks);
        heapBytes[ring] = Math.max(heapBytes[ring], heapUsed);
        depPoolNodes[ring] = Math.max(depPoolNodes[ring], depHeld);
        tensorMapEntries = Math.max(tensorMapEntries, tensorMapUsed);
    }

    /** Peak live tasks of a ring's window. */
    public long live(int ring) {
        return live[ring];
    }

    /** Peak heap bytes in use on a ring. */
    public long heapBytes(int ring) {
        return heapBytes[ring];
    }

    /** Peak dep-list nodes held by a ring's unretired tasks. */
    public long depPoolNodes(int ring) {
        return depPoolNodes[ring];
    }

    /** Peak TensorMap pool entries in use. */
    public long tensorMapEntries() {
        return tensorMapEntries;
    }
}
