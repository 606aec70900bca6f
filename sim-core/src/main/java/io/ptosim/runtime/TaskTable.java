package io.ptosim.runtime;

import java.util.Arrays;

/**
 * Per-slot task state of every ring (spec §5), struct of arrays indexed by slot: which local id holds
 * the slot, state, fanin and fanout counters, the fanout list head (a node of some ring's dep pool),
 * the fanin edges with their flags, subtask progress, and the marks reclamation needs. A slot's first
 * {@value #INLINE_FANINS} fanin edges live in flat per-ring arrays ({@code INLINE_FANINS} entries per
 * slot), so a submit allocates nothing for them; further edges go to a per-slot overflow array that is
 * kept from task to task and only grows. {@code faninSize} says how many edges are the current task's.
 * The arrays grow with the slots used (slots are taken in order until the window wraps), up to the
 * window, so a small run pays for the slots it takes, not for whole windows.
 */
final class TaskTable {
    /** The scope's reference in {@code fanout_count} / {@code fanout_refcount}. */
    static final long SCOPE_BIT = 0x8000_0000L;
    /** Fanin edge flag: the consumer waits for the producer. */
    static final byte WAIT = 1;
    /** Fanin edge flag: the consumer holds the producer's slot until it releases. */
    static final byte RETAIN = 2;
    /** No fanout node. */
    static final long NO_NODE = -1;
    /** Fanin edges a slot holds in the flat arrays; most tasks have fewer. */
    static final int INLINE_FANINS = 4;
    private static final long[] NO_IDS = new long[0];
    private static final byte[] NO_FLAGS = new byte[0];
    /** Slots a ring's arrays start with; they grow fourfold as {@link #reset} reaches their end. */
    private static final int INITIAL_SLOTS = 64;

    final int[] mask = new int[RuntimeConfig.RINGS];
    final long[][] local = new long[RuntimeConfig.RINGS][];
    final TaskState[][] state = new TaskState[RuntimeConfig.RINGS][];
    final int[][] faninCount = new int[RuntimeConfig.RINGS][];
    final int[][] faninRefcount = new int[RuntimeConfig.RINGS][];
    final long[][] fanoutCount = new long[RuntimeConfig.RINGS][];
    final long[][] fanoutRefcount = new long[RuntimeConfig.RINGS][];
    /** Fanout list head: {@code ring << 32 | node} of the consumer ring's dep pool, or NO_NODE. */
    final long[][] fanoutHead = new long[RuntimeConfig.RINGS][];
    /** Per ring: the first {@link #INLINE_FANINS} fanin producers of each slot, slot-major. */
    private final long[][] inlineIds = new long[RuntimeConfig.RINGS][];
    private final byte[][] inlineFlags = new byte[RuntimeConfig.RINGS][];
    /** Per ring and slot: fanin edges from the {@link #INLINE_FANINS}-th on. */
    private final long[][][] moreIds = new long[RuntimeConfig.RINGS][][];
    private final byte[][][] moreFlags = new byte[RuntimeConfig.RINGS][][];
    final int[][] faninSize = new int[RuntimeConfig.RINGS][];
    final int[][] subtasksTotal = new int[RuntimeConfig.RINGS][];
    final int[][] subtasksDone = new int[RuntimeConfig.RINGS][];
    final long[][] depPoolMark = new long[RuntimeConfig.RINGS][];
    final long[][] spillEnd = new long[RuntimeConfig.RINGS][];
    final long[][] packedEnd = new long[RuntimeConfig.RINGS][];
    final TaskShape[][] shape = new TaskShape[RuntimeConfig.RINGS][];
    /** Whether the task's own {@code on_task_release} ran (alloc tasks: at once). */
    final boolean[][] released = new boolean[RuntimeConfig.RINGS][];

    TaskTable(RuntimeConfig config) {
        for (int r = 0; r < RuntimeConfig.RINGS; r++) {
            int w = config.window(r);
            mask[r] = w - 1;
            local[r] = new long[0];
            state[r] = new TaskState[0];
            faninCount[r] = new int[0];
            faninRefcount[r] = new int[0];
            fanoutCount[r] = new long[0];
            fanoutRefcount[r] = new long[0];
            fanoutHead[r] = new long[0];
            inlineIds[r] = new long[0];
            inlineFlags[r] = new byte[0];
            moreIds[r] = new long[0][];
            moreFlags[r] = new byte[0][];
            faninSize[r] = new int[0];
            subtasksTotal[r] = new int[0];
            subtasksDone[r] = new int[0];
            depPoolMark[r] = new long[0];
            spillEnd[r] = new long[0];
            packedEnd[r] = new long[0];
            shape[r] = new TaskShape[0];
            released[r] = new boolean[0];
            grow(r, Math.min(w, INITIAL_SLOTS));
        }
    }

    /** Grows ring {@code r}'s arrays to {@code n} slots; new slots hold no task. */
    private void grow(int r, int n) {
        int old = local[r].length;
        local[r] = Arrays.copyOf(local[r], n);
        Arrays.fill(local[r], old, n, -1);
        state[r] = Arrays.copyOf(state[r], n);
        faninCount[r] = Arrays.copyOf(faninCount[r], n);
        faninRefcount[r] = Arrays.copyOf(faninRefcount[r], n);
        fanoutCount[r] = Arrays.copyOf(fanoutCount[r], n);
        fanoutRefcount[r] = Arrays.copyOf(fanoutRefcount[r], n);
        fanoutHead[r] = Arrays.copyOf(fanoutHead[r], n);
        inlineIds[r] = Arrays.copyOf(inlineIds[r], n * INLINE_FANINS);
        inlineFlags[r] = Arrays.copyOf(inlineFlags[r], n * INLINE_FANINS);
        moreIds[r] = Arrays.copyOf(moreIds[r], n);
        Arrays.fill(moreIds[r], old, n, NO_IDS);
        moreFlags[r] = Arrays.copyOf(moreFlags[r], n);
        Arrays.fill(moreFlags[r], old, n, NO_FLAGS);
        faninSize[r] = Arrays.copyOf(faninSize[r], n);
        subtasksTotal[r] = Arrays.copyOf(subtasksTotal[r], n);
        subtasksDone[r] = Arrays.copyOf(subtasksDone[r], n);
        depPoolMark[r] = Arrays.copyOf(depPoolMark[r], n);
        spillEnd[r] = Arrays.copyOf(spillEnd[r], n);
        packedEnd[r] = Arrays.copyOf(packedEnd[r], n);
        shape[r] = Arrays.copyOf(shape[r], n);
        released[r] = Arrays.copyOf(released[r], n);
    }

    int slot(long taskId) {
        int r = TaskId.ring(taskId);
        return (int) (TaskId.local(taskId) & mask[r]);
    }

    /** Whether the slot still holds this task (not reused by a later one). */
    boolean holds(long taskId) {
        int r = TaskId.ring(taskId);
        int s = slot(taskId);
        return s < local[r].length && local[r][s] == TaskId.local(taskId);
    }

    /** The state in the task's slot (null if no task ever took it). */
    TaskState stateOf(long taskId) {
        int r = TaskId.ring(taskId);
        int s = slot(taskId);
        return s < state[r].length ? state[r][s] : null;
    }

    /** Makes room for {@code n} fanin edges in a slot, keeping the edges it holds. */
    void reserveFanins(int r, int s, int n) {
        int more = n - INLINE_FANINS;
        if (more > moreIds[r][s].length) {
            int capacity = Math.max(more, INLINE_FANINS);
            moreIds[r][s] = Arrays.copyOf(moreIds[r][s], capacity);
            moreFlags[r][s] = Arrays.copyOf(moreFlags[r][s], capacity);
        }
    }

    /** The producer of fanin edge {@code k} of slot {@code s} of ring {@code r}. */
    long faninId(int r, int s, int k) {
        return k < INLINE_FANINS ? inlineIds[r][s * INLINE_FANINS + k] : moreIds[r][s][k - INLINE_FANINS];
    }

    /** The {@link #WAIT} / {@link #RETAIN} flags of fanin edge {@code k}. */
    byte faninFlags(int r, int s, int k) {
        return k < INLINE_FANINS ? inlineFlags[r][s * INLINE_FANINS + k] : moreFlags[r][s][k - INLINE_FANINS];
    }

    /** Sets fanin edge {@code k} of a slot, which {@link #reserveFanins} made room for. */
    void setFanin(int r, int s, int k, long producer, byte flags) {
        if (k < INLINE_FANINS) {
            inlineIds[r][s * INLINE_FANINS + k] = producer;
            inlineFlags[r][s * INLINE_FANINS + k] = flags;
        } else {
            moreIds[r][s][k - INLINE_FANINS] = producer;
            moreFlags[r][s][k - INLINE_FANINS] = flags;
        }
    }

    /** Resets a slot for a newly allocated task, growing the ring's arrays to hold it. */
    void reset(long taskId, TaskShape taskShape, int subtasks) {
        int r = TaskId.ring(taskId);
        int s = slot(taskId);
        if (s >= local[r].length) {
            grow(r, Math.min(mask[r] + 1, Math.max(4 * local[r].length, s + 1)));
        }
        local[r][s] = TaskId.local(taskId);
        state[r][s] = TaskState.PENDING;
        faninCount[r][s] = 0;
        faninRefcount[r][s] = 0;
        fanoutCount[r][s] = SCOPE_BIT;
        fanoutRefcount[r][s] = 0;
        fanoutHead[r][s] = NO_NODE;
        faninSize[r][s] = 0;
        subtasksTotal[r][s] = subtasks;
        subtasksDone[r][s] = 0;
        shape[r][s] = taskShape;
        released[r][s] = false;
    }
}
