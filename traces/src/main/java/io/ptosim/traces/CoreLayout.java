package io.ptosim.traces;

import io.ptosim.platform.Platform;

/**
 * Where a chip's cores sit (traces.md §0): with N clusters, cluster k's AIC is core k and its AIVs are
 * cores N+2k and N+2k+1; with S scheduler threads, thread t owns the clusters c with c mod S == t.
 */
final class CoreLayout {
    private final int clusters;
    private final int threads;

    CoreLayout(int clusters, int schedulerThreads) {
        if (clusters < 1 || schedulerThreads < 1) {
            throw new IllegalArgumentException("clusters " + clusters + " and scheduler threads " + schedulerThreads
                    + "; expected >= 1 each");
        }
        this.clusters = clusters;
        this.threads = schedulerThreads;
    }

    /** The layout of a platform. */
    static CoreLayout of(Platform platform) {
        return new CoreLayout(platform.clusters(), platform.schedulerThreads());
    }

    /** AIC and AIV cores together. */
    int cores() {
        return 3 * clusters;
    }

    int clusters() {
        return clusters;
    }

    /** Scheduler threads. */
    int threads() {
        return threads;
    }

    boolean isAic(int core) {
        return core < clusters;
    }

    /** The core's type as the runtime's files spell it. */
    String type(int core) {
        return isAic(core) ? "aic" : "aiv";
    }

    int cluster(int core) {
        return isAic(core) ? core : (core - clusters) / 2;
    }

    /** The core's place in its cluster: 0 the AIC, 1 and 2 the AIVs. */
    int slot(int core) {
        return isAic(core) ? 0 : 1 + (core - clusters) % 2;
    }

    /** The scheduler thread that owns the core. */
    int thread(int core) {
        return cluster(core) % threads;
    }
}
