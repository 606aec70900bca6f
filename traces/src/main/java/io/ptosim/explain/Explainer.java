package io.ptosim.explain;

import io.ptosim.chip.OrchStep;
import io.ptosim.chip.OrchestratorObserver;
import io.ptosim.trace.TraceEvent;
import io.ptosim.trace.TraceSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a run's critical path, exactly, from its own events. Give it to the chip as its trace sink and
 * its orchestrator observer ({@code Chip.traceTo}, {@code Chip.observeOrchestrator}); after the run,
 * {@link #explain} walks back from the end of the elapsed window to 0:
 *
 * <ul>
 *   <li>the run ends with the orchestrator if its last op ended no earlier than the last completion, else
 *       with the last completed task; a {@link Step.Tail} covers the window after that end;</li>
 *   <li>a task's completion waited for its last-ending block ({@link Step.Completion}); a task without
 *       kernels for its reaching the ready queues; an alloc_tensors task is the orchestrator's;</li>
 *   <li>a block ran from its start to its end ({@link Step.CoreBusy}); it started after the block before
 *       it on the same core if that one ended after the task became ready (the core was what it waited
 *       for), else after the task became ready ({@link Step.Dispatch} either way);</li>
 *   <li>a task became ready after its latest-completing producer if that one completed after the task's
 *       submit ended ({@link Step.Dependency}), else by the orchestrator (its submit, or a scope end);</li>
 *   <li>from a time on the orchestrator, everything before it is the orchestrator's: its ops
 *       ({@link Step.Orchestrator}) and its blocks ({@link Step.Blocked}); but a block on a ring or pool
 *       that a task's release ended is followed, once: after the release it stays the orchestrator's
 *       block, from the task's completion to its release it is a {@link Step.Release}, and before that
 *       the walk goes on from the task's completion (what held the ring).</li>
 * </ul>
 *
 * Each step starts where the one before it (in time) ends, clamped so time never runs forward, so the
 * steps cover {@code [0, elapsed)} exactly. Steps of 0 ps are left out, except a dependency and a followed
 * block: they are links. Memory is a few longs per task, block, op and charge.
 */
public final class Explainer implements TraceSink, OrchestratorObserver {
    /** Task id to its row; looked up only, never iterated. */
    private final Map<Long, Integer> rows = new HashMap<>();
    private final Column taskId = new Column();
    private final Column submitEnd = new Column();
    private final Column isAlloc = new Column();
    private final Column ready = new Column();
    private final Column completed = new Column();
    private final Column lastBlock = new Column();
    private final Column edgeHead = new Column();
    private final Column edgeProducer = new Column();
    private final Column edgeNext = new Column();
    private final Column blockTask = new Column();
    private final Column blockNo = new Column();
    private final Column blockCore = new Column();
    private final Column blockStart = new Column();
    private final Column blockEnd = new Column();
    private final Column blockSolo = new Column();
    private final Column blockPrev = new Column();
    private long[] coreLast = new long[0];
    private final Column opIndex = new Column();
    private final Column opStart = new Column();
    private final Column opSubmit = new Column();
    private final Column blockedStart = new Column();
    private final Column blockedEnd = new Column();
    private final List<String> blockedWhat = new ArrayList<>();
    /** Per blocked interval: the row of the last task released before it ended (-1: none), and when. */
    private final Column blockedBy = new Column();
    private final Column blockedByAt = new Column();
    private int lastReleasedRow = -1;
    private long lastReleasedPs = -1;
    private long openBlockStart = -1;
    private long openBlockFirstCharge = -1;
    private final Column chargeStart = new Column();
    private final Column chargeEnd = new Column();
    private final Column chargeStep = new Column();
    private long orchEndPs = -1;
    private long lastCompletedPs = -1;
    private int lastCompletedRow = -1;

    @Override
    public void accept(TraceEvent event) {
        switch (event) {
            case TraceEvent.Submitted s -> {
                int r = row(s.taskId());
                submitEnd.set(r, s.endPs());
                op(s.op(), s.timePs(), true);
            }
            case TraceEvent.Allocated a -> {
                int r = row(a.taskId());
                submitEnd.set(r, a.endPs());
                isAlloc.set(r, 1);
                completed.set(r, a.endPs());
                op(a.op(), a.timePs(), false);
            }
            case TraceEvent.EdgeWired w -> {
                int consumer = row(w.consumer());
                edgeNext.add(edgeHead.get(consumer));
                edgeHead.set(consumer, edgeProducer.add(row(w.producer())));
            }
            case TraceEvent.Ready r -> ready.set(row(r.taskId()), r.timePs());
            case TraceEvent.Dispatched d -> {
                // a projection: the block's final times come with its block_end
            }
            case TraceEvent.BlockEnded e -> blockEnded(e);
            case TraceEvent.Completed c -> {
                int r = row(c.taskId());
                completed.set(r, c.timePs());
                if (c.timePs() > lastCompletedPs) {
                    lastCompletedPs = c.timePs();
                    lastCompletedRow = r;
                }
            }
            case TraceEvent.Blocked b -> {
                openBlockStart = b.timePs();
                openBlockFirstCharge = -1;
            }
            case TraceEvent.Unblocked u -> {
                if (openBlockStart >= 0) {
                    blockedStart.add(openBlockStart);
                    blockedEnd.add(openBlockFirstCharge >= 0 ? Math.min(openBlockFirstCharge, u.timePs()) : u.timePs());
                    blockedWhat.add(u.resource());
                    boolean byRelease = lastReleasedRow >= 0 && lastReleasedPs >= openBlockStart
                            && lastReleasedPs <= u.timePs();
                    blockedBy.add(byRelease ? lastReleasedRow : -1);
                    blockedByAt.add(byRelease ? lastReleasedPs : -1);
                    openBlockStart = -1;
                }
            }
            case TraceEvent.Released r -> {
                if (r.timePs() >= lastReleasedPs) {
                    lastReleasedPs = r.timePs();
                    lastReleasedRow = row(r.taskId());
                }
            }
            case TraceEvent.WatermarkAdvanced w -> { }
            case TraceEvent.Scope s -> { }
            case TraceEvent.Stopped s -> { }
            case TraceEvent.HighWater h -> { }
        }
    }

    @Override
    public void charged(OrchStep step, long startPs, long ps) {
        if (openBlockStart >= 0 && openBlockFirstCharge < 0) {
            openBlockFirstCharge = startPs;
        }
        chargeStart.add(startPs);
        chargeEnd.add(startPs + ps);
        chargeStep.add(step.ordinal());
    }

    @Override
    public void ended(long endPs) {
        orchEndPs = endPs;
    }

    private int row(long id) {
        Integer r = rows.get(id);
        if (r != null) {
            return r;
        }
        int n = taskId.add(id);
        submitEnd.add(-1);
        isAlloc.add(0);
        ready.add(-1);
        completed.add(-1);
        lastBlock.add(-1);
        edgeHead.add(-1);
        rows.put(id, n);
        return n;
    }

    private void op(int index, long startPs, boolean submit) {
        opIndex.add(index);
        opStart.add(startPs);
        opSubmit.add(submit ? 1 : 0);
    }

    private void blockEnded(TraceEvent.BlockEnded d) {
        int r = row(d.taskId());
        if (d.core() >= coreLast.length) {
            int old = coreLast.length;
            coreLast = Arrays.copyOf(coreLast, Math.max(2 * old, d.core() + 1));
            Arrays.fill(coreLast, old, coreLast.length, -1);
        }
        int b = blockTask.add(r);
        blockNo.add(d.block());
        blockCore.add(d.core());
        blockStart.add(d.startPs());
        blockEnd.add(d.endPs());
        blockSolo.add(Math.min(d.soloEndPs(), d.endPs()));
        blockPrev.add(coreLast[d.core()]);
        coreLast[d.core()] = b;
        int last = (int) lastBlock.get(r);
        if (last < 0 || d.endPs() >= blockEnd.get(last)) {
            lastBlock.set(r, b);
        }
    }

    private enum At { COMPLETION, BLOCK, READY, ORCHESTRATOR }

    /**
     * The critical path of the run whose summary gave {@code elapsedNs}, and its parts.
     *
     * @throws IllegalStateException if the events do not describe a finished run (no orchestrator end)
     */
    public Explanation explain(long elapsedNs) {
        if (orchEndPs < 0) {
            throw new IllegalStateException("the orchestrator never finished: a failed or unfinished run has no"
                    + " critical path to explain");
        }
        long end = elapsedNs * 1000;
        List<Step> back = new ArrayList<>();
        long t = end;
        At at;
        int x = -1;
        long lastTask = -1;
        boolean orchestratorLast = lastCompletedRow < 0 || orchEndPs >= lastCompletedPs;
        long from0 = Math.min(orchestratorLast ? orchEndPs : lastCompletedPs, t);
        add(back, new Step.Tail(from0, t));
        t = from0;
        if (orchestratorLast) {
            at = At.ORCHESTRATOR;
        } else {
            at = At.COMPLETION;
            x = lastCompletedRow;
            lastTask = taskId.get(x);
        }
        long guard = 4L * (taskId.size() + blockTask.size() + blockedStart.size()) + 16;
        boolean[] followed = new boolean[blockedStart.size()];
        while (at != null) {
            if (guard-- < 0) {
                throw new IllegalStateException("the critical-path walk did not reach time 0 (a bug)");
            }
            switch (at) {
                case COMPLETION -> {
                    int b = (int) lastBlock.get(x);
                    if (isAlloc.get(x) == 1) {
                        at = At.ORCHESTRATOR;
                    } else if (b >= 0) {
                        long from = Math.min(blockEnd.get(b), t);
                        add(back, new Step.Completion(from, t, taskId.get(x)));
                        t = from;
                        at = At.BLOCK;
                        x = b;
                    } else if (ready.get(x) >= 0) {
                        long from = Math.min(ready.get(x), t);
                        add(back, new Step.Completion(from, t, taskId.get(x)));
                        t = from;
                        at = At.READY;
                    } else {
                        at = At.ORCHESTRATOR;
                    }
                }
                case BLOCK -> {
                    int task = (int) blockTask.get(x);
                    long from = Math.min(blockStart.get(x), t);
                    long solo = Math.max(from, Math.min(blockSolo.get(x), t));
                    add(back, new Step.MemoryWait(solo, t, taskId.get(task), (int) blockNo.get(x), (int) blockCore.get(x)));
                    add(back, new Step.CoreBusy(from, solo, taskId.get(task), (int) blockNo.get(x),
                            (int) blockCore.get(x)));
                    t = from;
                    int prev = (int) blockPrev.get(x);
                    if (prev >= 0 && blockEnd.get(prev) > ready.get(task)) {
                        from = Math.min(blockEnd.get(prev), t);
                        add(back, new Step.Dispatch(from, t, taskId.get(task), (int) blockNo.get(x),
                                (int) blockCore.get(x), taskId.get((int) blockTask.get(prev))));
                        t = from;
                        x = prev;
                    } else if (ready.get(task) >= 0) {
                        from = Math.min(ready.get(task), t);
                        add(back, new Step.Dispatch(from, t, taskId.get(task), (int) blockNo.get(x),
                                (int) blockCore.get(x), -1));
                        t = from;
                        at = At.READY;
                        x = task;
                    } else {
                        at = At.ORCHESTRATOR;
                    }
                }
                case READY -> {
                    int producer = -1;
                    long latest = -1;
                    for (int e = (int) edgeHead.get(x); e >= 0; e = (int) edgeNext.get(e)) {
                        int p = (int) edgeProducer.get(e);
                        if (completed.get(p) > latest) {
                            latest = completed.get(p);
                            producer = p;
                        }
                    }
                    if (producer >= 0 && latest > submitEnd.get(x)) {
                        long from = Math.min(latest, t);
                        add(back, new Step.Dependency(from, t, taskId.get(producer), taskId.get(x)));
                        t = from;
                        at = At.COMPLETION;
                        x = producer;
                    } else {
                        at = At.ORCHESTRATOR;
                    }
                }
                case ORCHESTRATOR -> {
                    long[] resume = orchestrator(back, t, followed);
                    if (resume == null) {
                        t = 0;
                        at = null;
                    } else {
                        t = resume[0];
                        x = (int) resume[1];
                        at = At.COMPLETION;
                    }
                }
            }
        }
        Collections.reverse(back);
        return summarize(end, back, lastTask);
    }

    /** Keeps a step with time, and a dependency without: it is the link from consumer to producer. */
    private static void add(List<Step> back, Step s) {
        if (s.ps() > 0 || s instanceof Step.Dependency) {
            back.add(s);
        }
    }

    /**
     * Adds the orchestrator's time back from {@code t}, latest first: its ops and its blocks. A block on a
     * ring or pool that a task's release ended is followed (once): the wait after the release stays the
     * orchestrator's block, the time from that task's completion to its release is a {@link Step.Release},
     * and the walk goes on from the task's completion, returned as {time, row}; null when the walk reached 0.
     */
    private long[] orchestrator(List<Step> back, long t, boolean[] followed) {
        long cur = t;
        for (int i = blockedStart.upperBound(t - 1) - 1; i >= 0 && cur > 0; i--) {
            long bEnd = Math.min(blockedEnd.get(i), cur);
            long bStart = Math.min(blockedStart.get(i), bEnd);
            add(back, orchestratorStep(bEnd, cur));
            int by = (int) blockedBy.get(i);
            boolean ring = !blockedWhat.get(i).startsWith("tensor wait");
            if (ring && by >= 0 && !followed[i] && completed.get(by) > bStart) {
                followed[i] = true;
                long released = Math.min(Math.max(blockedByAt.get(i), bStart), bEnd);
                long done = Math.min(Math.max(completed.get(by), bStart), released);
                back.add(new Step.Blocked(released, bEnd, blockedWhat.get(i))); // kept at 0 ps: it names the ring
                add(back, new Step.Release(done, released, taskId.get(by)));
                return new long[] {done, by};
            }
            add(back, new Step.Blocked(bStart, bEnd, blockedWhat.get(i)));
            cur = bStart;
        }
        add(back, orchestratorStep(0, cur));
        return null;
    }

    private Step orchestratorStep(long from, long to) {
        int first = opStart.upperBound(from - 1);
        int last = opStart.upperBound(to - 1) - 1;
        int submits = 0;
        for (int i = first; i <= last; i++) {
            submits += (int) opSubmit.get(i);
        }
        long[] per = new long[OrchStep.values().length];
        long charged = 0;
        for (int i = Math.max(0, chargeStart.upperBound(from) - 1); i < chargeStart.size() && chargeStart.get(i) < to;
                i++) {
            long overlap = Math.min(chargeEnd.get(i), to) - Math.max(chargeStart.get(i), from);
            if (overlap > 0) {
                per[(int) chargeStep.get(i)] += overlap;
                charged += overlap;
            }
        }
        Map<OrchStep, Long> steps = new EnumMap<>(OrchStep.class);
        for (OrchStep s : OrchStep.values()) {
            if (per[s.ordinal()] > 0) {
                steps.put(s, per[s.ordinal()]);
            }
        }
        return new Step.Orchestrator(from, to, first <= last ? (int) opIndex.get(first) : -1,
                first <= last ? (int) opIndex.get(last) : -1, submits, Collections.unmodifiableMap(steps),
                (to - from) - charged);
    }

    private static Explanation summarize(long end, List<Step> path, long lastTask) {
        Map<Part, Long> parts = new EnumMap<>(Part.class);
        for (Part p : Part.values()) {
            parts.put(p, 0L);
        }
        long[] orch = new long[OrchStep.values().length];
        long covered = 0;
        for (Step s : path) {
            parts.merge(s.part(), s.ps(), Long::sum);
            covered += s.ps();
            if (s instanceof Step.Orchestrator o) {
                o.stepPs().forEach((k, v) -> orch[k.ordinal()] += v);
            }
        }
        if (covered != end) {
            throw new IllegalStateException("the critical path covers " + covered + " ps of " + end + " (a bug)");
        }
        Map<Bound, Long> bounds = new EnumMap<>(Bound.class);
        parts.forEach((p, ps) -> bounds.merge(Bound.of(p), ps, Long::sum));
        Bound bound = Bound.ORCHESTRATOR;
        for (Bound b : Bound.values()) {
            if (bounds.getOrDefault(b, 0L) > bounds.getOrDefault(bound, 0L)) {
                bound = b;
            }
        }
        List<OrchStep> order = new ArrayList<>(List.of(OrchStep.values()));
        order.removeIf(s -> orch[s.ordinal()] == 0);
        order.sort(Comparator.comparingLong((OrchStep s) -> -orch[s.ordinal()]).thenComparing(Enum::ordinal));
        Map<OrchStep, Long> steps = new LinkedHashMap<>();
        order.forEach(s -> steps.put(s, orch[s.ordinal()]));
        return new Explanation(end, bound, Collections.unmodifiableMap(parts), List.copyOf(path),
                Collections.unmodifiableMap(steps), lastTask);
    }
}
