package io.ptosim.traces;

import io.ptosim.node.NodeObserver;
import io.ptosim.node.NodeTask;
import io.ptosim.node.WorkerType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node run's timeline as it happens, for the files that draw it ({@link NodePerfettoWriter}, the
 * report page): a slice per task member on its chip or SUB worker from dispatch to its end, an instant
 * where a task failed without running, and an arrow from each producer's last member to each
 * consumer's first. It listens as a {@link NodeObserver}.
 */
public final class NodeTimeline implements NodeObserver {
    /** {@link Slice#group}: chips. */
    public static final int CHIPS = 1;
    /** {@link Slice#group}: SUB workers. */
    public static final int SUBS = 2;
    /** {@link Slice#group}: tasks that never ran. */
    public static final int TASKS = 3;

    /**
     * One member's run, or (for an instant) a task that failed without running.
     *
     * @param group {@link #CHIPS}, {@link #SUBS} or {@link #TASKS}
     * @param worker the chip or SUB worker (0 for an instant)
     * @param name the callable, the member in a group, and the task id, e.g. "qk[1] #7"
     * @param callable the callable's name
     * @param start dispatch, ns
     * @param end end on the worker, ns (an instant: equal to start)
     * @param task the task id
     * @param code the member's status (0 ok)
     */
    public record Slice(int group, int worker, String name, String callable, long start, long end, int task,
            int code) {
    }

    /** A dependency: from the producer's last member to the consumer's first. */
    public record Arrow(Slice from, Slice to) {
    }

    private record Started(int worker, long start) {
    }

    private record Flow(Slice from, NodeTask consumer) {
    }

    private final List<Slice> slices = new ArrayList<>();
    private final List<Slice> instants = new ArrayList<>();
    private final List<Flow> flows = new ArrayList<>();
    /** Looked up only; nothing iterates them. */
    private final Map<NodeTask, Started[]> running = new IdentityHashMap<>();
    private final Map<NodeTask, Slice> firstSlice = new IdentityHashMap<>();
    private final Map<NodeTask, Slice> lastSlice = new IdentityHashMap<>();
    private int chips;
    private int subs;

    @Override
    public void dispatched(NodeTask task, int member, int worker, long atNs) {
        running.computeIfAbsent(task, t -> new Started[t.memberArgs().size()])[member] = new Started(worker, atNs);
        if (task.type() == WorkerType.NEXT_LEVEL) {
            chips = Math.max(chips, worker + 1);
        } else {
            subs = Math.max(subs, worker + 1);
        }
    }

    @Override
    public void memberEnded(NodeTask task, int member, int worker, int code, long atNs) {
        Started m = running.get(task)[member];
        String name = task.callableName() + (task.group() ? "[" + member + "]" : "") + " #" + task.id();
        Slice s = new Slice(task.type() == WorkerType.NEXT_LEVEL ? CHIPS : SUBS, worker, name, task.callableName(),
                m.start(), atNs, task.id(), code);
        slices.add(s);
        firstSlice.merge(task, s, (a, b) -> b.start() < a.start() ? b : a);
        lastSlice.merge(task, s, (a, b) -> b.end() >= a.end() ? b : a);
    }

    @Override
    public void finished(NodeTask task, long atNs) {
        running.remove(task);
        Slice from = lastSlice.remove(task);
        if (from == null) {
            if (task.error() != null) {
                instants.add(new Slice(TASKS, 0, task.callableName() + " #" + task.id() + " not run",
                        task.callableName(), atNs, atNs, task.id(), 1));
            }
            return;
        }
        for (NodeTask c : task.consumers()) {
            flows.add(new Flow(from, c));
        }
    }

    /** Members' runs, in the order they ended. */
    public List<Slice> slices() {
        return Collections.unmodifiableList(slices);
    }

    /** Tasks that failed without running, in the order they finished. */
    public List<Slice> instants() {
        return Collections.unmodifiableList(instants);
    }

    /** Dependencies whose consumer ran, in the order their producers finished. */
    public List<Arrow> arrows() {
        List<Arrow> out = new ArrayList<>();
        for (Flow f : flows) {
            Slice to = firstSlice.get(f.consumer());
            if (to != null) {
                out.add(new Arrow(f.from(), to));
            }
        }
        return out;
    }

    /** Chips that ran a member. */
    public int chips() {
        return chips;
    }

    /** SUB workers that ran a member. */
    public int subs() {
        return subs;
    }
}
