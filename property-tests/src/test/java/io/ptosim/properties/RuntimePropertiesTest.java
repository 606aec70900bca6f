package io.ptosim.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.des.RandomStreams;
import io.ptosim.program.Program;
import io.ptosim.program.UntimedRun;
import org.junit.jupiter.api.Test;

/** Properties of the runtime state machine under random completion orders (issue 3, properties 3, 4, 5). */
class RuntimePropertiesTest {
    @Test
    void ringsStaySafeUnderRandomCompletionOrders() {
        PropertyRunner.check(Property.RING_SAFETY, getClass());
    }

    @Test
    void theSafetyRunsReallyReuseSlotsAndWrapHeaps() {
        RuntimeProperties.REUSES_AND_WRAPS[0] = 0;
        RuntimeProperties.REUSES_AND_WRAPS[1] = 0;
        for (long seed = 0; seed < 50; seed++) {
            assertThat(RuntimeProperties.ringSafety(RuntimeProperties.generate(seed))).isNull();
        }
        assertThat(RuntimeProperties.REUSES_AND_WRAPS[0]).as("slot reuses").isGreaterThan(100);
        assertThat(RuntimeProperties.REUSES_AND_WRAPS[1]).as("heap wraps").isGreaterThan(20);
    }

    @Test
    void everyRunCompletesOrStopsWithADeadlockCode() {
        PropertyRunner.check(Property.BOUNDED, getClass());
    }

    @Test
    void theSameSeedGivesTheSameStepperTrace() {
        PropertyRunner.check(Property.STEPPER_DETERMINISM, getClass());
    }

    @Test
    void roomyRingsCompleteEveryProgramAndTinyOnesDeadlockSome() {
        int completedRoomy = 0;
        int stoppedTiny = 0;
        int hybridEdges = 0;
        int dataWaits = 0;
        for (long seed = 0; seed < 60; seed++) {
            Program p = RuntimeProperties.generate(seed);
            hybridEdges += (int) p.ops().stream().filter(io.ptosim.program.Op.AddDependency.class::isInstance).count();
            UntimedRun.Outcome roomy = UntimedRun.run(p, RuntimeProperties.smallConfig(seed, true), new RandomStreams(seed).stream("o"),
                    (rt, e) -> { });
            completedRoomy += roomy.result() == UntimedRun.Result.COMPLETED ? 1 : 0;
            dataWaits += (int) roomy.trace().stream().filter(e -> e.contains("_tensor_data op") && e.contains(" waits for "))
                    .count();
            UntimedRun.Outcome tiny = UntimedRun.run(p, RuntimeProperties.smallConfig(seed, false), new RandomStreams(seed).stream("o"),
                    (rt, e) -> { });
            stoppedTiny += tiny.result() == UntimedRun.Result.STOPPED ? 1 : 0;
        }
        assertThat(hybridEdges).as("add_dependency ops in MANUAL_HYBRID scopes").isGreaterThan(20);
        assertThat(dataWaits).as("get/set_tensor_data that waited for a producer").isGreaterThan(10);
        assertThat(completedRoomy).isGreaterThan(50);
        assertThat(stoppedTiny).isGreaterThan(5);
    }
}
