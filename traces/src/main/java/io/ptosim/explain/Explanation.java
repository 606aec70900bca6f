package io.ptosim.explain;

import io.ptosim.chip.OrchStep;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where a run's elapsed time went.
 *
 * @param elapsedPs the window explained, {@code [0, elapsedPs)}: the summary's elapsed (whole ns)
 * @param bound the verdict: the bound whose parts hold most of the path (ties: the earlier bound)
 * @param partsPs every part's ps on the path, in {@link Part} order; they add up to {@code elapsedPs}
 * @param path the critical path's steps in time order, from 0 to {@code elapsedPs}
 * @param orchestratorStepsPs the orchestrator's charged time on the path, per step kind, largest first
 * @param lastTask the task whose completion the walk began at, or -1 when the orchestrator ended the run
 */
public record Explanation(long elapsedPs, Bound bound, Map<Part, Long> partsPs, List<Step> path,
        Map<OrchStep, Long> orchestratorStepsPs, long lastTask) {

    /** The time of {@code part}, ps. */
    public long ps(Part part) {
        return partsPs.getOrDefault(part, 0L);
    }

    /**
     * The parts in whole nanoseconds that add up to the elapsed nanoseconds exactly: each part rounded down,
     * and the nanoseconds left given one each to the parts with the largest remainders (ties: part order).
     */
    public Map<Part, Long> partsNs() {
        Map<Part, Long> ns = new EnumMap<>(Part.class);
        long left = elapsedPs / 1000;
        for (Part p : Part.values()) {
            ns.put(p, ps(p) / 1000);
            left -= ps(p) / 1000;
        }
        while (left > 0) {
            Part best = null;
            for (Part p : Part.values()) {
                long rem = ps(p) - ns.get(p) * 1000;
                if (rem > 0 && (best == null || rem > ps(best) - ns.get(best) * 1000)) {
                    best = p;
                }
            }
            ns.put(best, ns.get(best) + 1);
            left--;
        }
        return Collections.unmodifiableMap(ns);
    }
}
