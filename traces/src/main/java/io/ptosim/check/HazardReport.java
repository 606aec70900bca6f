package io.ptosim.check;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the hazard check found: every finding counted, the first ones kept.
 *
 * @param hazards findings in all (one per unordered conflicting pair of accesses)
 * @param taskPairs distinct pairs of tasks among them
 * @param byKind findings per kind, every kind present (in declaration order)
 * @param shown the first findings, ordered by later task, then earlier task, then arg slots
 */
public record HazardReport(long hazards, long taskPairs, Map<HazardKind, Long> byKind, List<Finding> shown) {
    /** Copies the map and list. */
    public HazardReport {
        byKind = Collections.unmodifiableMap(new EnumMap<>(byKind));
        shown = List.copyOf(shown);
    }

    /** The shown findings under the fixes that resolve them, in the order of each fix's first finding. */
    public List<FixGroup> fixGroups() {
        return FixGroup.of(shown);
    }

    /** Whether nothing was found. */
    public boolean clean() {
        return hazards == 0;
    }
}
