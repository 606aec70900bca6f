package io.ptosim.workloads;

import java.util.List;

/** The built-in workloads, by name, in the order {@code ptosim workloads} lists them. */
public final class Catalog {
    private static final List<Workload> ALL = List.of(new VectorExample(), new PagedAttention(),
            new PagedAttentionUnroll(), new Bgemm(), new MixedExample(), new SpmdMultiblock(), new Synthetic());

    private static final List<NodeWorkload> NODES = List.of(new NodePagedAttention(), new NodeChildMemory(),
            new NodeSharedMemory(), new NodeAffinity(), new NodeVectorExample());

    /** The instance {@link #instance} made last on this thread, with what it was asked for. */
    private static final ThreadLocal<Recent> RECENT = new ThreadLocal<>();

    private record Recent(String workload, String caseName, String variant, WorkloadInstance instance) {
    }

    private Catalog() {
    }

    /** Every built-in workload. */
    public static List<Workload> all() {
        return ALL;
    }

    /** Every built-in node workload (many chips; only {@code ptosim run} takes them). */
    public static List<NodeWorkload> nodes() {
        return NODES;
    }

    /** Whether {@code name} is a node workload. */
    public static boolean isNode(String name) {
        return NODES.stream().anyMatch(w -> w.name().equals(name));
    }

    /**
     * The workload with this name.
     *
     * @throws IllegalArgumentException naming the known workloads, or saying a node workload is not a chip one
     */
    public static Workload byName(String name) {
        for (Workload w : ALL) {
            if (w.name().equals(name)) {
                return w;
            }
        }
        if (isNode(name)) {
            throw new IllegalArgumentException("'" + name + "' is a node workload (many chips); only 'ptosim run'"
                    + " takes it");
        }
        throw new IllegalArgumentException("unknown workload '" + name + "'; expected one of "
                + String.join(", ", ALL.stream().map(Workload::name).toList()) + ", or a node workload: "
                + String.join(", ", NODES.stream().map(NodeWorkload::name).toList()));
    }

    /**
     * The instance of one case and variant, as {@link Workload#instance} makes it, except that the one made
     * last on this thread is handed out again when the same case and variant are asked for. A process
     * that runs the same case again and again (a sweep worker, the bench) then builds its program, and
     * compiles it, once: a program is immutable and keeps its compiled form. Per thread, because an
     * instance's kernels keep scratch arrays that one run at a time may use.
     *
     * @throws IllegalArgumentException as {@link Workload#instance}
     */
    public static WorkloadInstance instance(Workload w, String caseName, String variant) {
        Recent last = RECENT.get();
        if (last != null && last.workload().equals(w.name()) && last.caseName().equals(caseName)
                && last.variant().equals(variant)) {
            return last.instance();
        }
        WorkloadInstance made = w.instance(caseName, variant);
        RECENT.set(new Recent(w.name(), caseName, variant, made));
        return made;
    }

    /**
     * The node workload with this name.
     *
     * @throws IllegalArgumentException naming the node workloads
     */
    public static NodeWorkload nodeByName(String name) {
        for (NodeWorkload w : NODES) {
            if (w.name().equals(name)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown node workload '" + name + "'; expected one of "
                + String.join(", ", NODES.stream().map(NodeWorkload::name).toList()));
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
