package io.ptosim.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

/** The kernels a program's submits name, by function id. */
public final class KernelTable {
    /** Ids below this are looked up in an array (a lookup per dispatched block and per completion). */
    private static final int DENSE_IDS = 4096;

    private final TreeMap<Integer, Kernel> byId = new TreeMap<>();
    /** {@code dense[id]} for the ids in {@code [0, dense.length)}; null where no kernel has the id. */
    private final Kernel[] dense;

    private KernelTable(List<Kernel> kernels) {
        for (Kernel k : kernels) {
            if (byId.putIfAbsent(k.funcId(), k) != null) {
                throw new IllegalArgumentException("two kernels with func id " + k.funcId() + ": '"
                        + byId.get(k.funcId()).name() + "' and '" + k.name() + "'");
            }
        }
        int span = byId.isEmpty() ? 0 : Math.max(0, Math.min(DENSE_IDS, byId.lastKey() + 1));
        dense = new Kernel[span];
        for (Kernel k : byId.headMap(span).values()) {
            if (k.funcId() >= 0) {
                dense[k.funcId()] = k;
            }
        }
    }

    /** A table of these kernels (func ids must differ). */
    public static KernelTable of(Kernel... kernels) {
        return new KernelTable(List.of(kernels));
    }

    /** A table of these kernels (func ids must differ). */
    public static KernelTable of(List<Kernel> kernels) {
        return new KernelTable(kernels);
    }

    /**
     * The kernel with this func id.
     *
     * @throws IllegalArgumentException naming the known ids
     */
    public Kernel get(int funcId) {
        Kernel k = funcId >= 0 && funcId < dense.length ? dense[funcId] : byId.get(funcId);
        if (k == null) {
            throw new IllegalArgumentException("no kernel with func id " + funcId + "; the table has " + byId.keySet());
        }
        return k;
    }

    /** Whether a kernel has this func id. */
    public boolean contains(int funcId) {
        return byId.containsKey(funcId);
    }

    /** The kernels in func-id order. */
    public List<Kernel> kernels() {
        return Collections.unmodifiableList(new ArrayList<>(byId.values()));
    }
}
