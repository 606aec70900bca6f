package io.ptosim.properties;

import static io.ptosim.program.Args.args;

import io.ptosim.chip.Chip;
import io.ptosim.chip.RunSummary;
import io.ptosim.des.RandomStream;
import io.ptosim.des.RandomStreams;
import io.ptosim.kernel.CoreType;
import io.ptosim.kernel.DurationModel;
import io.ptosim.kernel.Kernel;
import io.ptosim.kernel.KernelCall;
import io.ptosim.kernel.KernelTable;
import io.ptosim.kernel.Work;
import io.ptosim.platform.Platform;
import io.ptosim.program.Orchestration;
import io.ptosim.program.Program;
import io.ptosim.runtime.DataType;
import io.ptosim.trace.TraceEvent;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Properties of the shared-HBM model on programs of independent kernels (no dependencies, so no
 * scheduling anomaly of the dependency graph can interfere): raising {@code memory.hbmGbps} never
 * lengthens the run, and more bytes for one kernel never shorten that kernel. A task's bytes and flops
 * are its scalars 0 and 1.
 */
public final class MemoryProperties {
    static final int STREAM_AIV = 0;
    static final int STREAM_AIC = 1;
    /** The kernel whose bytes {@link #moreBytesNeverFaster} scales; the first task of a program runs it. */
    static final int GROWN = 2;
    /** The HBM capacities compared, ascending; 0 (unlimited) last. */
    static final long[] CAPACITIES = {100, 200, 400, 800, 1600, 3200, 0};

    private MemoryProperties() {
    }

    /** The kernel table, with the {@link #GROWN} kernel's bytes multiplied by {@code factor}. */
    static KernelTable kernels(long factor) {
        return KernelTable.of(
                new Kernel(STREAM_AIV, "stream_aiv", CoreType.AIV, new DurationModel.FromWork(MemoryProperties::work)),
                new Kernel(STREAM_AIC, "stream_aic", CoreType.AIC, new DurationModel.FromWork(MemoryProperties::work)),
                new Kernel(GROWN, "grown", CoreType.AIV,
                        new DurationModel.FromWork(call -> new Work(call.scalar(1), call.scalar(0) * factor, 0))));
    }

    private static Work work(KernelCall call) {
        return new Work(call.scalar(1), call.scalar(0), 0);
    }

    /**
     * 1 to 30 independent tasks, each writing its own output: AIV or AIC, 1 to 4 blocks, 0 to 4 MiB and
     * 0 to about 20 us of compute per block (a third move no bytes); the first is one block of {@link #GROWN}.
     * All blocks fit on a2a3's cores at once (no second wave, whose dispatch would wait for completions).
     */
    public static Program generate(long seed) {
        RandomStream r = new RandomStreams(seed).stream("hbm-program");
        Orchestration orch = new Orchestration("hbm-" + seed);
        int tasks = 1 + r.nextInt(30);
        int aicLeft = 24;
        int aivLeft = 47;
        for (int t = 0; t < tasks; t++) {
            boolean aic = t > 0 && r.nextBoolean();
            int room = aic ? aicLeft : aivLeft;
            if (t > 0 && room < 4) {
                break;
            }
            long bytes = r.nextInt(3) == 0 ? 0 : 1 + r.nextLong(4L << 20);
            long flops = r.nextBoolean() ? 0 : r.nextLong(aic ? 15_000_000 : 2_000_000);
            int blocks = t == 0 ? 1 : 1 + r.nextInt(4);
            if (aic) {
                aicLeft -= blocks;
            } else {
                aivLeft -= blocks;
            }
            var a = args().output(DataType.FLOAT32, 16).scalar(bytes).scalar(flops).blockNum(blocks);
            if (aic) {
                orch.submitAic(STREAM_AIC, a);
            } else {
                orch.submitAiv(t == 0 ? GROWN : STREAM_AIV, a);
            }
        }
        return orch.build();
    }

    /**
     * Raising {@code memory.hbmGbps} (0 = unlimited last) never lengthens the run, measured as the last
     * kernel end (the completion the AICPU sees later also carries the phase of its polling loop, which
     * moves by an iteration either way); null when it holds.
     */
    public static String hbmMonotone(Program p) {
        long previous = Long.MAX_VALUE;
        long previousCapacity = -1;
        for (long capacity : CAPACITIES) {
            long elapsed = run(p, capacity, 1).lastEndPs;
            if (elapsed > previous) {
                return "memory.hbmGbps " + previousCapacity + " -> " + capacity + " lengthens the run: last kernel end "
                        + previous + " ps -> " + elapsed + " ps";
            }
            previous = elapsed;
            previousCapacity = capacity;
        }
        return null;
    }

    /** Doubling the first kernel's bytes never shortens its block (at 400 GB/s and at 1600); null when it holds. */
    public static String moreBytesNeverFaster(Program p) {
        for (long capacity : new long[] {400, 1600}) {
            long before = run(p, capacity, 1).grownPs;
            long after = run(p, capacity, 2).grownPs;
            if (after < before) {
                return "at memory.hbmGbps " + capacity + " twice the bytes shorten the grown kernel: " + before
                        + " ps -> " + after + " ps";
            }
        }
        return null;
    }

    private record Outcome(RunSummary summary, long grownPs, long lastEndPs) {
    }

    private static Outcome run(Program p, long capacity, long factor) {
        Chip chip = new Chip(Platform.load("a2a3", Map.of("memory.hbmGbps", Long.toString(capacity))), p,
                kernels(factor), Map.of(), false, 0);
        Set<Long> grownTasks = new HashSet<>();
        long[] grown = {0};
        long[] last = {0};
        chip.traceTo(e -> {
            if (e instanceof TraceEvent.Submitted s && s.kernelAiv0() == GROWN) {
                grownTasks.add(s.taskId());
            } else if (e instanceof TraceEvent.BlockEnded b) {
                last[0] = Math.max(last[0], b.endPs());
                if (grownTasks.contains(b.taskId())) {
                    grown[0] += b.endPs() - b.startPs();
                }
            }
        });
        RunSummary s = chip.run();
        if (!s.completed()) {
            throw new IllegalStateException(p.name() + " did not complete: " + s.error());
        }
        return new Outcome(s, grown[0], last[0]);
    }
}
