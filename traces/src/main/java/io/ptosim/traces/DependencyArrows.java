package io.ptosim.traces;

import java.io.IOException;

/**
 * One arrow per wired dependency edge, from the producer's first slice to the consumer's first slice.
 * Edges are wired when the consumer is submitted, before it has a slice; by the time it gets one every
 * producer has completed and so has its own. The arrows wait in the consumer until then, so what is
 * kept is bounded by the live tasks. An arrow is left out when either end has no slice in the file
 * (sampled out, or over the event limit).
 */
final class DependencyArrows {
    /** Draws one arrow; false if it could not be written. */
    @FunctionalInterface
    interface Out {
        boolean arrow(PerfettoTask from, PerfettoTask to) throws IOException;
    }

    private final TaskSlots<PerfettoTask> tasks;
    private long drawn;
    private long leftOut;

    DependencyArrows(TaskSlots<PerfettoTask> tasks) {
        this.tasks = tasks;
    }

    /** Edge {@code producer -> consumer} was wired. */
    void edge(long producer, long consumer) {
        PerfettoTask c = tasks.get(consumer);
        if (c == null || c.settled) {
            leftOut++;
        } else {
            c.addProducer(producer);
        }
    }

    /** {@code task}'s first slice is on track {@code (pid, tid)} from {@code startNs}: draws its waiting arrows. */
    void firstSlice(PerfettoTask task, int pid, int tid, long startNs, Out out) throws IOException {
        if (task.settled) {
            return;
        }
        task.anchored = true;
        task.pid = pid;
        task.tid = tid;
        task.startNs = startNs;
        settle(task, out);
    }

    /** {@code task}'s first slice is not in the file: its waiting arrows are left out. */
    void noSlice(PerfettoTask task) throws IOException {
        if (!task.settled) {
            settle(task, (from, to) -> false);
        }
    }

    private void settle(PerfettoTask task, Out out) throws IOException {
        task.settled = true;
        for (int i = 0; i < task.producerCount(); i++) {
            PerfettoTask p = tasks.get(task.producer(i));
            if (task.anchored && p != null && p.anchored && out.arrow(p, task)) {
                drawn++;
            } else {
                leftOut++;
            }
        }
        task.clearProducers();
    }

    /** Arrows written. */
    long drawn() {
        return drawn;
    }

    /** Edges without an arrow. */
    long leftOut() {
        return leftOut;
    }
}
