package io.ptosim.explain;

import io.ptosim.chip.OrchStep;
import io.ptosim.chip.RunSummary;
import io.ptosim.platform.Platform;
import io.ptosim.platform.PlatformException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The settings a user can change that the verdict points at, each measured by a real what-if run of the
 * model. Only settings of the chip's configuration are tried (ring and pool sizes, TensorMap buckets,
 * scheduler threads, clusters, core throughput), never the runtime's own step costs: those are what the
 * runtime is, not a choice. At most {@link #MAX_CANDIDATES} runs.
 */
public final class Suggestions {
    /** The most what-if runs one explanation makes. */
    public static final int MAX_CANDIDATES = 6;

    /** Runs the explained run again with {@code settings} added to its own (same program, platform, seed). */
    @FunctionalInterface
    public interface WhatIf {
        /**
         * The what-if's summary.
         *
         * @throws PlatformException if the platform rejects the setting (that candidate is skipped)
         */
        RunSummary run(Map<String, String> settings);
    }

    /**
     * A setting to try.
     *
     * @param key the {@code --set} key
     * @param value the value to try
     * @param why why the verdict points at it
     */
    public record Candidate(String key, String value, String why) {
    }

    private Suggestions() {
    }

    /** Up to {@link #MAX_CANDIDATES} settings to try for {@code e} on {@code platform}, most relevant first. */
    public static List<Candidate> candidates(Explanation e, Platform platform) {
        List<Candidate> out = new ArrayList<>();
        List<Candidate> blocks = blockCandidates(e, platform);
        Candidate threads = new Candidate("topology.schedulerThreads",
                Long.toString(platform.schedulerThreads() + 1L), "one more scheduler thread: less poll/dispatch latency");
        Candidate clusters = new Candidate("topology.clusters", Long.toString(2L * platform.clusters()),
                "twice the clusters: more cores to run ready blocks");
        List<Candidate> cores = coreCandidates(e, platform);
        switch (e.bound()) {
            case ORCHESTRATOR -> {
                blocks.forEach(c -> put(out, c));
                if (e.orchestratorStepsPs().getOrDefault(OrchStep.CHAIN_ENTRIES, 0L) > 0) {
                    put(out, new Candidate("tensorMap.buckets", times(platform, "tensorMap.buckets", 4),
                            "four times the TensorMap buckets: shorter chains for each lookup"));
                }
                put(out, threads);
                put(out, clusters);
            }
            case SCHEDULER -> {
                put(out, threads);
                put(out, new Candidate("topology.schedulerThreads", Long.toString(2L * platform.schedulerThreads()),
                        "twice the scheduler threads"));
                blocks.forEach(c -> put(out, c));
                put(out, clusters);
            }
            case EXECUTION, BANDWIDTH -> {
                cores.forEach(c -> put(out, c));
                put(out, clusters);
                blocks.forEach(c -> put(out, c));
                put(out, threads);
            }
        }
        put(out, new Candidate("ring.taskWindow", times(platform, "ring.taskWindow", 2),
                "twice the task window: the orchestrator may run further ahead"));
        cores.forEach(c -> put(out, c));
        return List.copyOf(out.subList(0, Math.min(MAX_CANDIDATES, out.size())));
    }

    /** Adds {@code c} unless the same setting is there already. */
    private static void put(List<Candidate> out, Candidate c) {
        for (Candidate o : out) {
            if (o.key().equals(c.key()) && o.value().equals(c.value())) {
                return;
            }
        }
        out.add(c);
    }

    /** The ring or pool each block on the path waited for, longest first, at twice its size. */
    private static List<Candidate> blockCandidates(Explanation e, Platform platform) {
        Map<String, Long> byKey = new LinkedHashMap<>();
        for (Step s : e.path()) {
            if (s instanceof Step.Blocked b && b.part() == Part.RING_BLOCK) {
                String key = b.resource().startsWith("task window") ? "ring.taskWindow"
                        : b.resource().startsWith("heap") ? "ring.heapBytes"
                        : b.resource().startsWith("dep pool") ? "ring.depPool"
                        : b.resource().startsWith("tensormap pool") ? "tensorMap.pool" : null;
                if (key != null) {
                    byKey.merge(key, b.ps(), Long::sum);
                }
            }
        }
        List<Map.Entry<String, Long>> order = new ArrayList<>(byKey.entrySet());
        order.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        List<Candidate> out = new ArrayList<>();
        for (Map.Entry<String, Long> k : order) {
            out.add(new Candidate(k.getKey(), times(platform, k.getKey(), 2), String.format(Locale.ROOT,
                    "twice the %s: the orchestrator blocked on it for %.3f us of the path", k.getKey(),
                    k.getValue() / 1e6)));
        }
        return out;
    }

    /** Faster cores of the type that computed most on the path first (AIC on a tie). */
    private static List<Candidate> coreCandidates(Explanation e, Platform platform) {
        long aic = 0;
        long aiv = 0;
        for (Step s : e.path()) {
            if (s instanceof Step.CoreBusy c) {
                if (c.core() < platform.clusters()) {
                    aic += c.ps();
                } else {
                    aiv += c.ps();
                }
            }
        }
        List<Candidate> out = new ArrayList<>();
        Candidate hbm = new Candidate("memory.hbmGbps", times(platform, "memory.hbmGbps", 2),
                "twice the HBM bandwidth: every core's share of it doubles");
        Candidate clock = new Candidate("core.clockGhz", times(platform, "core.clockGhz", 1.25),
                "a clock 25 % faster: quicker compute on every core");
        boolean memoryFirst = e.ps(Part.MEMORY_WAIT) >= e.ps(Part.COMPUTE);
        out.add(memoryFirst ? hbm : clock);
        out.add(memoryFirst ? clock : hbm);
        for (String type : aiv > aic ? List.of("aiv", "aic") : List.of("aic", "aiv")) {
            out.add(new Candidate("core." + type + ".gbps", times(platform, "core." + type + ".gbps", 2),
                    "twice the " + type.toUpperCase(Locale.ROOT) + " cores' own memory bandwidth"));
        }
        return out;
    }

    private static String times(Platform platform, String key, double factor) {
        double v = platform.value(key) * factor;
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * Runs every candidate with {@code whatIf} and ranks them by elapsed, shortest first (a run that did
     * not complete last; ties in candidate order). A candidate the platform rejects is left out.
     */
    public static List<Suggestion> measure(List<Candidate> candidates, WhatIf whatIf, long baseElapsedNs) {
        List<Suggestion> out = new ArrayList<>();
        for (Candidate c : candidates) {
            RunSummary s;
            try {
                s = whatIf.run(Map.of(c.key(), c.value()));
            } catch (PlatformException ex) {
                continue;
            }
            out.add(new Suggestion(c.key(), c.value(), c.why(), s.elapsedNs(), s.completed(), baseElapsedNs));
        }
        out.sort(Comparator.comparing((Suggestion s) -> !s.completed()).thenComparingLong(Suggestion::elapsedNs));
        return out;
    }
}
