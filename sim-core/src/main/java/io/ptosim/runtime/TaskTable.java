package io.ptosim.runtime;

import java.util.Arrays;

/**
 * Per-slot task state of every ring (spec §5), struct of arrays: which local id holds the slot, state,
 * fanin and fanout counters, the fanout list head (a node of some ring's dep pool), the fanin edges with
 * their flags, subtask progress, and the marks reclamation needs. A slot's first {@value #INLINE_FANINS}
 * fanin edges live in flat per-ring arrays ({@code INLINE_FANINS} entries per slot), so a submit
 * allocates nothing for them; further edges go to a per-slot overflow array that is kept from task to
 * task and only grows. {@code faninSize} says how many edges are the current task's.
 *
 * <p>The task state is kept for the ring's latest tasks only, in a table of {@code mask + 1} slots that
 * covers every task from the ring's watermark to its newest (it grows when that span outgrows it, up to
 * the window): a run whose 30 live tasks sweep a window of 16,384 slots keeps 64 slots in cache instead
 * of 2 MB. A task behind the watermark is CONSUMED for good, and what the window would still say of it
 * is answered without its slot: it {@linkplain #holds holds} its window slot until the task a window
 * later is allocated, and its state there is CONSUMED. Its counters and edges are gone ({@link #kept}
 * says whether a task's are here); nothing the runtime decides reads them, since a consumer's release of
 * a pin on a CONSUMED producer changes nothing. The marks ({@code depPoolMark}, {@code spillEnd},
 * {@code packedEnd}), which reclamation reads for tasks behind the watermark, stay indexed by window slot
 * ({@link #mark}), so a slot's mark is its latest task's, as on the device.
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
    /**
     * Slots a ring's arrays start with: the task-state table grows fourfold when the span from the
     * watermark outgrows it, the marks when {@link #reset} reaches their end.
     */
    private static final int INITIAL_SLOTS = 64;

    /** Per ring: slots of the task-state table, minus one (a power of two, at most the window). */
    final int[] mask = new int[RuntimeConfig.RINGS];
    /** Per ring: the window minus one; a mark's index is {@code local & windowMask}. */
    private final int[] windowMask = new int[RuntimeConfig.RINGS];
    /** Per ring: the newest local id allocated, -1 before the first. */
    private final long[] newest = new long[RuntimeConfig.RINGS];
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
            windowMask[r] = w - 1;
            newest[r] = -1;
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
            shape[r] = new TaskShape[0];
            released[r] = new boolean[0];
            depPoolMark[r] = new long[0];
            spillEnd[r] = new long[0];
            packedEnd[r] = new long[0];
            resize(r, Math.min(w, INITIAL_SLOTS));
            growMarks(r, Math.min(w, INITIAL_SLOTS));
        }
    }

    /**
     * Makes ring {@code r}'s task-state table {@code n} slots (a power of two at least the span of the tasks
     * it holds), moving each task it holds to its slot in the new size; new slots hold no task.
     */
    private void resize(int r, int n) {
        long[] oldLocal = local[r];
        TaskState[] oldState = state[r];
        int[] oldFaninCount = faninCount[r];
        int[] oldFaninRefcount = faninRefcount[r];
        long[] oldFanoutCount = fanoutCount[r];
        long[] oldFanoutRefcount = fanoutRefcount[r];
        long[] oldFanoutHead = fanoutHead[r];
        long[] oldInlineIds = inlineIds[r];
        byte[] oldInlineFlags = inlineFlags[r];
        long[][] oldMoreIds = moreIds[r];
        byte[][] oldMoreFlags = moreFlags[r];
        int[] oldFaninSize = faninSize[r];
        int[] oldSubtasksTotal = subtasksTotal[r];
        int[] oldSubtasksDone = subtasksDone[r];
        TaskShape[] oldShape = shape[r];
        boolean[] oldReleased = released[r];
        local[r] = new long[n];
        Arrays.fill(local[r], -1);
        state[r] = new TaskState[n];
        faninCount[r] = new int[n];
        faninRefcount[r] = new int[n];
        fanoutCount[r] = new long[n];
        fanoutRefcount[r] = new long[n];
        fanoutHead[r] = new long[n];
        inlineIds[r] = new long[n * INLINE_FANINS];
        inlineFlags[r] = new byte[n * INLINE_FANINS];
        moreIds[r] = new long[n][];
        Arrays.fill(moreIds[r], NO_IDS);
        moreFlags[r] = new byte[n][];
        Arrays.fill(moreFlags[r], NO_FLAGS);
        faninSize[r] = new int[n];
        subtasksTotal[r] = new int[n];
        subtasksDone[r] = new int[n];
        shape[r] = new TaskShape[n];
        released[r] = new boolean[n];
        mask[r] = n - 1;
        for (int o = 0; o < oldLocal.length; o++) {
            if (oldLocal[o] < 0) {
                continue;
            }
            int s = (int) (oldLocal[o] & (n - 1));
            local[r][s] = oldLocal[o];
            state[r][s] = oldState[o];
            faninCount[r][s] = oldFaninCount[o];
            faninRefcount[r][s] = oldFaninRefcount[o];
            fanoutCount[r][s] = oldFanoutCount[o];
            fanoutRefcount[r][s] = oldFanoutRefcount[o];
            fanoutHead[r][s] = oldFanoutHead[o];
            System.arraycopy(oldInlineIds, o * INLINE_FANINS, inlineIds[r], s * INLINE_FANINS, INLINE_FANINS);
            System.arraycopy(oldInlineFlags, o * INLINE_FANINS, inlineFlags[r], s * INLINE_FANINS, INLINE_FANINS);
            moreIds[r][s] = oldMoreIds[o];
            moreFlags[r][s] = oldMoreFlags[o];
            faninSize[r][s] = oldFaninSize[o];
            subtasksTotal[r][s] = oldSubtasksTotal[o];
            subtasksDone[r][s] = oldSubtasksDone[o];
            shape[r][s] = oldShape[o];
            released[r][s] = oldReleased[o];
        }
    }

    /** Grows ring {@code r}'s marks to {@code n} window slots. */
    private void growMarks(int r, int n) {
        depPoolMark[r] = Arrays.copyOf(depPoolMark[r], n);
        spillEnd[r] = Arrays.copyOf(spillEnd[r], n);
        packedEnd[r] = Arrays.copyOf(packedEnd[r], n);
    }

    /** The task-state slot of a task this table {@linkplain #kept keeps}. */
    int slot(long taskId) {
        int r = TaskId.ring(taskId);
        return (int) (TaskId.local(taskId) & mask[r]);
    }

    /** The window slot of ring {@code r}'s task {@code local}, where its marks are. */
    int mark(int r, long local) {
        return (int) (local & windowMask[r]);
    }

    /** The window slot of a task, where its marks are. */
    int mark(long taskId) {
        return mark(TaskId.ring(taskId), TaskId.local(taskId));
    }

    /**
     * Whether the task still holds its window slot: it was allocated, and the task a window later was
     * not (yet).
     */
    boolean holds(long taskId) {
        int r = TaskId.ring(taskId);
        long l = TaskId.local(taskId);
        return l >= 0 && l <= newest[r] && newest[r] - l <= windowMask[r];
    }

    /** Whether this table keeps the task's state, counters and edges (every task from the watermark on). */
    boolean kept(long taskId) {
        int r = TaskId.ring(taskId);
        long l = TaskId.local(taskId);
        return local[r][(int) (l & mask[r])] == l;
    }

    /**
     * The state of a task that {@linkplain #holds holds} its slot: its own while kept, else CONSUMED
     * (the table covers every task from the watermark on).
     */
    TaskState stateOf(long taskId) {
        int r = TaskId.ring(taskId);
        long l = TaskId.local(taskId);
        int s = (int) (l & mask[r]);
        return local[r][s] == l ? state[r][s] : TaskState.CONSUMED;
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

    /**
     * Resets a slot for a newly allocated task (the ring's next local id), growing the table so that it
     * still keeps every task from {@code watermark} on, and the marks to the task's window slot.
     */
    void reset(long taskId, TaskShape taskShape, int subtasks, long watermark) {
        int r = TaskId.ring(taskId);
        long l = TaskId.local(taskId);
        int m = mark(r, l);
        if (m >= packedEnd[r].length) {
            growMarks(r, Math.min(windowMask[r] + 1, Math.max(4 * packedEnd[r].length, m + 1)));
        }
        long span = l - watermark + 1;
        if (span > mask[r] + 1) {
            int n = mask[r] + 1;
            while (n < span) {
                n *= 4;
            }
            resize(r, Math.min(windowMask[r] + 1, n));
        }
        newest[r] = l;
        int s = (int) (l & mask[r]);
        local[r][s] = l;
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
