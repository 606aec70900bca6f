package io.ptosim.workloads;

import io.ptosim.des.RunLimits;
import io.ptosim.des.Simulation;
import io.ptosim.kernel.ElementSource;
import io.ptosim.memory.GlobalMemory;
import io.ptosim.node.HostBuffer;
import io.ptosim.node.NodeConfig;
import io.ptosim.node.NodeRunResult;
import io.ptosim.node.NodeObserver;
import io.ptosim.node.NodeRuntime;
import io.ptosim.node.SchedulingPolicy;
import io.ptosim.node.WorkerMode;
import io.ptosim.platform.Platform;
import io.ptosim.spi.BackendProvider;
import io.ptosim.spi.Backends;
import io.ptosim.spi.ChipEndpoint;
import io.ptosim.spi.EndpointContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a {@link NodeWorkloadInstance} end to end: one {@link Simulation}, the host {@link GlobalMemory}
 * filled with the inputs, one endpoint per chip opened through the selected backend, the
 * {@link NodeRuntime}, then the golden check of the host buffers. Same instance, options and seed give
 * the same digest.
 */
public final class NodeRun {
    /**
     * Virtual time without progress that ends a stalled run: longer than the heap ring's 10 s wait bound,
     * so a heap timeout reports itself before the watchdog does.
     */
    public static final long NO_PROGRESS_NS = 30_000_000_000L;

    private NodeRun() {
    }

    /**
     * How to run.
     *
     * @param platform the platform name ({@code a2a3}, {@code a5})
     * @param settings platform overrides ({@code --set}), in order
     * @param policy two-pass or directed placement
     * @param mode THREAD or PROCESS workers
     * @param seed the root seed
     * @param backend the {@code --backend} flag, or null
     * @param env the environment {@link Backends#select} reads
     */
    public record Options(String platform, Map<String, String> settings, SchedulingPolicy policy, WorkerMode mode,
            long seed, String backend, Map<String, String> env) {
        /** Checks and copies. */
        public Options {
            Objects.requireNonNull(platform, "platform");
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(mode, "mode");
            settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
            env = Map.copyOf(env);
        }

        /** a2a3, no settings, the given policy and mode, seed 0, the default backend. */
        public static Options of(SchedulingPolicy policy, WorkerMode mode) {
            return new Options("a2a3", Map.of(), policy, mode, 0, null, Map.of());
        }
    }

    /**
     * What a run did.
     *
     * @param node the node runtime's result
     * @param golden the golden's mismatches, or null when it was not checked (timing only, or the run failed)
     * @param backend the backend the chips ran on
     * @param platform the platform with its settings
     */
    public record Result(NodeRunResult node, List<String> golden, String backend, Platform platform) {
        /** Whether the run ended cleanly and the golden (if checked) matched. */
        public boolean passed() {
            return node.ok() && (golden == null || golden.isEmpty());
        }
    }

    /**
     * Runs {@code w} with {@code o}.
     *
     * @throws io.ptosim.platform.PlatformException for an unknown platform, key or bad value
     * @throws io.ptosim.spi.BackendException for an unknown or unavailable backend or a chip that cannot open
     */
    public static Result run(NodeWorkloadInstance w, Options o) {
        return run(w, o, null);
    }

    /** As {@link #run(NodeWorkloadInstance, Options)}, with {@code observer} (null: none) seeing the run. */
    public static Result run(NodeWorkloadInstance w, Options o, NodeObserver observer) {
        Platform platform = Platform.load(o.platform(), o.settings());
        BackendProvider backend = Backends.select(o.backend(), o.env());
        boolean functional = platform.node().functional();
        NodeConfig config = NodeConfig.DEFAULT.withPolicy(o.policy()).withMode(o.mode())
                .withTiming(platform.hostTiming()).withFunctional(functional);
        Simulation sim = new Simulation(o.seed(), RunLimits.DEFAULT.withMaxNanosWithoutProgress(NO_PROGRESS_NS));
        GlobalMemory host = new GlobalMemory();
        for (Map.Entry<String, ElementSource> in : w.inputs().entrySet()) {
            HostBuffer b = w.program().hostBuffer(in.getKey());
            host.fill(b.addr(), b.bytes(), b.dtype(), in.getValue());
        }
        List<ChipEndpoint> chips = new ArrayList<>();
        try {
            for (int i = 0; i < w.chips(); i++) {
                chips.add(backend.openChip(i, new EndpointContext(sim, host, o.platform(), o.settings(), o.seed())));
            }
            NodeRuntime node = new NodeRuntime(sim, chips, w.subWorkers(), host, config, sim::reportProgress);
            if (observer != null) {
                node.observe(observer);
            }
            node.start(w.program());
            sim.run();
            NodeRunResult r = node.result();
            List<String> golden = functional && r.ok() ? w.golden().mismatches(host) : null;
            return new Result(r, golden, backend.name(), platform);
        } finally {
            chips.forEach(ChipEndpoint::close);
        }
    }
}
