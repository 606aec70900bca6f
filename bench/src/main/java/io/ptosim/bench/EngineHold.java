package io.ptosim.bench;

import io.ptosim.des.EventKind;
import io.ptosim.des.EventLoop;
import io.ptosim.des.RunLimits;
import io.ptosim.des.Simulation;
import io.ptosim.des.StopReason;
import io.ptosim.des.Timer;

/**
 * The hold model run through a whole event loop: every event's action schedules its successor, so
 * the figure includes scheduling, firing, digest and bookkeeping, not just the queue. Built for the
 * ptosim {@link Simulation} (events scheduled one by one, or each pending event a {@link Timer} that
 * reschedules itself, as a simulated chip's actors do) or for the {@link PriorityQueueLoop} baseline.
 */
public abstract sealed class EngineHold {
    /** Which loop runs the model. */
    public enum Engine {
        /** ptosim's {@link Simulation}, each event scheduled with its action. */
        PTOSIM,
        /** ptosim's {@link Simulation}, each pending event a {@link Timer} rescheduling itself. */
        PTOSIM_TIMERS,
        /** The {@link PriorityQueueLoop} baseline. */
        PRIORITY_QUEUE
    }

    final HoldModel model;

    EngineHold(HoldModel model) {
        this.model = model;
    }

    /** A loop of the given engine holding {@code pending} events drawn from {@code seed}. */
    public static EngineHold create(Engine engine, int pending, long seed) {
        HoldModel model = new HoldModel(pending, seed);
        return switch (engine) {
            case PTOSIM -> new OnSimulation(model);
            case PTOSIM_TIMERS -> new OnTimers(model);
            case PRIORITY_QUEUE -> new OnPriorityQueue(model);
        };
    }

    /** Fires {@code events} events. */
    public abstract void fire(long events);

    /** The loop's virtual time (the last fired event's), which every engine must agree on. */
    public abstract long now();

    final void fill(EventLoop loop, Runnable hold) {
        for (int i = 0; i < model.pending(); i++) {
            loop.schedule(model.initialTime(i), hold);
        }
    }

    /** The hold model on a ptosim {@link Simulation}, run by event limit; subclasses schedule its events. */
    private abstract static sealed class OnPtosim extends EngineHold {
        final Simulation sim = new Simulation(1, RunLimits.DEFAULT.withMaxVirtualTimeNanos(Long.MAX_VALUE)
                .withMaxEvents(Long.MAX_VALUE));
        private final RunLimits base = sim.limits();

        OnPtosim(HoldModel model) {
            super(model);
        }

        @Override
        public void fire(long events) {
            sim.setLimits(base.withMaxEvents(sim.eventsFired() + events));
            StopReason reason = sim.run().reason();
            if (reason != StopReason.EVENT_LIMIT) {
                throw new IllegalStateException("hold model stopped early: " + reason);
            }
        }

        @Override
        public long now() {
            return sim.now();
        }
    }

    private static final class OnSimulation extends OnPtosim {
        OnSimulation(HoldModel model) {
            super(model);
            fill(sim, new Runnable() {
                @Override
                public void run() {
                    sim.scheduleAfter(model.nextDelay(), this);
                }
            });
        }
    }

    private static final class OnTimers extends OnPtosim {
        OnTimers(HoldModel model) {
            super(model);
            for (int i = 0; i < model.pending(); i++) {
                Timer[] self = new Timer[1];
                self[0] = sim.timer(EventKind.UNSPECIFIED, () -> self[0].schedule(sim.now() + model.nextDelay()));
                self[0].schedule(model.initialTime(i));
            }
        }
    }

    private static final class OnPriorityQueue extends EngineHold {
        private final PriorityQueueLoop loop = new PriorityQueueLoop();

        OnPriorityQueue(HoldModel model) {
            super(model);
            fill(loop, new Runnable() {
                @Override
                public void run() {
                    loop.scheduleAfter(model.nextDelay(), this);
                }
            });
        }

        @Override
        public void fire(long events) {
            loop.run(events);
        }

        @Override
        public long now() {
            return loop.now();
        }
    }
}
