package io.ptosim.des;

import java.util.ArrayList;
import java.util.List;

/**
 * A randomized event workload for determinism and ordering properties: seed events at random times,
 * each of which may schedule children (zero delay included), cancel a pending event, or draw from a
 * second stream. It records the order in which events fire and which were cancelled.
 */
final class RandomEventWorkload {
    private static final EventKind[] KINDS = {
        EventKind.of(1, "submit"), EventKind.of(2, "dispatch"), EventKind.of(3, "kernel-end"), EventKind.of(4, "poll")
    };

    /** One firing: the workload's own scheduling number and the time it fired at. */
    record Firing(long number, long scheduledAt, long firedAt) {
    }

    /** A scheduled event not yet fired: its workload number, handle and place in {@code live}. */
    private static final class Pending {
        final long number;
        EventHandle handle;
        int index;

        Pending(long number) {
            this.number = number;
        }
    }

    /** Events scheduled at most; each firing has 1.125 children on average until then. */
    private static final int MAX_SCHEDULED = 20_000;

    private final Simulation sim;
    private final RandomStream shape;
    private final RandomStream jitter;
    private final List<Firing> firings = new ArrayList<>();
    private final List<Pending> live = new ArrayList<>();
    private final List<Long> cancelledNumbers = new ArrayList<>();
    /** Handles of events that fired or were cancelled: cancelling them again must fail. */
    private final List<EventHandle> dead = new ArrayList<>();
    private String violation;
    private long scheduled;

    RandomEventWorkload(long seed, int initialEvents) {
        this.sim = new Simulation(seed, RunLimits.DEFAULT.withMaxEvents(200_000));
        this.shape = sim.random().stream("workload-shape");
        this.jitter = sim.random().stream("workload-jitter");
        for (int i = 0; i < initialEvents; i++) {
            add(shape.nextLong(10_000));
        }
    }

    RunResult run() {
        return sim.run();
    }

    Simulation simulation() {
        return sim;
    }

    List<Firing> firings() {
        return firings;
    }

    List<Long> cancelledNumbers() {
        return cancelledNumbers;
    }

    long scheduledCount() {
        return scheduled;
    }

    /** The first broken engine rule the workload saw while it ran, or null. */
    String violation() {
        return violation;
    }

    private void check(boolean ok, String what) {
        if (!ok && violation == null) {
            violation = what + " (at t=" + sim.now() + " ns)";
        }
    }

    private void add(long at) {
        Pending entry = new Pending(scheduled++);
        entry.handle = sim.schedule(at, KINDS[shape.nextInt(KINDS.length)], () -> fire(at, entry));
        entry.index = live.size();
        live.add(entry);
    }

    /** Removes from {@code live} by swapping in the last entry: O(1), and still deterministic. */
    private void forget(Pending entry) {
        Pending last = live.remove(live.size() - 1);
        if (last != entry) {
            live.set(entry.index, last);
            last.index = entry.index;
        }
    }

    private void fire(long at, Pending entry) {
        forget(entry);
        dead.add(entry.handle);
        firings.add(new Firing(entry.number, at, sim.now()));
        check(sim.pending() == live.size(), "engine has " + sim.pending() + " pending, workload " + live.size());
        if (!dead.isEmpty() && shape.nextInt(4) == 0) {
            EventHandle again = dead.get(shape.nextInt(dead.size()));
            check(!sim.cancel(again), "cancelled " + again + ", which had fired or was cancelled already");
        }
        int children = scheduled < MAX_SCHEDULED && shape.nextInt(4) != 0 ? 1 + shape.nextInt(2) : 0;
        for (int c = 0; c < children; c++) {
            long delay = shape.nextInt(4) == 0 ? 0 : 1 + (long) jitter.nextExponential(500);
            add(sim.now() + delay);
        }
        if (!live.isEmpty() && shape.nextInt(8) == 0) {
            Pending victim = live.get(shape.nextInt(live.size()));
            forget(victim);
            boolean done = sim.cancel(victim.handle);
            check(done, "could not cancel pending " + victim.handle);
            cancelledNumbers.add(victim.number);
            dead.add(victim.handle);
        }
    }
}
