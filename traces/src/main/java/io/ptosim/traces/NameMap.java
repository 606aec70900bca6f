package io.ptosim.traces;

import java.util.Map;

/**
 * simpler's {@code name_map_*.json}: the names its tools give callable ids in swimlane views.
 *
 * @param source the file
 * @param level the swimlane level it was written for
 * @param names callable id to name, in id order
 */
public record NameMap(String source, int level, Map<Integer, String> names) implements TraceFile {
    /** Copies the names. */
    public NameMap {
        names = Map.copyOf(names);
    }
}
