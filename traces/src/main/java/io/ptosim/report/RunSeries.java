package io.ptosim.report;

import io.ptosim.runtime.TaskId;
import io.ptosim.trace.TraceEvent;
import io.ptosim.trace.TraceSink;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run's page charts over time, gathered from its trace events as they come: the tasks in flight
 * in each ring (submitted, not yet behind the ring's watermark), the tasks ready and waiting for their
 * first block to be dispatched, the busy time of each core type, and each resource the orchestrator
 * waited for. {@link #binned} folds the counts into equal time bins over the elapsed window.
 */
public final class RunSeries implements TraceSink {
    /** Most rings tracked (a task id's ring field). */
    static final int RINGS = 16;

    private final int aicCores;
    private final int aivCores;
    private final Steps[] inFlight = new Steps[RINGS];
    private final long[] submitted = new long[RINGS];
    private final long[] watermark = new long[RINGS];
    private final Steps waiting = new Steps();
    private int ready;
    private final Intervals aicBusy = new Intervals();
    private final Intervals aivBusy = new Intervals();
    /** Per resource, in order of first wait: waits, total ps, start of the open wait (-1 when none). */
    private final Map<String, long[]> blocked = new LinkedHashMap<>();

    /** Series of a chip whose cores {@code 0 .. aicCores-1} are AIC and the next {@code aivCores} AIV. */
    public RunSeries(int aicCores, int aivCores) {
        this.aicCores = aicCores;
        this.aivCores = aivCores;
    }

    @Override
    public void accept(TraceEvent event) {
        switch (event) {
            case TraceEvent.Submitted s -> submit(s.timePs(), s.taskId());
            case TraceEvent.Allocated a -> submit(a.timePs(), a.taskId());
            case TraceEvent.WatermarkAdvanced w -> {
                if (w.ring() >= 0 && w.ring() < RINGS) {
                    watermark[w.ring()] = Math.max(watermark[w.ring()], w.watermark());
                    ring(w.ring()).add(w.timePs(), submitted[w.ring()] - watermark[w.ring()]);
                }
            }
            case TraceEvent.Ready r -> waiting.add(r.timePs(), ++ready);
            case TraceEvent.Dispatched d -> {
                if (d.block() == 0) {
                    waiting.add(d.timePs(), --ready);
                }
            }
            case TraceEvent.BlockEnded b -> (b.core() < aicCores ? aicBusy : aivBusy).add(b.startPs(), b.endPs());
            case TraceEvent.Blocked b -> {
                long[] w = blocked.computeIfAbsent(b.resource(), k -> new long[] {0, 0, -1});
                w[0]++;
                w[2] = b.timePs();
            }
            case TraceEvent.Unblocked u -> {
                long[] w = blocked.get(u.resource());
                if (w != null && w[2] >= 0) {
                    w[1] += u.timePs() - w[2];
                    w[2] = -1;
                }
            }
            default -> {
            }
        }
    }

    private void submit(long timePs, long taskId) {
        int r = TaskId.ring(taskId);
        if (r >= 0 && r < RINGS) {
            submitted[r] = Math.max(submitted[r], TaskId.local(taskId) + 1);
            ring(r).add(timePs, submitted[r] - watermark[r]);
        }
    }

    private Steps ring(int r) {
        if (inFlight[r] == null) {
            inFlight[r] = new Steps();
        }
        return inFlight[r];
    }

    /** The highest count of tasks in flight ring {@code r} reached (0 for a ring that held none). */
    public long peakInFlight(int r) {
        return inFlight[r] == null ? 0 : inFlight[r].peak();
    }

    /**
     * Each resource the orchestrator waited for, in order of its first wait: how many waits and their
     * total virtual time in ps (a wait still open at the end counts until {@code endPs}).
     */
    public Map<String, long[]> blocked(long endPs) {
        Map<String, long[]> out = new LinkedHashMap<>();
        blocked.forEach((k, w) -> out.put(k, new long[] {w[0], w[1] + (w[2] >= 0 ? Math.max(0, endPs - w[2]) : 0)}));
        return out;
    }

    /**
     * The series folded into {@code bins} equal bins over {@code [0, endPs)}: for counts, the highest
     * value in each bin; for core types, the busy percentage of the type's cores in each bin.
     */
    public Binned binned(long endPs, int bins) {
        long end = Math.max(1, endPs);
        double[] startUs = new double[bins];
        for (int i = 0; i < bins; i++) {
            startUs[i] = (double) end * i / bins / 1e6;
        }
        Map<Integer, long[]> rings = new LinkedHashMap<>();
        for (int r = 0; r < RINGS; r++) {
            if (inFlight[r] != null && inFlight[r].peak() > 0) {
                rings.put(r, inFlight[r].maxPerBin(end, bins));
            }
        }
        return new Binned(startUs, rings, waiting.maxPerBin(end, bins), aicBusy.percentPerBin(end, bins, aicCores),
                aivBusy.percentPerBin(end, bins, aivCores));
    }

    /**
     * Series in equal time bins.
     *
     * @param startUs each bin's start in µs
     * @param inFlight per ring that held tasks, the most tasks in flight in each bin
     * @param waiting the most ready tasks waiting for a first dispatch in each bin
     * @param aicBusy the AIC cores' busy percentage in each bin
     * @param aivBusy the AIV cores' busy percentage in each bin
     */
    public record Binned(double[] startUs, Map<Integer, long[]> inFlight, long[] waiting, double[] aicBusy,
            double[] aivBusy) {
    }

    /** A count that changes at times: (time, value after the change) in the order they come. */
    private static final class Steps {
        private long[] time = new long[256];
        private long[] value = new long[256];
        private int n;
        private long peak;

        void add(long t, long v) {
            if (n == time.length) {
                time = Arrays.copyOf(time, 2 * n);
                value = Arrays.copyOf(value, 2 * n);
            }
            time[n] = t;
            value[n++] = v;
            peak = Math.max(peak, v);
        }

        long peak() {
            return peak;
        }

        /** The highest value in each bin, the value carried in from before counting as well. */
        long[] maxPerBin(long end, int bins) {
            long[] out = new long[bins];
            long current = 0;
            int k = 0;
            for (int b = 0; b < bins; b++) {
                long binEnd = b == bins - 1 ? Long.MAX_VALUE : end * (b + 1) / bins;
                long max = current;
                while (k < n && time[k] < binEnd) {
                    current = value[k++];
                    max = Math.max(max, current);
                }
                out[b] = Math.max(0, max);
            }
            return out;
        }
    }

    /** Busy intervals of one core type. */
    private static final class Intervals {
        private long[] start = new long[256];
        private long[] end = new long[256];
        private int n;

        void add(long s, long e) {
            if (n == start.length) {
                start = Arrays.copyOf(start, 2 * n);
                end = Arrays.copyOf(end, 2 * n);
            }
            start[n] = s;
            end[n++] = e;
        }

        /** Busy time over {@code cores} cores in each bin, as a percentage. */
        double[] percentPerBin(long endPs, int bins, int cores) {
            double[] busy = new double[bins];
            double width = (double) endPs / bins;
            for (int i = 0; i < n; i++) {
                long s = Math.max(0, start[i]);
                long e = Math.min(endPs, end[i]);
                for (int b = (int) Math.min(bins - 1, s / width); b < bins && b * width < e; b++) {
                    double lo = Math.max(s, b * width);
                    double hi = Math.min(e, (b + 1) * width);
                    busy[b] += Math.max(0, hi - lo);
                }
            }
            for (int b = 0; b < bins; b++) {
                busy[b] = cores == 0 ? 0 : 100 * busy[b] / (width * cores);
            }
            return busy;
        }
    }
}
