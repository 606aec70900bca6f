package io.ptosim.runtime;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * The open scopes (spec §7) and the tasks each still holds a scope reference on: a stack of frames
 * over one task list in submit order, a frame's tasks starting at its {@code start}, bounded by the
 * runtime's capacity (the sum of the task windows; the list grows to it as tasks come). Also answers,
 * in O(1), whether a task belongs to the current MANUAL_HYBRID scope.
 */
final class ScopeStack {
    private static final ScopeMode[] MODES = ScopeMode.values();

    /** A closed frame with the tasks it held, to release or to reopen when the scope end fails. */
    record Closed(ScopeMode mode, int start, long[] tasks) {
    }

    private static final String NESTED_IN_HYBRID = "nested scope inside PTO2_SCOPE(PTO2ScopeMode::MANUAL) is not"
            + " supported in v1; both MANUAL->MANUAL and MANUAL->AUTO nesting are rejected";

    /** Per open scope, outermost (the root) first: its mode's ordinal, and where its tasks start. */
    private byte[] frameMode = new byte[8];
    private int[] frameStart = new int[8];
    private int frames;
    /** Tasks the list starts with room for; it doubles as tasks come, up to the capacity. */
    private static final int INITIAL_TASKS = 64;

    private final int capacity;
    private long[] tasks;
    private int count;
    /** The depth of the outermost open MANUAL (V0) scope, or -1. */
    private int manualDepth = -1;

    /** The implicit root AUTO scope, open, with room for {@code capacity} tasks. */
    ScopeStack(int capacity) {
        this.capacity = capacity;
        tasks = new long[Math.min(capacity, INITIAL_TASKS)];
        push(ScopeMode.AUTO, 0);
    }

    private void push(ScopeMode mode, int start) {
        if (frames == frameStart.length) {
            frameMode = Arrays.copyOf(frameMode, 2 * frames);
            frameStart = Arrays.copyOf(frameStart, 2 * frames);
        }
        frameMode[frames] = (byte) mode.ordinal();
        frameStart[frames++] = start;
    }

    /** The innermost scope's mode. */
    ScopeMode innermost() {
        return MODES[frameMode[frames - 1]];
    }

    /** The current depth (0 = the implicit root scope). */
    int depth() {
        return frames - 1;
    }

    /** The ring the current scope allocates on. */
    int ring() {
        return Math.min(depth(), RuntimeConfig.RINGS - 1);
    }

    /** Whether a MANUAL (V0) scope is open at any depth: submits skip TensorMap tracking. */
    boolean inManual() {
        return manualDepth >= 0;
    }

    /** Whether the innermost scope is MANUAL_HYBRID. */
    boolean inHybrid() {
        return innermost() == ScopeMode.MANUAL_HYBRID;
    }

    /** Why a scope of {@code mode} may not open here, or null when it may. */
    String nestingError(ScopeMode mode) {
        if (inHybrid() || mode == ScopeMode.MANUAL_HYBRID && manualDepth >= 0) {
            return NESTED_IN_HYBRID;
        }
        if (mode == ScopeMode.AUTO && manualDepth >= 0) {
            return "auto scope nested inside manual scope is not supported";
        }
        return null;
    }

    /** Opens a scope (after {@link #nestingError} allowed it). */
    void open(ScopeMode mode) {
        push(mode, count);
        if (mode == ScopeMode.MANUAL && manualDepth < 0) {
            manualDepth = depth();
        }
    }

    /**
     * Closes the innermost scope and returns it with its tasks.
     *
     * @throws IllegalStateException if only the root scope is open
     */
    Closed close() {
        ScopeMode mode = innermost();
        int start = pop();
        int end = count;
        count = start;
        return new Closed(mode, start, Arrays.copyOfRange(tasks, start, end));
    }

    /**
     * Closes the innermost scope and hands each task it held to {@code release}, in submit order (no
     * copy of the list: releasing records no task).
     *
     * @throws IllegalStateException if only the root scope is open
     */
    void close(LongConsumer release) {
        int start = pop();
        int end = count;
        count = start;
        for (int i = start; i < end; i++) {
            release.accept(tasks[i]);
        }
    }

    /** Removes the innermost frame; returns where its tasks start. */
    private int pop() {
        if (frames == 1) {
            throw new IllegalStateException("endScope() without an open scope");
        }
        frames--;
        if (depth() + 1 == manualDepth) {
            manualDepth = -1;
        }
        return frameStart[frames];
    }

    /** Reopens a scope whose end failed, holding its tasks again (what a failure report shows). */
    void reopen(Closed closed) {
        push(closed.mode(), closed.start());
        count = closed.start() + closed.tasks().length;
    }

    /** Adds a task allocated in the current scope. */
    void record(long taskId) {
        if (count == tasks.length) {
            tasks = Arrays.copyOf(tasks, (int) Math.min(capacity, 2L * tasks.length));
        }
        tasks[count++] = taskId;
    }

    /** Tasks the current scope holds. */
    int heldByCurrent() {
        return count - frameStart[frames - 1];
    }

    /** Whether the task list is full. */
    boolean full() {
        return count >= capacity;
    }

    /** The task list's capacity. */
    int capacity() {
        return capacity;
    }

    /**
     * Whether {@code taskId} belongs to the current MANUAL_HYBRID scope. Nothing nests inside one, so
     * every task allocated while it is innermost is recorded in it, all on its ring, in allocation order:
     * its tasks are exactly the ids from its first to its last, a range test.
     */
    boolean inCurrentHybrid(long taskId) {
        int start = frameStart[frames - 1];
        if (start == count) {
            return false;
        }
        long first = tasks[start];
        return TaskId.ring(taskId) == TaskId.ring(first) && taskId >= first && taskId <= tasks[count - 1];
    }

    /** The depth of the open scope whose task list holds {@code taskId}, or -1. */
    int holding(long taskId) {
        for (int d = frames - 1; d >= 0; d--) {
            int end = d == frames - 1 ? count : frameStart[d + 1];
            for (int i = frameStart[d]; i < end; i++) {
                if (tasks[i] == taskId) {
                    return d;
                }
            }
        }
        return -1;
    }

    /**
     * Whether ring {@code ring}'s oldest live task {@code head} is held by the open scope at depth
     * {@code ring} (the first of that scope's tasks on the ring): then no retirement can free the ring.
     */
    boolean holdsHead(int ring, long head) {
        if (ring >= frames) {
            return false;
        }
        for (int i = frameStart[ring]; i < count; i++) {
            long t = tasks[i];
            if (TaskId.ring(t) == ring) {
                return t == head;
            }
        }
        return false;
    }
}
