package io.ptosim.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The few-second benchmark behind {@code ptosim bench}: the hold model on the bare event queue and
 * through the whole engine, each against its PriorityQueue baseline, at 10^3 and 10^6 pending. Timed
 * with the wall clock in rounds that alternate between ptosim and the baseline; each figure is the
 * median round. For publishable numbers use the JMH benchmarks, which fork a clean JVM per benchmark.
 */
public final class QuickBench {
    /** Pending sizes {@code ptosim bench} reports. */
    public static final int[] PENDING_SIZES = {1_000, 1_000_000};
    /** Measured rounds per figure; the figure is their median. */
    public static final int MEASURED_ROUNDS = 5;

    private static final int WARMUP_ROUNDS = 2;
    private static final long SEED = 42;

    /** What a figure measures. */
    public enum Layer {
        /** {@link QueueHold}: the event queue alone. */
        EVENT_QUEUE("event queue"),
        /** {@link EngineHold}: scheduling and firing through the whole event loop. */
        ENGINE("engine");

        private final String label;

        Layer(String label) {
            this.label = label;
        }

        /** Short label for tables. */
        public String label() {
            return label;
        }
    }

    /**
     * One row of the table.
     *
     * @param layer what was measured
     * @param pending events kept pending
     * @param ptosimEventsPerSecond median events/s of ptosim
     * @param baselineEventsPerSecond median events/s of the PriorityQueue baseline
     */
    public record HoldFigure(Layer layer, int pending, double ptosimEventsPerSecond, double baselineEventsPerSecond) {
        /** How many times faster ptosim is than the baseline. */
        public double speedup() {
            return ptosimEventsPerSecond / baselineEventsPerSecond;
        }
    }

    private QuickBench() {
    }

    /** Measures both layers at every size in {@link #PENDING_SIZES}, reporting progress lines. */
    public static List<HoldFigure> run(Consumer<String> progress) {
        List<HoldFigure> figures = new ArrayList<>();
        for (Layer layer : Layer.values()) {
            for (int pending : PENDING_SIZES) {
                progress.accept(layer.label() + ", " + pending + " pending ...");
                figures.add(measure(layer, pending, eventsPerRound(pending)));
            }
        }
        return figures;
    }

    /** Measures one layer at one size: median events/s of ptosim and the baseline over alternating rounds. */
    public static HoldFigure measure(Layer layer, int pending, long eventsPerRound) {
        LongConsumer ptosim;
        LongConsumer baseline;
        if (layer == Layer.EVENT_QUEUE) {
            QueueHold q = QueueHold.create(QueueHold.Queue.RADIX_HEAP, pending, SEED);
            QueueHold b = QueueHold.create(QueueHold.Queue.PRIORITY_QUEUE, pending, SEED);
            ptosim = q::hold;
            baseline = b::hold;
        } else {
            EngineHold e = EngineHold.create(EngineHold.Engine.PTOSIM, pending, SEED);
            EngineHold b = EngineHold.create(EngineHold.Engine.PRIORITY_QUEUE, pending, SEED);
            ptosim = e::fire;
            baseline = b::fire;
        }
        for (int i = 0; i < WARMUP_ROUNDS; i++) {
            ptosim.accept(eventsPerRound);
            baseline.accept(eventsPerRound);
        }
        double[] ptosimRates = new double[MEASURED_ROUNDS];
        double[] baselineRates = new double[MEASURED_ROUNDS];
        for (int i = 0; i < MEASURED_ROUNDS; i++) {
            ptosimRates[i] = eventsPerSecond(ptosim, eventsPerRound);
            baselineRates[i] = eventsPerSecond(baseline, eventsPerRound);
        }
        return new HoldFigure(layer, pending, median(ptosimRates), median(baselineRates));
    }

    /**
     * Median events/s of the engine when every pending event is a {@link io.ptosim.des.Timer} that
     * reschedules itself (how a simulated chip's actors schedule), in the hold model at {@code pending}.
     */
    public static double timerEventsPerSecond(int pending, long eventsPerRound) {
        EngineHold e = EngineHold.create(EngineHold.Engine.PTOSIM_TIMERS, pending, SEED);
        for (int i = 0; i < WARMUP_ROUNDS; i++) {
            e.fire(eventsPerRound);
        }
        double[] rates = new double[MEASURED_ROUNDS];
        for (int i = 0; i < MEASURED_ROUNDS; i++) {
            rates[i] = eventsPerSecond(e::fire, eventsPerRound);
        }
        return median(rates);
    }

    private static long eventsPerRound(int pending) {
        return pending >= 100_000 ? 200_000 : 1_000_000;
    }

    private static double eventsPerSecond(LongConsumer work, long events) {
        long start = System.nanoTime();
        work.accept(events);
        long elapsed = System.nanoTime() - start;
        return events * 1e9 / Math.max(1, elapsed);
    }

    /** Median of the values (mean of the middle two for an even count). */
    public static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("median of no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
