package io.ptosim.traces;

import io.ptosim.runtime.RuntimeConfig;
import io.ptosim.runtime.TaskShape;
import io.ptosim.trace.TraceEvent;

/**
 * The depth of the shared ready queues per shape ({@code [AIC, AIV, MIX]}, the order of the runtime's
 * {@code shared_at_start}) as the event stream shows it: a task counts from its {@code Ready} event
 * until its last block is dispatched (an SPMD task stays queued while blocks are left). Dependency-only
 * tasks are not counted. Events arrive in emission order, so a depth read between two events of
 * different threads may run a scheduler step ahead of virtual time.
 */
final class ReadyDepth {
    /** The shapes counted, in file order. */
    static final TaskShape[] SHAPES = {TaskShape.AIC, TaskShape.AIV, TaskShape.MIX};

    private final int[] depth = new int[SHAPES.length];
    private final TaskSlots<Queued> tasks;

    /** What a submitted task needs for the count. */
    private static final class Queued {
        final int shape;
        final int lastBlock;
        boolean dequeued;

        Queued(int shape, int lastBlock) {
            this.shape = shape;
            this.lastBlock = lastBlock;
        }
    }

    ReadyDepth(RuntimeConfig config) {
        this.tasks = new TaskSlots<>(config);
    }

    /**
     * Follows one event.
     *
     * @return the index in {@link #SHAPES} whose depth it changed, or -1
     */
    int accept(TraceEvent event) {
        switch (event) {
            case TraceEvent.Submitted s -> {
                TaskShape shape = TaskShape.of(new int[] {s.kernelAic(), s.kernelAiv0(), s.kernelAiv1()});
                if (shape != TaskShape.DUMMY) {
                    tasks.put(s.taskId(), new Queued(shape.ordinal(), s.blockNum() - 1));
                }
                return -1;
            }
            case TraceEvent.Ready r -> {
                Queued q = tasks.get(r.taskId());
                if (q == null) {
                    return -1;
                }
                depth[q.shape]++;
                return q.shape;
            }
            case TraceEvent.Dispatched d -> {
                Queued q = tasks.get(d.taskId());
                if (q == null || q.dequeued || d.block() != q.lastBlock) {
                    return -1;
                }
                q.dequeued = true;
                depth[q.shape]--;
                return q.shape;
            }
            default -> {
                return -1;
            }
        }
    }

    /** The depth of shape {@code i} (an index in {@link #SHAPES}). */
    int depth(int i) {
        return depth[i];
    }

    /** The three depths now. */
    int[] snapshot() {
        return depth.clone();
    }
}
