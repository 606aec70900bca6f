package io.ptosim.node;

import java.util.Objects;

/**
 * How a node runs a program: reference behaviour, scheduling policy, worker mode, heap ring size, the
 * heap wait bound, the cost model and whether SUB callables run their bodies.
 *
 * @param compat V1 (the seed) or HEAD behaviour where they differ
 * @param policy two-pass or directed placement
 * @param mode THREAD or PROCESS workers
 * @param heapBytes bytes per heap ring (0 disables heaps)
 * @param allocTimeoutNs how long a submit waits for heap space before failing
 * @param timing the cost model
 * @param functional whether SUB callables run (else only their time is charged)
 */
public record NodeConfig(Compat compat, SchedulingPolicy policy, WorkerMode mode, long heapBytes, long allocTimeoutNs,
        NodeTiming timing, boolean functional) {
    /** HEAD behaviour, two-pass, THREAD workers, 1 GiB rings, 10 s wait, default timing, functional. */
    public static final NodeConfig DEFAULT = new NodeConfig(Compat.HEAD, SchedulingPolicy.TWO_PASS, WorkerMode.THREAD,
            NodeRing.DEFAULT_HEAP_BYTES, NodeRing.DEFAULT_TIMEOUT_NS, NodeTiming.DEFAULT, true);

    /** Checks the fields. */
    public NodeConfig {
        Objects.requireNonNull(compat, "compat");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(timing, "timing");
        if (heapBytes < 0 || allocTimeoutNs < 0) {
            throw new IllegalArgumentException("heap bytes and alloc timeout must be >= 0");
        }
    }

    /** This config with another policy. */
    public NodeConfig withPolicy(SchedulingPolicy p) {
        return new NodeConfig(compat, p, mode, heapBytes, allocTimeoutNs, timing, functional);
    }

    /** This config with another mode. */
    public NodeConfig withMode(WorkerMode m) {
        return new NodeConfig(compat, policy, m, heapBytes, allocTimeoutNs, timing, functional);
    }

    /** This config with another compat. */
    public NodeConfig withCompat(Compat c) {
        return new NodeConfig(c, policy, mode, heapBytes, allocTimeoutNs, timing, functional);
    }

    /** This config with another heap size and wait bound. */
    public NodeConfig withHeap(long bytes, long timeoutNs) {
        return new NodeConfig(compat, policy, mode, bytes, timeoutNs, timing, functional);
    }

    /** This config with another cost model. */
    public NodeConfig withTiming(NodeTiming t) {
        return new NodeConfig(compat, policy, mode, heapBytes, allocTimeoutNs, t, functional);
    }

    /** This config with SUB bodies on or off. */
    public NodeConfig withFunctional(boolean f) {
        return new NodeConfig(compat, policy, mode, heapBytes, allocTimeoutNs, timing, f);
    }
}
