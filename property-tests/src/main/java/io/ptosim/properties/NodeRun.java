package io.ptosim.properties;

import io.ptosim.des.RunLimits;
import io.ptosim.des.RunResult;
import io.ptosim.des.Simulation;
import io.ptosim.node.MemberState;
import io.ptosim.node.NodeConfig;
import io.ptosim.node.NodeObserver;
import io.ptosim.node.NodeRunResult;
import io.ptosim.node.NodeRuntime;
import io.ptosim.node.NodeTask;
import io.ptosim.node.SlotState;
import io.ptosim.node.WorkerType;
import io.ptosim.spi.ChipEndpoint;
import io.ptosim.spi.HostMemory;
import io.ptosim.spi.TaskArgs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs a {@link NodeCase} on fake chips in a bounded {@link Simulation} and records what every task did:
 * when it was published, where and when each member was dispatched, how it ended, and which tasks of its
 * run were already consumed when it claimed its slot and looked up its producers. Checks made while the
 * run is live (a member dispatched before a producer finished) are collected as violations.
 */
public final class NodeRun {
    /** Bounds every node run: no scenario here needs more than a few thousand events or a virtual minute. */
    static final RunLimits LIMITS = new RunLimits(2_000_000, 600_000_000_000L, 100_000, 60_000_000_000L);

    private static final HostMemory NO_HOST = new HostMemory() {
        @Override
        public void readBytes(long addr, byte[] dst, int offset, int length) {
        }

        @Override
        public void writeBytes(long addr, byte[] src, int offset, int length) {
        }
    };

    private NodeRun() {
    }

    /**
     * One member's dispatch.
     *
     * @param member its index in the task
     * @param worker the worker of its pool it went to
     * @param atNs when
     */
    public record Dispatch(int member, int worker, long atNs) {
    }

    /**
     * What one task did.
     *
     * @param run the run it belongs to
     * @param id its id in that run
     * @param name its callable's name ({@code alloc} for an alloc slot)
     * @param type its pool
     * @param group whether it is a group
     * @param affinity per member, as the runtime stored it
     * @param memberArgs per member, its resolved args
     * @param producers its producer ids, as wired
     * @param consumedAtClaim ids of its run's tasks already consumed when it claimed its slot (and looked up
     *     its producers)
     * @param readyAtNs when it was published READY, or −1
     * @param dispatches its members' dispatches, in order
     * @param ended COMPLETED or FAILED as it finished, or null (an alloc slot, or never finished)
     * @param state its final state
     * @param memberStates its members' final states
     * @param error its error, or null
     * @param claimedAtNs when its submit claimed the slot, or −1 (an alloc slot)
     * @param finishedAtNs when it finished (COMPLETED or FAILED), or −1
     */
    public record TaskRecord(long run, int id, String name, WorkerType type, boolean group, int[] affinity,
            List<TaskArgs> memberArgs, List<Integer> producers, Set<Integer> consumedAtClaim,
            long readyAtNs, List<Dispatch> dispatches, SlotState ended, SlotState state, List<MemberState> memberStates,
            String error, long claimedAtNs, long finishedAtNs) {
    }

    /**
     * A finished (or stopped) run.
     *
     * @param result the runtime's result
     * @param finished whether the program ended
     * @param sim why the loop stopped
     * @param tasks every task of every run, in the order first seen
     * @param dispatchLog one line per dispatch and completion, with its time
     * @param violations what the live checks saw
     * @param chips the fake chips
     * @param handles per handle id its bound value, or null when never bound
     * @param error the runtime's error (the first failure), or null
     */
    public record Outcome(NodeRunResult result, boolean finished, RunResult sim, List<TaskRecord> tasks,
            List<String> dispatchLog, List<String> violations, List<FakeChip> chips, List<Long> handles,
            String error) {
        /** The record of task {@code id} of run {@code run}, or null. */
        public TaskRecord task(long run, int id) {
            for (TaskRecord t : tasks) {
                if (t.run() == run && t.id() == id) {
                    return t;
                }
            }
            return null;
        }
    }

    /** Mutable per-task notes while the run goes. */
    private static final class Seen {
        final NodeTask task;
        final long run;
        Set<Integer> consumedAtClaim;
        final List<Dispatch> dispatches = new ArrayList<>();
        long readyAt = -1;
        long claimedAt = -1;
        long finishedAt = -1;
        SlotState ended;

        Seen(NodeTask task, long run) {
            this.task = task;
            this.run = run;
        }
    }

    /** Runs {@code c} under {@code config}. */
    public static Outcome run(NodeCase c, NodeConfig config) {
        Simulation sim = new Simulation(c.seed(), LIMITS);
        List<FakeChip> chips = new ArrayList<>();
        List<ChipEndpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < c.chips(); i++) {
            FakeChip f = new FakeChip(i, sim, c.seed(), c.failing());
            chips.add(f);
            endpoints.add(f);
        }
        NodeRuntime[] holder = new NodeRuntime[1];
        Map<NodeTask, Seen> seen = new IdentityHashMap<>();
        List<Seen> order = new ArrayList<>();
        List<String> log = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        Runnable progress = () -> {
            sim.reportProgress();
            NodeRuntime rt = holder[0];
            if (rt == null) {
                return;
            }
            List<NodeTask> now = rt.tasks();
            for (NodeTask t : now) {
                if (t.state() == SlotState.BUILDING) {
                    continue;
                }
                Seen s = seen.computeIfAbsent(t, k -> {
                    Seen n = new Seen(k, rt.run());
                    order.add(n);
                    return n;
                });
                if (s.consumedAtClaim == null) {
                    Set<Integer> consumed = new TreeSet<>();
                    for (NodeTask o : now) {
                        if (o.state() == SlotState.CONSUMED) {
                            consumed.add(o.id());
                        }
                    }
                    s.consumedAtClaim = consumed;
                }
            }
        };
        NodeRuntime rt = new NodeRuntime(sim, endpoints, c.subs(), NO_HOST, config.withHeap(
                c.heapBytes() == 0 ? config.heapBytes() : c.heapBytes(),
                c.heapBytes() == 0 ? config.allocTimeoutNs() : 5_000_000), progress);
        holder[0] = rt;
        rt.observe(new NodeObserver() {
            @Override
            public void claimed(NodeTask task, long atNs) {
                Seen s = note(task);
                s.claimedAt = atNs;
                Set<Integer> consumed = new TreeSet<>();
                for (NodeTask o : rt.tasks()) {
                    if (o != null && o.state() == SlotState.CONSUMED) {
                        consumed.add(o.id());
                    }
                }
                s.consumedAtClaim = consumed;
            }

            private Seen note(NodeTask t) {
                return seen.computeIfAbsent(t, k -> {
                    Seen n = new Seen(k, rt.run());
                    order.add(n);
                    return n;
                });
            }

            @Override
            public void ready(NodeTask task, long atNs) {
                note(task).readyAt = atNs;
            }

            @Override
            public void dispatched(NodeTask task, int member, int worker, long atNs) {
                Seen s = note(task);
                s.dispatches.add(new Dispatch(member, worker, atNs));
                log.add(atNs + " run " + rt.run() + " task " + task.id() + " " + task.callableName() + " member "
                        + member + " -> " + (task.type() == WorkerType.SUB ? "sub " : "chip ") + worker);
                for (int p : task.producerIds()) {
                    SlotState ps = rt.task(p).state();
                    if (ps != SlotState.COMPLETED && ps != SlotState.CONSUMED) {
                        violations.add("run " + rt.run() + " task " + task.id() + " (" + task.callableName()
                                + ") member " + member + " dispatched at " + atNs + " while its producer " + p + " ("
                                + rt.task(p).callableName() + ") is " + ps);
                    }
                }
            }

            @Override
            public void finished(NodeTask task, long atNs) {
                note(task).ended = task.state();
                note(task).finishedAt = atNs;
                log.add(atNs + " run " + rt.run() + " task " + task.id() + " " + task.callableName() + " "
                        + task.state());
            }

            @Override
            public void consumed(NodeTask task, long atNs) {
                note(task);
            }
        });
        rt.start(c.program());
        RunResult rr = sim.run();
        List<TaskRecord> tasks = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Seen s : order) {
            NodeTask t = s.task;
            if (!keys.add(s.run + ":" + t.id())) {
                violations.add("run " + s.run + " has two tasks with id " + t.id());
            }
            tasks.add(new TaskRecord(s.run, t.id(), t.callableName(), t.type(), t.group(), t.affinity(),
                    t.memberArgs(), t.producerIds(), s.consumedAtClaim == null ? Set.of()
                            : Set.copyOf(s.consumedAtClaim), s.readyAt, List.copyOf(s.dispatches), s.ended, t.state(),
                    t.memberStates(), t.error(), s.claimedAt, s.finishedAt));
        }
        List<Long> handles = new ArrayList<>();
        for (int h = 0; h < c.program().handles(); h++) {
            Long v;
            try {
                v = rt.value(new io.ptosim.node.Ptr.Handle(h, "h" + h));
            } catch (IllegalStateException e) {
                v = null;
            }
            handles.add(v);
        }
        return new Outcome(rt.result(), rt.finished(), rr, tasks, log, violations, chips,
                java.util.Collections.unmodifiableList(handles), rt.error());
    }
}
