package io.ptosim.workloads;

import java.util.List;

/** The built-in workloads, by name, in the order {@code ptosim workloads} lists them. */
public final class Catalog {
    private static final List<Workload> ALL = List.of(new VectorExample(), new PagedAttention(),
            new PagedAttentionUnroll(), new Bgemm(), new MixedExample(), new SpmdMultiblock(), new Synthetic());

    private Catalog() {
    }

    /** Every built-in workload. */
    public static List<Workload> all() {
        return ALL;
    }

    /**
     * The workload with this name.
     *
     * @throws IllegalArgumentException naming the known workloads
     */
    public static Workload byName(String name) {
        for (Workload w : ALL) {
            if (w.name().equals(name)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + name + "'; expected one of "
                + String.join(", ", ALL.stream().map(Workload::name).toList()));
    }

    /**
     * Checks a case and variant against the workload's lists.
     *
     * @throws IllegalArgumentException naming the valid ones
     */
    public static void require(Workload w, String caseName, String variant) {
        if (!w.cases().contains(caseName)) {
            throw new IllegalArgumentException("unknown case '" + caseName + "' of " + w.name() + "; expected one of "
                    + String.join(", ", w.cases()));
        }
        if (!w.variants().contains(variant)) {
            throw new IllegalArgumentException("unknown variant '" + variant + "' of " + w.name() + "; expected one of "
                    + String.join(", ", w.variants()));
        }
    }
}
