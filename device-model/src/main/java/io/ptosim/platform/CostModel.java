package io.ptosim.platform;

import java.util.Locale;

/**
 * The cost model in integer picoseconds, read once from a platform's parameters so the hot path does
 * no map lookups: what each orchestrator step, scheduler step and core phase costs.
 */
public final class CostModel {
    /** Orchestrator: fixed part of a submit (slot alloc, descriptor, publish). */
    public final long submit;
    /** Orchestrator: per tensor arg copied. */
    public final long perTensorArg;
    /** Orchestrator: per TensorMap lookup call. */
    public final long perLookup;
    /** Orchestrator: per TensorMap chain entry visited. */
    public final long perChainEntry;
    /** Orchestrator: per TensorMap insert. */
    public final long perInsert;
    /** Orchestrator: per fanin edge wired. */
    public final long perEdge;
    /** Orchestrator: per output materialized on the heap. */
    public final long perOutput;
    /** Orchestrator: an alloc_tensors call. */
    public final long allocTensors;
    /** Orchestrator: a scope begin. */
    public final long scopeBegin;
    /** Orchestrator: per task released at scope end. */
    public final long scopeEndPerTask;
    /** Orchestrator: an add_dependency call. */
    public final long addDependency;
    /** Orchestrator: a get/set_tensor_data access once it may proceed. */
    public final long tensorData;
    /** Orchestrator: how long a blocked orchestrator spins before it re-checks. */
    public final long retry;
    /** Scheduler: one serial MMIO read of a core's COND register. */
    public final long pollPerCore;
    /** Scheduler: the fixed part of one loop iteration. */
    public final long iteration;
    /** Scheduler: {@code on_task_complete} fixed part. */
    public final long complete;
    /** Scheduler: per consumer on the fanout list. */
    public final long perFanout;
    /** Scheduler: {@code on_task_release} fixed part. */
    public final long release;
    /** Scheduler: per fanin edge released. */
    public final long perFanin;
    /** Scheduler: one block dispatched (payload write + MMIO store). */
    public final long dispatch;
    /** Scheduler: releases batched before a flush. */
    public final int releaseBatch;
    /** Core: dispatch store to kernel start, steady state. */
    public final long dispatchToStart;
    /** Core: extra start latency of a core's first task. */
    public final long coldStart;
    /** Core: kernel end to FIN visible to the AICPU. */
    public final long finVisible;
    /** Core: fixed per-block time around any kernel. */
    public final long blockOverhead;
    /** Compute time from the clock and the units' widths. */
    public final Roofline roofline;
    /** AIC bandwidth in bytes per picosecond. */
    public final double aicBytesPerPs;
    /** AIV bandwidth in bytes per picosecond. */
    public final double aivBytesPerPs;
    /** AIC per-core global-memory bandwidth cap in GB/s (= bytes per ns), {@code core.aic.gbps}. */
    public final double aicGbps;
    /** AIV per-core global-memory bandwidth cap in GB/s, {@code core.aiv.gbps}. */
    public final double aivGbps;
    /**
     * The die's achievable HBM bandwidth in GB/s shared by every core: {@code memory.hbmGbps} (the peak)
     * times {@code memory.hbmEfficiency} (the fraction streams reach); 0 = unlimited.
     */
    public final double hbmGbps;
    /** Allocator back-pressure backstop. */
    public final long allocatorTimeout;
    /** Scheduler no-progress timeout. */
    public final long schedulerTimeout;
    /** get/set_tensor_data wait timeout. */
    public final long tensorWaitTimeout;
    /** a5: watermark published every this many advances (a2a3: 1). */
    public final int publishEvery;
    /** a5: a blocked reclaim path without progress this long asks for exact publication. */
    public final long exactPublicationAfter;

    CostModel(Platform p) {
        submit = ps(p, "orch.submitNs");
        perTensorArg = ps(p, "orch.perTensorArgNs");
        perLookup = ps(p, "orch.perLookupNs");
        perChainEntry = ps(p, "orch.perChainEntryNs");
        perInsert = ps(p, "orch.perInsertNs");
        perEdge = ps(p, "orch.perEdgeNs");
        perOutput = ps(p, "orch.perOutputNs");
        allocTensors = ps(p, "orch.allocTensorsNs");
        scopeBegin = ps(p, "orch.scopeBeginNs");
        scopeEndPerTask = ps(p, "orch.scopeEndPerTaskNs");
        addDependency = ps(p, "orch.addDependencyNs");
        tensorData = ps(p, "orch.tensorDataNs");
        retry = Math.max(1000, ps(p, "orch.retryNs"));
        pollPerCore = ps(p, "sched.pollPerCoreNs");
        iteration = Math.max(1000, ps(p, "sched.iterationNs"));
        complete = ps(p, "sched.completeNs");
        perFanout = ps(p, "sched.perFanoutNs");
        release = ps(p, "sched.releaseNs");
        perFanin = ps(p, "sched.perFaninNs");
        dispatch = ps(p, "sched.dispatchNs");
        releaseBatch = Math.max(1, p.integer("sched.releaseBatch"));
        dispatchToStart = ps(p, "core.dispatchToStartNs");
        coldStart = ps(p, "core.coldStartNs");
        finVisible = ps(p, "core.finVisibleNs");
        blockOverhead = ps(p, "core.blockOverheadNs");
        aicBytesPerPs = positive(p, "core.aic.gbps") / 1000.0;
        aivBytesPerPs = positive(p, "core.aiv.gbps") / 1000.0;
        aicGbps = p.value("core.aic.gbps");
        aivGbps = p.value("core.aiv.gbps");
        hbmGbps = p.value("memory.hbmGbps") * p.value("memory.hbmEfficiency");
        roofline = new Roofline(p);
        allocatorTimeout = psOfMs(p, "timeout.allocatorMs");
        schedulerTimeout = psOfMs(p, "timeout.schedulerMs");
        tensorWaitTimeout = psOfMs(p, "timeout.tensorWaitMs");
        publishEvery = Math.max(1, p.integer("watermark.publishEvery"));
        exactPublicationAfter = psOfMs(p, "watermark.exactAfterMs");
    }

    /**
     * The longest one step or phase may cost, ns (one second, thousands of times any hardware figure): the
     * threads' picosecond clocks add many of them, and must not wrap round.
     */
    static final double MAX_STEP_NS = 1e9;
    /** The longest timeout, ms (about 11.6 days, far past the run's one-hour virtual-time bound). */
    static final double MAX_TIMEOUT_MS = 1e9;

    private static long ps(Platform p, String key) {
        return Math.round(atMost(p, key, MAX_STEP_NS, "ns (1 s)") * 1000);
    }

    private static long psOfMs(Platform p, String key) {
        return Math.round(atMost(p, key, MAX_TIMEOUT_MS, "ms") * 1e9);
    }

    /** Parameter {@code key}, refused with its platform and key named when above {@code max}. */
    static double atMost(Platform p, String key, double max, String unit) {
        double v = p.value(key);
        if (v > max) {
            throw new PlatformException("platform " + p.name() + ": " + key + " = " + v + "; expected at most "
                    + String.format(Locale.ROOT, "%.0f", max) + " " + unit);
        }
        return v;
    }

    private static double positive(Platform p, String key) {
        double v = p.value(key);
        if (v <= 0) {
            throw new PlatformException("platform " + p.name() + ": " + key + " = " + v + "; expected > 0");
        }
        return v;
    }
}
