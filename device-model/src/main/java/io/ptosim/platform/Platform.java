package io.ptosim.platform;

import io.ptosim.node.NodeTiming;
import io.ptosim.runtime.RuntimeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A chip platform (a2a3, a5): topology, runtime sizes, timeouts and every cost-model parameter, read
 * from {@code io/ptosim/platform/NAME.json} and flattened to dotted keys ({@code ring.taskWindow},
 * {@code orch.perLookupNs}, ...). {@code --set key=value} overrides any of them for one run; an unknown
 * key or a bad value is an error naming it. A yes/no key is {@code true}/{@code false} in the file and takes
 * {@code true}, {@code false}, 1 or 0 in {@code --set}; it reads as 1/0.
 */
public final class Platform {
    /** The platforms shipped as resources. */
    public static final List<String> NAMES = List.of("a2a3", "a5");

    private final String name;
    private final String description;
    private final SortedMap<String, Double> parameters;
    private final RuntimeConfig runtime;
    private final CostModel costs;
    private final NodeModel node;
    private final NodeTiming hostTiming;

    private Platform(String name, String description, SortedMap<String, Double> parameters) {
        this.name = name;
        this.description = description;
        this.parameters = Collections.unmodifiableSortedMap(parameters);
        boolean trackReaders = flag("tensorMap.trackReaders");
        try {
            int window = integer("ring.taskWindow");
            long heap = integer("ring.heapBytes");
            int depPool = integer("ring.depPool");
            this.runtime = new RuntimeConfig(new int[] {window, window, window, window},
                    new long[] {heap, heap, heap, heap}, new int[] {depPool, depPool, depPool, depPool},
                    integer("tensorMap.pool"), integer("tensorMap.buckets"), integer("faninInline"),
                    integer("topology.clusters"), integer("readyQueue.capacity"), 4 * window,
                    integer("watermark.publishEvery"), trackReaders);
        } catch (IllegalArgumentException e) {
            throw new PlatformException("platform " + name + ": " + e.getMessage());
        }
        if (Integer.bitCount(integer("tensorMap.buckets")) != 1) {
            throw new PlatformException("platform " + name + ": tensorMap.buckets = " + integer("tensorMap.buckets")
                    + "; expected a power of two");
        }
        if (integer("topology.schedulerThreads") < 1 || integer("topology.clusters") < integer("topology.schedulerThreads")) {
            throw new PlatformException("platform " + name + ": topology.schedulerThreads = "
                    + integer("topology.schedulerThreads") + "; expected 1 to topology.clusters ("
                    + integer("topology.clusters") + ")");
        }
        this.costs = new CostModel(this);
        this.node = new NodeModel(this);
        this.hostTiming = parseHostTiming();
    }

    private NodeTiming parseHostTiming() {
        String[] keys = {"submitNs", "perArgNs", "allocNs", "scopeNs", "controlNs", "dispatchNs", "completeNs",
            "tickNs", "mailboxWriteNs", "mailboxPerKibNs", "childPollNs", "parentPollNs", "forkNs"};
        long[] v = new long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            v[i] = wholeNs("host." + keys[i]);
        }
        try {
            return new NodeTiming(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12]);
        } catch (IllegalArgumentException e) {
            throw new PlatformException("platform " + name + ": " + e.getMessage());
        }
    }

    /**
     * Settings under this prefix ({@code hw.home}, ...) belong to the hardware backend, which reads them
     * from the same {@code --set} list; a platform ignores them.
     */
    public static final String BACKEND_PREFIX = "hw.";

    /** A platform file as read from the build: its values and flags (never changed), and its description. */
    private record Parsed(String description, SortedMap<String, Double> flat, SortedSet<String> flags) {
    }

    /** Each built-in platform file, read once per process (a warm small run spent 13 % of its time reading it). */
    private static final Map<String, Parsed> PARSED = new ConcurrentHashMap<>();

    private static Parsed parse(String name) {
        String resource = "/io/ptosim/platform/" + name + ".json";
        SortedMap<String, Double> flat = new TreeMap<>();
        SortedSet<String> flags = new TreeSet<>();
        try (InputStream in = Platform.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new PlatformException("platform resource " + resource + " is missing from the build");
            }
            String description = PlatformFile.read("platform resource " + resource,
                    new String(in.readAllBytes(), StandardCharsets.UTF_8), flat, flags, name);
            return new Parsed(description, Collections.unmodifiableSortedMap(flat),
                    Collections.unmodifiableSortedSet(flags));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The named platform with {@code overrides} applied in order ({@code hw.*} keys are the backend's).
     *
     * @throws PlatformException for an unknown platform or key, or a value that is not a valid number
     */
    public static Platform load(String name, Map<String, String> overrides) {
        if (!NAMES.contains(name)) {
            throw new PlatformException("unknown platform '" + name + "'; expected one of " + String.join(", ", NAMES));
        }
        Parsed file = PARSED.computeIfAbsent(name, Platform::parse);
        SortedMap<String, Double> flat = new TreeMap<>(file.flat());
        SortedSet<String> flags = file.flags();
        String description = file.description();
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            if (o.getKey().startsWith(BACKEND_PREFIX)) {
                continue;
            }
            if (!flat.containsKey(o.getKey())) {
                throw new PlatformException("unknown platform key '" + o.getKey() + "'; valid keys: "
                        + String.join(", ", flat.keySet()));
            }
            double v;
            String text = o.getValue().trim();
            try {
                boolean flag = flags.contains(o.getKey());
                v = flag && text.equals("true") ? 1 : flag && text.equals("false") ? 0 : Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new PlatformException("--set " + o.getKey() + "=" + o.getValue() + ": expected "
                        + (flags.contains(o.getKey()) ? "true or false" : "a number"));
            }
            if (!Double.isFinite(v) || v < 0) {
                throw new PlatformException("--set " + o.getKey() + "=" + o.getValue() + ": expected a finite number >= 0");
            }
            flat.put(o.getKey(), v);
        }
        return new Platform(name, description, flat);
    }

    /** Its name. */
    public String name() {
        return name;
    }

    /** One line describing it. */
    public String description() {
        return description;
    }

    /** Every parameter by dotted key, in key order. */
    public SortedMap<String, Double> parameters() {
        return parameters;
    }

    /** A parameter's value. */
    public double value(String key) {
        Double v = parameters.get(key);
        if (v == null) {
            throw new PlatformException("platform " + name + " has no parameter '" + key + "'");
        }
        return v;
    }

    /**
     * An integral parameter.
     *
     * @throws PlatformException if it is not a whole number in int range
     */
    public int integer(String key) {
        double v = value(key);
        if (v != Math.rint(v) || v > Integer.MAX_VALUE) {
            throw new PlatformException("platform " + name + ": " + key + " = " + v + "; expected a whole number");
        }
        return (int) v;
    }

    /** The runtime's ring and pool sizes. */
    public RuntimeConfig runtime() {
        return runtime;
    }

    /** The cost model. */
    public CostModel costs() {
        return costs;
    }

    /** What the node sees of a chip: host-device copies, device memory, launches ({@code node.*} keys). */
    public NodeModel node() {
        return node;
    }

    /** The node level's cost model: the host orchestrator, scheduler and workers ({@code host.*} keys). */
    public NodeTiming hostTiming() {
        return hostTiming;
    }

    /**
     * A yes/no parameter: 1 or 0 ({@code true}/{@code false} in the file and in {@code --set}).
     *
     * @throws PlatformException if it is neither
     */
    public boolean flag(String key) {
        double v = value(key);
        if (v != 0 && v != 1) {
            throw new PlatformException("platform " + name + ": " + key + " = " + v + "; expected true or false");
        }
        return v == 1;
    }

    /**
     * A duration parameter in whole nanoseconds, at most {@link CostModel#MAX_STEP_NS} (one second: the
     * clocks add many of them and must not wrap round).
     *
     * @throws PlatformException if it is not a whole number in that range
     */
    long wholeNs(String key) {
        double v = value(key);
        if (v != Math.rint(v)) {
            throw new PlatformException("platform " + name + ": " + key + " = " + v + "; expected a whole number");
        }
        CostModel.atMost(this, key, CostModel.MAX_STEP_NS, "ns (1 s)");
        return (long) v;
    }

    /** AICore clusters (1 AIC + 2 AIV each). */
    public int clusters() {
        return integer("topology.clusters");
    }

    /** Scheduler AICPU threads (the orchestrator thread is one more). */
    public int schedulerThreads() {
        return integer("topology.schedulerThreads");
    }

    /**
     * The system counter's frequency in Hz ({@code topology.sysCntHz}: 50 MHz on a2a3, 1 GHz on a5),
     * the tick of the runtime's timestamps.
     *
     * @throws PlatformException if it is not a whole number >= 1
     */
    public long sysCntHz() {
        double v = value("topology.sysCntHz");
        if (v < 1 || v != Math.rint(v) || v >= 0x1p63) {
            throw new PlatformException("platform " + name + ": topology.sysCntHz = " + v
                    + "; expected a whole number >= 1");
        }
        return (long) v;
    }
}
