package io.ptosim.properties;

import io.ptosim.des.RandomStream;
import io.ptosim.des.RandomStreams;
import io.ptosim.program.Program;
import io.ptosim.program.UntimedRun;
import io.ptosim.runtime.ErrorCode;
import io.ptosim.runtime.L2Runtime;
import io.ptosim.runtime.RuntimeConfig;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorView;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Properties of the runtime state machine under random completion orders ({@link UntimedRun}): each
 * maps a program to null when it holds, else to a description of the violation.
 */
public final class RuntimeProperties {
    private RuntimeProperties() {
    }

    private static final Set<ErrorCode> DEADLOCK_CODES = EnumSet.of(ErrorCode.SCOPE_DEADLOCK,
            ErrorCode.HEAP_RING_DEADLOCK, ErrorCode.FLOW_CONTROL_DEADLOCK, ErrorCode.DEP_POOL_OVERFLOW,
            ErrorCode.TENSORMAP_OVERFLOW);

    /** The programs these properties draw: up to 120 tasks in loops of small scopes, hybrid scopes included. */
    public static Program generate(long seed) {
        return ProgramGenerator.generate(seed, new ProgramGenerator.Settings(120, 6, true, 3, true));
    }

    static long seedOf(Program p) {
        return Long.parseLong(p.name().substring("generated-".length()));
    }

    /** Small random ring and pool sizes drawn from the program's seed. */
    static RuntimeConfig smallConfig(long seed, boolean roomy) {
        RandomStream r = new RandomStreams(seed).stream("ring-sizes");
        int[] windows = new int[4];
        long[] heaps = new long[4];
        int[] pools = new int[4];
        for (int i = 0; i < 4; i++) {
            windows[i] = roomy ? 128 << r.nextInt(2) : 4 << r.nextInt(2);
            heaps[i] = roomy ? 1L << 20 : 1024L << r.nextInt(6);
            pools[i] = roomy ? 4096 : 4 + r.nextInt(16);
        }
        return new RuntimeConfig(windows, heaps, pools, roomy ? 65536 : 8 + r.nextInt(64), 16, 64, 24)
                .withWatermarkPublishEvery(publishEvery(seed));
    }

    /** One run in three publishes watermarks lazily (every 2 to 16 advances), as a5 does. */
    static int publishEvery(long seed) {
        RandomStream r = new RandomStreams(seed).stream("watermark-publication");
        return r.nextInt(3) == 0 ? 2 + r.nextInt(15) : 1;
    }

    /**
     * Sizes that make inner rings wrap (windows 4 to 16, heaps 8 to 64 KiB) while the root ring holds
     * every top-level task.
     */
    private static RuntimeConfig wrappingConfig(long seed) {
        RandomStream r = new RandomStreams(seed).stream("wrapping-sizes");
        int[] windows = {256, 0, 0, 0};
        long[] heaps = {1L << 20, 0, 0, 0};
        for (int i = 1; i < 4; i++) {
            windows[i] = 4 << r.nextInt(3);
            heaps[i] = 8192L << r.nextInt(4);
        }
        return new RuntimeConfig(windows, heaps, new int[] {4096, 4096, 4096, 4096}, 65536, 16, 64, 24)
                .withWatermarkPublishEvery(publishEvery(seed));
    }

    /** Counts of slot reuses and heap wraps seen by {@link #ringSafety}, to show the property bites. */
    static final long[] REUSES_AND_WRAPS = new long[2];

    /**
     * Ring safety: no slot reused before its task is CONSUMED — judged independently of the runtime's
     * own watermark: the task completed and every consumer holding a RETAIN edge on it was released —
     * no live heap blocks overlap, and watermarks only rise.
     */
    public static String ringSafety(Program p) {
        long seed = seedOf(p);
        long[] lastBlock = new long[4];
        Set<Long> completed = new HashSet<>();
        Set<Long> released = new HashSet<>();
        Map<Long, List<Long>> retainers = new HashMap<>();
        Set<Long> allocTasks = new HashSet<>();
        List<String> violations = new ArrayList<>();
        Map<Long, Long> occupant = new HashMap<>();
        List<long[]> liveBlocks = new ArrayList<>();
        long[] watermarks = new long[4];
        UntimedRun.Observer observer = new UntimedRun.Observer() {
            @Override
            public void after(L2Runtime rt, String event) {
                if (event.startsWith("complete ") || event.startsWith("release ")) {
                    long t = parse(event.substring(event.indexOf(' ') + 1));
                    (event.startsWith("complete ") ? completed : released).add(t);
                }
                for (int r = 0; r < 4; r++) {
                    long w = rt.ring(r).watermark();
                    if (w < watermarks[r]) {
                        violations.add("ring " + r + " watermark fell from " + watermarks[r] + " to " + w + " at " + event);
                    }
                    watermarks[r] = w;
                }
            }

            @Override
            public void created(L2Runtime rt, long taskId, List<TensorView> outputs) {
                int ring = TaskId.ring(taskId);
                long slotKey = ((long) ring << 32) | (TaskId.local(taskId) & (rt.ring(ring).window() - 1));
                Long before = occupant.put(slotKey, taskId);
                if (before != null) {
                    REUSES_AND_WRAPS[0]++;
                    if (!completed.contains(before) && !allocTasks.contains(before)) {
                        violations.add(TaskId.display(taskId) + " reuses the slot of " + TaskId.display(before)
                                + ", which never completed");
                    }
                    for (long c : retainers.getOrDefault(before, List.of())) {
                        if (!released.contains(c)) {
                            violations.add(TaskId.display(taskId) + " reuses the slot of " + TaskId.display(before)
                                    + " while " + TaskId.display(c) + " still retains it");
                        }
                    }
                }
                long[] producers = rt.faninProducers(taskId);
                boolean[] retains = rt.faninRetains(taskId);
                for (int i = 0; i < producers.length; i++) {
                    if (retains[i]) {
                        retainers.computeIfAbsent(producers[i], k -> new ArrayList<>()).add(taskId);
                    }
                }
                if (outputs.size() > 0 && rt.state(taskId) == io.ptosim.runtime.TaskState.COMPLETED) {
                    allocTasks.add(taskId);
                }
                if (before != null && TaskId.local(before) >= rt.ring(ring).watermark()) {
                    violations.add(TaskId.display(taskId) + " reuses the slot of " + TaskId.display(before)
                            + ", which is not retired");
                }
                liveBlocks.removeIf(b -> b[0] == ring && b[1] < rt.ring(ring).watermark());
                for (TensorView out : outputs) {
                    long lo = out.bufferAddr();
                    long hi = lo + out.bufferSize();
                    if (lo < lastBlock[ring]) {
                        REUSES_AND_WRAPS[1]++;
                    }
                    lastBlock[ring] = lo;
                    for (long[] b : liveBlocks) {
                        if (b[0] == ring && b[3] > lo && hi > b[2] && b[1] != TaskId.local(taskId)) {
                            violations.add(TaskId.display(taskId) + "'s output [" + lo + ", " + hi + ") overlaps live "
                                    + TaskId.display(TaskId.of(ring, b[1])) + "'s [" + b[2] + ", " + b[3] + ")");
                        }
                    }
                    liveBlocks.add(new long[] {ring, TaskId.local(taskId), lo, hi});
                }
            }
        };
        UntimedRun.run(p, wrappingConfig(seed), new RandomStreams(seed).stream("completion-order"), observer);
        return violations.isEmpty() ? null : violations.get(0);
    }

    /** The task id of a display name such as {@code t3} or {@code r1t3}. */
    private static long parse(String display) {
        if (display.startsWith("t")) {
            return TaskId.of(0, Long.parseLong(display.substring(1)));
        }
        int t = display.indexOf('t');
        return TaskId.of(Integer.parseInt(display.substring(1, t)), Long.parseLong(display.substring(t + 1)));
    }

    /** Bounded: with tiny rings every run completes or stops with one of the spec's deadlock codes. */
    public static String boundedRun(Program p) {
        long seed = seedOf(p);
        UntimedRun.Outcome o = UntimedRun.run(p, smallConfig(seed, false), new RandomStreams(seed).stream("order"),
                (rt, e) -> { });
        if (o.result() == UntimedRun.Result.COMPLETED) {
            return null;
        }
        return o.code() != null && DEADLOCK_CODES.contains(o.code()) ? null : "stopped with " + o.code() + ": " + o.message();
    }

    /** The same seed gives the same stepper trace. */
    public static String stepperDeterminism(Program p) {
        long seed = seedOf(p);
        UntimedRun.Outcome a = UntimedRun.run(p, smallConfig(seed, false), new RandomStreams(seed).stream("o"),
                (rt, e) -> { });
        UntimedRun.Outcome b = UntimedRun.run(generate(seed), smallConfig(seed, false),
                new RandomStreams(seed).stream("o"), (rt, e) -> { });
        return a.equals(b) ? null : "two runs of seed " + seed + " differ";
    }
}
