package io.ptosim.chip;

import io.ptosim.des.EventKind;
import io.ptosim.des.NamedEventKind;
import io.ptosim.des.Simulation;
import io.ptosim.des.Timer;

/**
 * The die's shared HBM (and its L2) as one resource in the event model. Every running block that moves
 * bytes is a flow, at most one per core (slot = core id): it must move its bytes, at no more than its
 * demand cap ({@link #demandCap}: the core type's per-core bandwidth, or less when the block computes
 * longer than it would stream), and all flows share the capacity by max-min fairness (SimGrid's rule on
 * one link: water-filling over the caps in ascending order, ties in core order). Rates are recomputed
 * only when a flow starts or finishes; between those changes they are constant, so remaining bytes
 * advance exactly and a flow's finish is projected as {@code now + remaining / rate}.
 *
 * <p>Arithmetic: rates are GB/s (= bytes per ns = millibytes per ps) and remaining work is kept in
 * millibytes as a {@code double}, so moving for {@code dt} ps subtracts {@code rate * dt}. Java's
 * floating point is strict and every operation here runs in a fixed order, so results are the same on
 * every JVM. A finish is rounded up to the picosecond, after forgiving 10^-6 ps of floating-point noise
 * (so an exact quotient never gains a picosecond); a flow is finished at its projected instant, whatever
 * residue is left.
 *
 * <p>Time: the model's state is exact at its frontier {@link #nowPs()}. Flows are registered with a
 * start that may lie in the future (a block starts after the dispatch latency); changes are processed in
 * picosecond order, by an event at the ceiling nanosecond of the next change, or earlier on demand
 * ({@link #advanceTo}) when a scheduler thread whose clock runs ahead of the simulation polls a core.
 * A flow registered with a start before the frontier (possible only when another thread's poll moved
 * the frontier past it) starts streaming at the frontier; {@link #clamped()} counts those.
 *
 * <p>Quiet: while the caps of all registered flows (waiting or active) fit in the capacity, with a
 * margin of 10<sup>-9</sup> for rounding, every flow runs at its cap from start to finish, so its
 * projection is final and processing a change has no effect but to clear {@link AiCore#inFlight} (a
 * poll that reads it catches the model up itself). No event is kept then, except for the finish of a
 * flow whose core waits to place a preloaded block ({@link #notifyOnFinish}). The first registration
 * that breaks the condition brings the events back, and the backlog is processed in picosecond order
 * before the new flow starts, so results are those of an event at every change; on paged-attention
 * Case1 this drops 131 k of 485 k events.
 *
 * <p>Capacity 0 means unlimited: every flow runs at its cap.
 */
final class MemorySystem {
    static final EventKind HBM = new NamedEventKind(12, "hbm");
    private static final byte NONE = 0;
    private static final byte WAITING = 1;
    private static final byte ACTIVE = 2;
    private static final double NOISE_PS = 1e-6;

    /** What the model tells its owner. */
    interface Listener {
        /** The flow of {@code core} is now projected to finish at {@code finPs} (its rate changed or it started). */
        void projected(int core, long finPs);

        /** The flow of {@code core} moved its last byte at {@code atPs} (final). */
        void done(int core, long atPs);

        /** A batch of changes is over: projections are consistent again. */
        void settled();
    }

    private final Simulation loop;
    private final Listener listener;
    private final double capacity;
    private final byte[] state;
    private final long[] startPs;
    private final double[] remaining;
    private final double[] cap;
    private final double[] rate;
    private final long[] finPs;
    /** Active flows sorted by (cap, core). */
    private final int[] active;
    private int activeCount;
    private final int[] waiting;
    private int waitingCount;
    private final int[] finished;
    /** Per core: its flow's finish must be processed at its instant even when quiet. */
    private final boolean[] notify;
    private int notifyCount;
    private long nowPs;
    /** Its event at the next change, while one is scheduled. */
    private final Timer event;
    private long clamped;
    private long changes;

    /**
     * A memory system for {@code cores} flow slots.
     *
     * @param capacityGbps the shared capacity in GB/s, 0 for unlimited
     */
    MemorySystem(Simulation loop, int cores, double capacityGbps, Listener listener) {
        if (!(capacityGbps >= 0) || Double.isInfinite(capacityGbps)) {
            throw new IllegalArgumentException("HBM capacity " + capacityGbps + " GB/s; expected a finite number >= 0");
        }
        this.loop = loop;
        this.event = loop.timer(HBM, this::fire);
        this.listener = listener;
        this.capacity = capacityGbps;
        state = new byte[cores];
        startPs = new long[cores];
        remaining = new double[cores];
        cap = new double[cores];
        rate = new double[cores];
        finPs = new long[cores];
        active = new int[cores];
        waiting = new int[cores];
        finished = new int[cores];
        notify = new boolean[cores];
    }

    /** A block's demand cap in GB/s: {@code min(coreGbps, bytes / computePs)}; the core's cap when it does not compute. */
    static double demandCap(long bytes, long computePs, double coreGbps) {
        return computePs == 0 ? coreGbps : Math.min(coreGbps, bytes * 1000.0 / computePs);
    }

    /** {@code ps} rounded up to a whole picosecond, forgiving floating-point noise. */
    static long ceilPs(double ps) {
        return Math.max(0, (long) Math.ceil(ps - NOISE_PS));
    }

    /** The frontier: the instant up to which the model is exact. */
    long nowPs() {
        return nowPs;
    }

    /** Flows whose start lay before the frontier when registered (they streamed from the frontier). */
    long clamped() {
        return clamped;
    }

    /** Rate recomputations so far. */
    long changes() {
        return changes;
    }

    /**
     * Core {@code core} streams {@code bytes} (> 0) from {@code atPs} at no more than {@code capGbps} (> 0).
     *
     * @return the finish projected if it streamed alone (its earliest possible finish)
     */
    long start(int core, long atPs, long bytes, double capGbps) {
        if (state[core] != NONE) {
            throw new IllegalStateException("core " + core + " already has a flow");
        }
        if (atPs < nowPs) {
            clamped++;
            atPs = nowPs;
        }
        state[core] = WAITING;
        startPs[core] = atPs;
        remaining[core] = bytes * 1000.0;
        cap[core] = capGbps;
        rate[core] = 0;
        finPs[core] = atPs + ceilPs(remaining[core] / capGbps);
        waiting[waitingCount++] = core;
        ensureEvent();
        return finPs[core];
    }

    /**
     * Asks for {@code core}'s flow to be processed at its finish instant, quiet or not: its core holds a
     * preloaded block that is placed when the flow is done.
     */
    void notifyOnFinish(int core) {
        if (state[core] != NONE && !notify[core]) {
            notify[core] = true;
            notifyCount++;
            ensureEvent();
        }
    }

    /** The projected finish of {@code core}'s flow (if it has one). */
    long projectedPs(int core) {
        return finPs[core];
    }

    /** Whether {@code core} has a flow that has not finished. */
    boolean flowing(int core) {
        return state[core] != NONE;
    }

    /** The current rate of {@code core}'s flow in GB/s (0 while it waits to start). */
    double rate(int core) {
        return rate[core];
    }

    private void fire() {
        advanceTo(loop.now() * 1000);
        ensureEvent();
    }

    /** Processes every change up to {@code tPs}, in picosecond order, then tells the listener it settled. */
    void advanceTo(long tPs) {
        boolean any = false;
        for (long c = nextChange(); c <= tPs && c != Long.MAX_VALUE; c = nextChange()) {
            any = true;
            step(c);
        }
        if (any) {
            listener.settled();
            ensureEvent();
        }
    }

    /** The earliest pending change (a start or a finish), or {@code Long.MAX_VALUE}. */
    private long nextChange() {
        long c = Long.MAX_VALUE;
        for (int k = 0; k < waitingCount; k++) {
            c = Math.min(c, startPs[waiting[k]]);
        }
        for (int k = 0; k < activeCount; k++) {
            c = Math.min(c, finPs[active[k]]);
        }
        return c;
    }

    private void step(long c) {
        changes++;
        long dt = c - nowPs;
        if (dt > 0) {
            for (int k = 0; k < activeCount; k++) {
                int i = active[k];
                remaining[i] = Math.max(0, remaining[i] - rate[i] * dt);
            }
            nowPs = c;
        }
        int done = 0;
        int kept = 0;
        for (int k = 0; k < activeCount; k++) {
            int i = active[k];
            if (finPs[i] <= c) {
                state[i] = NONE;
                if (notify[i]) {
                    notify[i] = false;
                    notifyCount--;
                }
                rate[i] = 0;
                remaining[i] = 0;
                finished[done++] = i;
            } else {
                active[kept++] = i;
            }
        }
        activeCount = kept;
        for (int k = 0; k < waitingCount; ) {
            int i = waiting[k];
            if (startPs[i] <= c) {
                waiting[k] = waiting[--waitingCount];
                insertActive(i);
            } else {
                k++;
            }
        }
        share();
        for (int k = 0; k < done; k++) {
            listener.done(finished[k], c);
        }
    }

    /** Inserts a newly started flow in (cap, core) order; its rate 0 marks it as new for {@link #share}. */
    private void insertActive(int i) {
        state[i] = ACTIVE;
        rate[i] = 0;
        int k = activeCount++;
        while (k > 0 && (cap[active[k - 1]] > cap[i] || (cap[active[k - 1]] == cap[i] && active[k - 1] > i))) {
            active[k] = active[k - 1];
            k--;
        }
        active[k] = i;
    }

    /** Water-filling: the flows in ascending cap order take their cap while it is below an equal share of what is left. */
    private void share() {
        double left = capacity;
        int m = activeCount;
        double equal = -1;
        for (int k = 0; k < activeCount; k++) {
            int i = active[k];
            double r;
            if (capacity == 0) {
                r = cap[i];
            } else if (equal >= 0) {
                r = equal;
            } else {
                double s = left / m;
                if (cap[i] <= s) {
                    r = cap[i];
                    left -= r;
                    m--;
                } else {
                    equal = s;
                    r = s;
                }
            }
            if (r != rate[i]) {
                rate[i] = r;
                finPs[i] = nowPs + ceilPs(remaining[i] / r);
                listener.projected(i, finPs[i]);
            }
        }
    }

    /** The caps of all registered flows fit in the capacity (with a margin): every flow runs at its cap. */
    private boolean quiet() {
        if (capacity == 0) {
            return true;
        }
        double sum = 0;
        for (int k = 0; k < activeCount; k++) {
            sum += cap[active[k]];
        }
        for (int k = 0; k < waitingCount; k++) {
            sum += cap[waiting[k]];
        }
        return sum * QUIET_MARGIN <= capacity;
    }

    private static final double QUIET_MARGIN = 1 + 1e-9;

    /** The earliest finish of a flow asked for by {@link #notifyOnFinish}, or {@code Long.MAX_VALUE}. */
    private long nextNotified() {
        long c = Long.MAX_VALUE;
        if (notifyCount > 0) {
            for (int k = 0; k < waitingCount; k++) {
                if (notify[waiting[k]]) {
                    c = Math.min(c, finPs[waiting[k]]);
                }
            }
            for (int k = 0; k < activeCount; k++) {
                if (notify[active[k]]) {
                    c = Math.min(c, finPs[active[k]]);
                }
            }
        }
        return c;
    }

    /**
     * Keeps one event at the ceiling nanosecond of the next change (an earlier one is left to fire); when
     * quiet, only at the next finish asked for by {@link #notifyOnFinish}.
     */
    private void ensureEvent() {
        long c = quiet() ? nextNotified() : nextChange();
        if (c == Long.MAX_VALUE) {
            return;
        }
        long at = Math.max(Chip.ceilNs(c), loop.now());
        if (event.pending() && event.dueNanos() <= at) {
            return;
        }
        event.schedule(at);
    }
}
