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
 * waited for. Each series keeps a fixed number of fine bins, so a run of any length costs the same
 * memory; {@link #binned} folds them into equal time bins over the elapsed window.
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

    /** Fine bins each series keeps, whatever the run's length. */
    static final int FINE = 4096;
    /** The fine bins' first span, ps; it doubles (bins merging in pairs) until it holds the run. */
    private static final long FIRST_SPAN = FINE * 256L;

    /**
     * A count that changes at times, kept as {@link #FINE} bins over a span that doubles as time passes
     * it: per bin the highest value set in it and the value it ended with. Memory stays the same for a
     * run of any length.
     */
    private static final class Steps {
        private static final long NONE = Long.MIN_VALUE;
        private final long[] max = new long[FINE];
        private final long[] last = new long[FINE];
        private long span = FIRST_SPAN;
        private long peak;

        Steps() {
            Arrays.fill(max, NONE);
            Arrays.fill(last, NONE);
        }

        void add(long t, long v) {
            long at = Math.max(0, t);
            while (at >= span) {
                grow();
            }
            int b = (int) (at / (span / FINE));
            max[b] = Math.max(max[b], v);
            last[b] = v;
            peak = Math.max(peak, v);
        }

        private void grow() {
            for (int i = 0; i < FINE / 2; i++) {
                max[i] = Math.max(max[2 * i], max[2 * i + 1]);
                last[i] = last[2 * i + 1] != NONE ? last[2 * i + 1] : last[2 * i];
            }
            Arrays.fill(max, FINE / 2, FINE, NONE);
            Arrays.fill(last, FINE / 2, FINE, NONE);
            span *= 2;
        }

        long peak() {
            return peak;
        }

        /**
         * The highest value in each of {@code bins} bins over {@code [0, end)}, the value carried in from
         * before a bin counting too. A fine bin that straddles two bins counts toward both.
         */
        long[] maxPerBin(long end, int bins) {
            long[] out = new long[bins];
            Arrays.fill(out, NONE);
            long current = 0;
            long width = span / FINE;
            for (int f = 0; f < FINE && (long) f * width < end; f++) {
                long from = (long) f * width;
                long to = Math.min(end, from + width);
                long high = Math.max(current, max[f]);
                if (last[f] != NONE) {
                    current = last[f];
                }
                int first = (int) Math.min(bins - 1, (double) from * bins / end);
                int lastBin = (int) Math.min(bins - 1, (double) (to - 1) * bins / end);
                for (int k = first; k <= lastBin; k++) {
                    out[k] = Math.max(out[k], high);
                }
            }
            for (int k = 0; k < bins; k++) {
                out[k] = Math.max(0, out[k] == NONE ? current : out[k]);
            }
            return out;
        }
    }

    /** Busy time of one core type, kept as {@link #FINE} bins over a span that doubles as time passes it. */
    private static final class Intervals {
        private final double[] busy = new double[FINE];
        private long span = FIRST_SPAN;

        void add(long s, long e) {
            long from = Math.max(0, s);
            if (e <= from) {
                return;
            }
            while (e > span) {
                for (int i = 0; i < FINE / 2; i++) {
                    busy[i] = busy[2 * i] + busy[2 * i + 1];
                }
                Arrays.fill(busy, FINE / 2, FINE, 0);
                span *= 2;
            }
            long width = span / FINE;
            for (int b = (int) (from / width); b < FINE && (long) b * width < e; b++) {
                long lo = Math.max(from, (long) b * width);
                long hi = Math.min(e, (long) (b + 1) * width);
                busy[b] += Math.max(0, hi - lo);
            }
        }

        /** Busy time over {@code cores} cores in each of {@code bins} bins over {@code [0, end)}, as a percentage. */
        double[] percentPerBin(long end, int bins, int cores) {
            double[] out = new double[bins];
            double outWidth = (double) end / bins;
            long width = span / FINE;
            for (int f = 0; f < FINE; f++) {
                if (busy[f] == 0) {
                    continue;
                }
                double lo = (double) f * width;
                double hi = lo + width;
                for (int b = (int) Math.min(bins - 1, lo / outWidth); b < bins && b * outWidth < hi; b++) {
                    double overlap = Math.min(hi, (b + 1) * outWidth) - Math.max(lo, b * outWidth);
                    if (overlap > 0) {
                        out[b] += busy[f] * overlap / width;
                    }
                }
            }
            for (int b = 0; b < bins; b++) {
                out[b] = cores == 0 ? 0 : 100 * out[b] / (outWidth * cores);
            }
            return out;
        }
    }
}
