package io.ptosim.traces;

import java.io.IOException;

/**
 * The process and thread layout of a Perfetto file, after simpler's converter (traces.md §3.1): pid 1
 * the AICPU orchestrator (thread 4000), pid 2 the AICPU scheduler threads (thread 30000 + 10 t), pid 4
 * the Worker View with one track per core (thread 10000 + 10 core, named {@code AIC_<core>} or
 * {@code AIV_<core>}), sorted so that each cluster's AIC and two AIVs sit together.
 */
final class PerfettoTracks {
    static final int ORCHESTRATOR_PID = 1;
    static final int SCHEDULER_PID = 2;
    static final int WORKER_PID = 4;
    static final int ORCHESTRATOR_TID = 4000;

    private PerfettoTracks() {
    }

    /** The track of scheduler thread {@code thread}. */
    static int schedulerTid(int thread) {
        return 30000 + 10 * thread;
    }

    /** The track of core {@code core}. */
    static int coreTid(int core) {
        return 10000 + 10 * core;
    }

    /** Names every process and track of a chip with {@code layout}, whether it gets events or not. */
    static void name(TraceEventJson out, CoreLayout layout) throws IOException {
        out.process(ORCHESTRATOR_PID, "AICPU Orchestrator", ORCHESTRATOR_PID);
        out.thread(ORCHESTRATOR_PID, ORCHESTRATOR_TID, "Orch_0", 0);
        out.process(SCHEDULER_PID, "AICPU Scheduler", SCHEDULER_PID);
        for (int t = 0; t < layout.threads(); t++) {
            out.thread(SCHEDULER_PID, schedulerTid(t), "Sched_" + t, t);
        }
        out.process(WORKER_PID, "Worker View", WORKER_PID);
        for (int c = 0; c < layout.cores(); c++) {
            out.thread(WORKER_PID, coreTid(c), (layout.isAic(c) ? "AIC_" : "AIV_") + c,
                    3 * layout.cluster(c) + layout.slot(c));
        }
    }
}
