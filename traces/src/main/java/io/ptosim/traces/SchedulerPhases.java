package io.ptosim.traces;

import io.ptosim.platform.CostModel;
import io.ptosim.runtime.RuntimeConfig;
import io.ptosim.trace.TraceEvent;
import java.util.function.Consumer;

/**
 * Scheduler phase records synthesized from the events a run has (the chip emits no phase records of
 * its own): one {@code dispatch} per batch of blocks a thread dispatches in one go (consecutive
 * dispatches of the thread, each within one dispatch cost of the last), one {@code complete} per
 * completed task and one {@code release} per released task. A record ends at its event's time and
 * starts one base cost earlier ({@code sched.dispatchNs} per batch, {@code sched.completeNs},
 * {@code sched.releaseNs}; fan-out and fan-in costs are not in the events), but never before the
 * thread's previous record ends, so one thread's records are strictly sequential. {@code loop_iter}
 * counts a new pass when the order complete, dispatch, release starts over (a lower bound: idle
 * passes leave no event); {@code pop_miss} is not modelled. It also follows the ready-queue depth the
 * records carry.
 */
final class SchedulerPhases {
    private static final int COMPLETE_RANK = 0;
    private static final int DISPATCH_RANK = 1;
    private static final int RELEASE_RANK = 2;

    private final long dispatchPs;
    private final long completePs;
    private final long releasePs;
    private final ReadyDepth depth;
    private final Lane[] lanes;
    private final Consumer<SchedulerPhase> out;

    /** One thread's records so far and its open dispatch batch. */
    private static final class Lane {
        long endPs;
        int iter;
        int rank = -1;
        boolean open;
        long batchStartPs;
        long batchEndPs;
        int blocks;
        int tasks;
        long lastTask;
        int[] sharedAtStart;
        int[] sharedAtEnd;
    }

    /** Phases of {@code threads} scheduler threads with the platform's {@code costs}, handed to {@code out}. */
    SchedulerPhases(int threads, CostModel costs, RuntimeConfig config, Consumer<SchedulerPhase> out) {
        this.dispatchPs = costs.dispatch;
        this.completePs = costs.complete;
        this.releasePs = costs.release;
        this.depth = new ReadyDepth(config);
        this.out = out;
        this.lanes = new Lane[threads];
        for (int t = 0; t < threads; t++) {
            lanes[t] = new Lane();
        }
    }

    /** The ready-queue depth as of the last event. */
    ReadyDepth depth() {
        return depth;
    }

    /**
     * Follows one event, handing on the records it closes.
     *
     * @return the ready-queue shape whose depth the event changed (an index in {@link ReadyDepth#SHAPES}), or -1
     */
    int accept(TraceEvent event) {
        switch (event) {
            case TraceEvent.Dispatched d -> {
                return dispatched(d);
            }
            case TraceEvent.Completed c -> single(lanes[c.thread()], c.thread(), SchedulerPhase.COMPLETE,
                    COMPLETE_RANK, c.timePs(), completePs);
            case TraceEvent.Released r -> single(lanes[r.thread()], r.thread(), SchedulerPhase.RELEASE, RELEASE_RANK,
                    r.timePs(), releasePs);
            default -> {
                return depth.accept(event);
            }
        }
        return -1;
    }

    /** Closes the open dispatch batches, in thread order. */
    void finish() {
        for (int t = 0; t < lanes.length; t++) {
            close(lanes[t], t);
        }
    }

    private int dispatched(TraceEvent.Dispatched d) {
        Lane lane = lanes[d.thread()];
        if (lane.open && d.timePs() - dispatchPs <= lane.batchEndPs) {
            lane.batchEndPs = Math.max(lane.batchEndPs, d.timePs());
            lane.blocks++;
            lane.tasks += d.taskId() == lane.lastTask ? 0 : 1;
        } else {
            close(lane, d.thread());
            lane.open = true;
            lane.batchStartPs = Math.max(d.timePs() - dispatchPs, lane.endPs);
            lane.batchEndPs = Math.max(d.timePs(), lane.batchStartPs);
            lane.blocks = 1;
            lane.tasks = 1;
            lane.sharedAtStart = depth.snapshot();
        }
        lane.lastTask = d.taskId();
        int changed = depth.accept(d);
        lane.sharedAtEnd = depth.snapshot();
        return changed;
    }

    private void single(Lane lane, int thread, String kind, int rank, long atPs, long costPs) {
        close(lane, thread);
        long start = Math.max(atPs - costPs, lane.endPs);
        int[] shared = depth.snapshot();
        emit(lane, new SchedulerPhase(thread, kind, start, Math.max(atPs, start), pass(lane, rank), 1, 0, shared,
                shared));
    }

    private void close(Lane lane, int thread) {
        if (lane.open) {
            lane.open = false;
            emit(lane, new SchedulerPhase(thread, SchedulerPhase.DISPATCH, lane.batchStartPs, lane.batchEndPs,
                    pass(lane, DISPATCH_RANK), lane.blocks, lane.tasks, lane.sharedAtStart, lane.sharedAtEnd));
        }
    }

    /** The pass a record of {@code rank} belongs to: a new one when it does not follow the last record's kind. */
    private static int pass(Lane lane, int rank) {
        if (rank < lane.rank || (rank == DISPATCH_RANK && lane.rank == DISPATCH_RANK) || lane.rank < 0) {
            lane.iter++;
        }
        lane.rank = rank;
        return lane.iter;
    }

    private void emit(Lane lane, SchedulerPhase phase) {
        lane.endPs = phase.endPs();
        out.accept(phase);
    }
}
