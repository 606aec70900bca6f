package io.ptosim.runtime;

import java.util.Arrays;

/**
 * Per-slot task state of every ring (spec §5), struct of arrays indexed by slot: which local id holds
 * the slot, state, fanin and fanout counters, the fanout list head (a node of some ring's dep pool),
 * the fanin edges with their flags, subtask progress, and the marks reclamation needs. A slot's fanin
 * arrays are kept from task to task and only grow: {@code faninSize} says how many edges are the
 * current task's.
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
    private static final long[] NO_IDS = new long[0];
    private static final byte[] NO_FLAGS = new byte[0];

    final int[] mask = new int[RuntimeConfig.RINGS];
    final long[][] local = new long[RuntimeConfig.RINGS][];
    final TaskState[][] state = new TaskState[RuntimeConfig.RINGS][];
    final int[][] faninCount = new int[RuntimeConfig.RINGS][];
    final int[][] faninRefcount = new int[RuntimeConfig.RINGS][];
    final long[][] fanoutCount = new long[RuntimeConfig.RINGS][];
    final long[][] fanoutRefcount = new long[RuntimeConfig.RINGS][];
    /** Fanout list head: {@code ring << 32 | node} of the consumer ring's dep pool, or NO_NODE. */
    final long[][] fanoutHead = new long[RuntimeConfig.RINGS][];
    final long[][][] fanins = new long[RuntimeConfig.RINGS][][];
    final byte[][][] faninFlags = new byte[RuntimeConfig.RINGS][][];
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
            local[r] = new long[w];
            Arrays.fill(local[r], -1);
            state[r] = new TaskState[w];
            faninCount[r] = new int[w];
            faninRefcount[r] = new int[w];
            fanoutCount[r] = new long[w];
            fanoutRefcount[r] = new long[w];
            fanoutHead[r] = new long[w];
            fanins[r] = new long[w][];
            Arrays.fill(fanins[r], NO_IDS);
            faninFlags[r] = new byte[w][];
            Arrays.fill(faninFlags[r], NO_FLAGS);
            faninSize[r] = new int[w];
            subtasksTotal[r] = new int[w];
            subtasksDone[r] = new int[w];
            depPoolMark[r] = new long[w];
            spillEnd[r] = new long[w];
            packedEnd[r] = new long[w];
            shape[r] = new TaskShape[w];
            released[r] = new boolean[w];
        }
    }

    int slot(long taskId) {
        int r = TaskId.ring(taskId);
        return (int) (TaskId.local(taskId) & mask[r]);
    }

    /** Whether the slot still holds this task (not reused by a later one). */
    boolean holds(long taskId) {
        int r = TaskId.ring(taskId);
        return local[r][slot(taskId)] == TaskId.local(taskId);
    }

    TaskState stateOf(long taskId) {
        return state[TaskId.ring(taskId)][slot(taskId)];
    }

    /** Makes room for {@code n} fanin edges in a slot, keeping the edges it holds. */
    void reserveFanins(int r, int s, int n) {
        if (fanins[r][s].length < n) {
            int capacity = Math.max(n, 4);
            fanins[r][s] = Arrays.copyOf(fanins[r][s], capacity);
            faninFlags[r][s] = Arrays.copyOf(faninFlags[r][s], capacity);
        }
    }

    /** Resets a slot for a newly allocated task. */
    void reset(long taskId, TaskShape taskShape, int subtasks) {
        int r = TaskId.ring(taskId);
        int s = slot(taskId);
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
