package io.ptosim.des;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Simulation#continueAt}: an actor goes on without queueing exactly when nothing could fire first. */
class ContinueAtTest {
    private static final EventKind STEP = EventKind.of(9, "step");

    private final Simulation sim = new Simulation(1);
    private final List<String> log = new ArrayList<>();

    @Test
    void continuesWhenNothingIsDueUpToTheTarget() {
        sim.schedule(20, STEP, () -> log.add("other@" + sim.now()));
        sim.schedule(10, STEP, () -> {
            log.add("actor@" + sim.now());
            assertThat(sim.continueAt(15, STEP)).isTrue();
            log.add("actor@" + sim.now());
        });
        RunResult r = sim.run();
        assertThat(log).containsExactly("actor@10", "actor@15", "other@20");
        assertThat(r.eventsFired()).isEqualTo(3);
    }

    @Test
    void refusesWhenAnotherEventIsDueAtOrBeforeTheTarget() {
        List<Boolean> answers = new ArrayList<>();
        sim.schedule(20, STEP, () -> log.add("other@" + sim.now()));
        sim.schedule(10, STEP, () -> {
            answers.add(sim.continueAt(20, STEP));
            answers.add(sim.continueAt(25, STEP));
            log.add("actor@" + sim.now());
        });
        sim.run();
        assertThat(answers).containsExactly(false, false);
        assertThat(log).containsExactly("actor@10", "other@20");
    }

    @Test
    void skipsCancelledEventsOnTheWay() {
        EventHandle gone = sim.schedule(12, STEP, () -> log.add("cancelled"));
        sim.schedule(10, STEP, () -> {
            assertThat(sim.cancel(gone)).isTrue();
            assertThat(sim.continueAt(14, STEP)).isTrue();
            log.add("actor@" + sim.now());
            assertThat(sim.cancel(gone)).isFalse();
        });
        sim.run();
        assertThat(log).containsExactly("actor@14");
        assertThat(sim.pending()).isZero();
    }

    @Test
    void refusesOutsideARunAfterStopBeyondUntilAndPastTheEventLimit() {
        assertThat(sim.continueAt(5, STEP)).isFalse();
        List<Boolean> answers = new ArrayList<>();
        sim.schedule(1, STEP, () -> {
            answers.add(sim.continueAt(50, STEP));
            answers.add(sim.continueAt(100, STEP));
            sim.stop();
            answers.add(sim.continueAt(60, STEP));
        });
        sim.runUntil(60);
        assertThat(answers).containsExactly(true, false, false);

        Simulation limited = new Simulation(1, RunLimits.DEFAULT.withMaxEvents(3));
        List<Boolean> more = new ArrayList<>();
        limited.schedule(1, STEP, () -> {
            for (int i = 2; i <= 4; i++) {
                more.add(limited.continueAt(i, STEP));
            }
        });
        RunResult r = limited.run();
        assertThat(more).containsExactly(true, true, false);
        assertThat(r.eventsFired()).isEqualTo(3);
    }

    @Test
    void refusesAnEndlessLoopAtOneInstant() {
        Simulation limited = new Simulation(1, RunLimits.DEFAULT.withMaxEventsAtOneInstant(5));
        int[] continued = new int[1];
        limited.schedule(3, STEP, () -> {
            while (limited.continueAt(3, STEP)) {
                continued[0]++;
            }
        });
        limited.run();
        assertThat(continued[0]).isEqualTo(4);
    }

    /**
     * Property: actors that step at random delays log the same (actor, time) sequence whether they
     * continue inline when allowed or always queue their next step. Repro: the seed in the message.
     */
    @Test
    void continuingNeverChangesWhatHappens() {
        int[] inlineSteps = new int[1];
        int tries = Tries.count(200);
        for (int seed = 0; seed < tries; seed++) {
            List<String> queued = actors(seed, false, new int[1]);
            List<String> continued = actors(seed, true, inlineSteps);
            assertThat(continued).as("seed %d (repro: ContinueAtTest seed=%d)", seed, seed).isEqualTo(queued);
        }
        assertThat(inlineSteps[0]).as("steps taken inline").isGreaterThan(tries * 10);
    }

    /** Three actors, each taking 30 steps of delay 0..4 ns; actor 0 now and then moves actor 2's next step. */
    private static List<String> actors(long seed, boolean inline, int[] inlineSteps) {
        Simulation s = new Simulation(seed);
        List<String> out = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        Actor[] actors = new Actor[3];
        for (int a = 0; a < 3; a++) {
            actors[a] = new Actor(a, s, out, random, inline, actors, inlineSteps);
        }
        for (Actor a : actors) {
            a.next = s.schedule(a.id, STEP, a::run);
        }
        s.run();
        return out;
    }

    /** One stepping actor of the property. */
    private static final class Actor {
        final int id;
        final Simulation sim;
        final List<String> out;
        final long[] delays = new long[30];
        final boolean inline;
        final Actor[] all;
        final int[] inlineSteps;
        EventHandle next;
        int steps;

        Actor(int id, Simulation sim, List<String> out, SplittableRandom random, boolean inline, Actor[] all,
                int[] inlineSteps) {
            this.inlineSteps = inlineSteps;
            this.id = id;
            this.sim = sim;
            this.out = out;
            this.inline = inline;
            this.all = all;
            for (int i = 0; i < delays.length; i++) {
                delays[i] = random.nextInt(5);
            }
        }

        void run() {
            next = null;
            long at;
            do {
                out.add(id + "@" + sim.now() + "#" + steps);
                Actor other = all[2];
                if (id == 0 && steps % 7 == 3 && other.next != null) {
                    sim.cancel(other.next);
                    other.next = sim.schedule(sim.now() + 1, STEP, other::run);
                }
                if (++steps == delays.length) {
                    return;
                }
                at = sim.now() + delays[steps];
            } while (inline && sim.continueAt(at, STEP) && ++inlineSteps[0] > 0);
            next = sim.schedule(at, STEP, this::run);
        }
    }
}
