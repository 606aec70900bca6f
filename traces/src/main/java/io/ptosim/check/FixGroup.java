package io.ptosim.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Findings one fix resolves, listed under it: the same explicit dependency for several args of one pair
 * of tasks, or one change that makes a get/set_tensor_data wait for every task it races with.
 *
 * @param fix the fix, e.g. {@code add_dep(t1) on t2}
 * @param findings the findings it resolves, in report order
 */
public record FixGroup(String fix, List<Finding> findings) {
    /** Copies the list. */
    public FixGroup {
        findings = List.copyOf(findings);
    }

    /** The groups of {@code findings}, in the order of each group's first finding. */
    public static List<FixGroup> of(List<Finding> findings) {
        Map<String, List<Finding>> byKey = new LinkedHashMap<>();
        for (Finding f : findings) {
            byKey.computeIfAbsent(f.fixKey(), k -> new ArrayList<>()).add(f);
        }
        List<FixGroup> groups = new ArrayList<>(byKey.size());
        for (List<Finding> group : byKey.values()) {
            groups.add(new FixGroup(Finding.fixOf(group), group));
        }
        return groups;
    }
}
