package io.ptosim.properties;

import org.junit.jupiter.api.Test;

/** The node runtime's properties ({@link NodeProperty}) over the run's seeds. */
class NodePropertiesTest {
    @Test
    void pinnedMembersRunOnTheirChipsAndGroupsOnDistinctWorkersAtOnce() {
        NodeProperty.NODE_AFFINITY.check(getClass());
    }

    @Test
    void producersAreTheModelsLastWritersAndRunFirst() {
        NodeProperty.NODE_DEPENDENCIES.check(getClass());
    }

    @Test
    void cleanProgramsFinishAndEveryReadyTaskIsDispatched() {
        NodeProperty.NODE_NO_STARVATION.check(getClass());
    }

    @Test
    void aFailureFailsExactlyItsTransitiveDependents() {
        NodeProperty.NODE_FAILURE_CONTAINMENT.check(getClass());
    }

    @Test
    void theSameSeedGivesTheSameDigestAndDispatchLog() {
        NodeProperty.NODE_DETERMINISM.check(getClass());
    }

    @Test
    void chipMemoryBalancesTheProgramsUnfreedMallocs() {
        NodeProperty.NODE_MEMORY_BALANCE.check(getClass());
    }

    /**
     * Fails until PROCESS workers work: NodeWorker leaves each child's mailbox in INIT_READY (the child's
     * start-up report is never accepted), so the first task or memory call on it throws (seed 0 shrinks to
     * one submit and the drain). Left failing on purpose; the other node properties run THREAD workers
     * meanwhile ({@link NodeProperties#ALTERNATE_MODES}).
     */
    @Test
    void cleanProgramsFinishWithProcessWorkers() {
        NodeProperty.NODE_PROCESS_MODE.check(getClass());
    }
}
