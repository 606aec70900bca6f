package io.ptosim.chip;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * What a simulated chip run did.
 *
 * @param platform the platform's name
 * @param completed whether every task completed
 * @param errorCode the latched error code (0 when none)
 * @param error the diagnosis of a failed run, else ""
 * @param elapsedNs latest orchestrator or scheduler end minus earliest start (the reference's definition)
 * @param orchNs the orchestrator's window (of a failed run: until it stopped)
 * @param blockedNs virtual time the orchestrator spent blocked, per resource (window, heap, dep pool,
 *     TensorMap, tensor wait)
 * @param tasks task ids allocated (including alloc_tensors and dummy tasks)
 * @param edges fanin edges wired
 * @param dispatches kernel blocks dispatched to cores
 * @param aicUtilization busy time of the AIC cores over cores × elapsed
 * @param aivUtilization busy time of the AIV cores over cores × elapsed
 * @param peakLive peak live tasks per ring
 * @param lostReady tasks lost to a full ready queue
 * @param events simulation events fired
 * @param digest the run's determinism digest (hex)
 * @param orchStepNs orchestrator time charged per step of the cost model
 * @param orchStepCounts how many times each step was charged
 * @param work what the kernel blocks did in all: FLOPs, global-memory bytes, compute time alone
 * @param readers what the reader-tracking what-if cost (nothing when it is off and no arg is TRACKED_INPUT)
 * @param completedTasks tasks completed (including alloc_tensors and dummy tasks)
 * @param highWater the run's high-water marks: task windows, heaps, dep pools, TensorMap
 * @param failure why the run stopped, or null when it completed
 */
public record RunSummary(String platform, boolean completed, int errorCode, String error, long elapsedNs, long orchNs,
        SortedMap<String, Long> blockedNs, long tasks, long edges, long dispatches, double aicUtilization,
        double aivUtilization, List<Long> peakLive, long lostReady, long events, String digest,
        Map<OrchStep, Long> orchStepNs, Map<OrchStep, Long> orchStepCounts, Totals work, ReaderTracking readers,
        long completedTasks, List<HighWater> highWater, Failure failure) {
    /** Copies the list of marks. */
    public RunSummary {
        highWater = List.copyOf(highWater);
    }

    /**
     * What a run's kernel blocks did, summed over every block.
     *
     * @param flops FLOPs (multiply-adds count two)
     * @param bytes global-memory bytes read and written
     * @param computeNs compute time alone (the roofline's, before any wait for memory), ns
     */
    public record Totals(double flops, long bytes, long computeNs) {
    }

    /**
     * The reader-tracking what-if's cost ({@code tensorMap.trackReaders}, TRACKED_INPUT args).
     *
     * @param allInputs whether every INPUT was tracked ({@code tensorMap.trackReaders=true})
     * @param entries tracked-reader TensorMap entries inserted (each also counts as an insert)
     * @param edges fanin edges only a tracked reader gave (write-after-read)
     */
    public record ReaderTracking(boolean allInputs, long entries, long edges) {
        /** Whether the run tracked readers at all. */
        public boolean active() {
            return allInputs || entries > 0;
        }
    }

}
