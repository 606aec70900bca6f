package io.ptosim.traces;

import io.ptosim.node.NodeObserver;
import io.ptosim.node.NodeTask;
import io.ptosim.node.WorkerType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node run's timeline as Chrome trace-event JSON (Perfetto): one track per chip and per SUB worker
 * with a slice per task member from dispatch to its end on the worker, an instant where a task failed
 * without running, and an arrow from each producer's last member to each consumer's first. It listens
 * as a {@link NodeObserver} and writes when {@link #write} is called, through a temporary file moved
 * into place, so a failed write leaves nothing half-written.
 */
public final class NodePerfettoWriter implements NodeObserver {
    private static final int CHIPS = 1;
    private static final int SUBS = 2;
    private static final int TASKS = 3;

    private record Slice(int pid, int tid, String name, long start, long end, int task, int code) {
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
        Slice s = new Slice(task.type() == WorkerType.NEXT_LEVEL ? CHIPS : SUBS, worker, name, m.start(), atNs,
                task.id(), code);
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
                instants.add(new Slice(TASKS, 0, task.callableName() + " #" + task.id() + " not run", atNs, atNs,
                        task.id(), 1));
            }
            return;
        }
        for (NodeTask c : task.consumers()) {
            flows.add(new Flow(from, c));
        }
    }

    /**
     * Writes the timeline to {@code target}.
     *
     * @param title what ran (workload, policy, mode), for the metadata
     * @throws UncheckedIOException if the file cannot be written (nothing is left at {@code target})
     */
    public void write(Path target, String title) {
        AtomicFile file = new AtomicFile(target);
        OutputStream out = null;
        try {
            out = file.open();
            TraceEventJson json = new TraceEventJson(out);
            json.process(CHIPS, "chips", 0);
            for (int i = 0; i < chips; i++) {
                json.thread(CHIPS, i, "chip " + i, i);
            }
            if (subs > 0) {
                json.process(SUBS, "sub workers", 1);
                for (int i = 0; i < subs; i++) {
                    json.thread(SUBS, i, "sub " + i, i);
                }
            }
            if (!instants.isEmpty()) {
                json.process(TASKS, "tasks", 2);
                json.thread(TASKS, 0, "never dispatched", 0);
            }
            for (Slice s : slices) {
                json.slice(s.pid(), s.tid(), s.code() == 0 ? "task" : "failed", s.name(), s.start(), s.end(),
                        g -> {
                            g.writeNumberField("task", s.task());
                            g.writeNumberField("code", s.code());
                        });
            }
            for (Slice s : instants) {
                json.instant(s.pid(), s.tid(), "failed", s.name(), "t", s.start(), g -> g.writeNumberField("task",
                        s.task()));
            }
            long id = 0;
            for (Flow f : flows) {
                Slice to = firstSlice.get(f.consumer());
                if (to != null) {
                    long at = Math.max(f.from().start(), f.from().end() - 1);
                    json.flow(id++, "dep", f.from().pid(), f.from().tid(), at, to.pid(), to.tid(), to.start());
                }
            }
            long arrows = id;
            json.finish(g -> {
                g.writeStringField("ptosim", title);
                g.writeNumberField("slices", slices.size());
                g.writeNumberField("arrows", arrows);
            });
            out = null;
            file.commit();
        } catch (IOException e) {
            file.abandon(out);
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
