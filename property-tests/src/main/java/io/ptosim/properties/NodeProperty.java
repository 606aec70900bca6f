package io.ptosim.properties;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * The node runtime's properties, by name: what each draws, what it checks, and how many seeds a JUnit run
 * tries by default and under {@code -Pdeep}. {@code ptosim fuzz --property NAME} runs one as well.
 */
public enum NodeProperty {
    /** Pinned members run on their worker; group members on distinct workers at one instant. */
    NODE_AFFINITY("a pinned member runs only on its chip, a group's members on distinct workers and all at one"
            + " instant, each chip runs exactly what was dispatched to it, one task at a time",
            1_000, 50_000, NodeProperties::generate, NodeProperties::affinity),
    /** Producers match an independent last-writer model; none is dispatched early. */
    NODE_DEPENDENCIES("each task's producers are the last writers of its keys ({ptr, child_memory ? member affinity"
            + " : host}) in a plain model, minus producers consumed before it was published; no member runs before"
            + " its producers finished", 1_000, 50_000, NodeProperties::generateTight, NodeProperties::dependencies),
    /** Clean programs finish; every READY task is dispatched; tiny heaps fail or diagnose, never hang. */
    NODE_NO_STARVATION("a program with matched frees and no injected failure finishes ok and dispatches every READY"
            + " task; with a tiny heap it may end in a heap error or a stall diagnosis, never a hang",
            1_000, 50_000, NodeProperties::generateClean, NodeProperties::noStarvation),
    /** Clean programs finish with PROCESS workers too. */
    NODE_PROCESS_MODE("with PROCESS workers (mailbox exchanges), under both policies, a program with matched frees"
            + " and no injected failure finishes ok",
            200, 10_000, NodeProperties::generateClean, NodeProperties::processMode),
    /** A failing callable fails exactly its transitive dependents. */
    NODE_FAILURE_CONTAINMENT("with one chip callable failing, exactly its task's transitive dependents end FAILED"
            + " undispatched, every other task completes, and the run's error is the failure",
            1_000, 50_000, NodeProperties::generateFailing, NodeProperties::failureContainment),
    /** The same case twice gives the same digest and dispatch log. */
    NODE_DETERMINISM("the same seed twice gives the same result digest and dispatch log",
            500, 25_000, NodeProperties::generateTight, NodeProperties::determinism),
    /** Chip memory allocated minus freed equals the program's unfreed mallocs. */
    NODE_MEMORY_BALANCE("per chip, bytes allocated minus freed equal the bytes of the mallocs the program never"
            + " freed (up to the op an unmatched free stops it at)",
            1_000, 50_000, NodeProperties::generate, NodeProperties::memoryBalance);

    private static final int SHRINK_BUDGET = 600;

    private final String description;
    private final int defaultTries;
    private final int deepTries;
    private final LongFunction<NodeCase> generator;
    private final Function<NodeCase, String> check;

    NodeProperty(String description, int defaultTries, int deepTries, LongFunction<NodeCase> generator,
            Function<NodeCase, String> check) {
        this.description = description;
        this.defaultTries = defaultTries;
        this.deepTries = deepTries;
        this.generator = generator;
        this.check = check;
    }

    /**
     * A counterexample.
     *
     * @param property the property broken
     * @param seed the seed whose case broke it
     * @param violation what broke, on the drawn case
     * @param originalOps ops of the drawn program
     * @param shrunk the smallest failing variant found
     * @param shrunkViolation what breaks on the shrunk case
     */
    public record Failure(NodeProperty property, long seed, String violation, int originalOps, NodeCase shrunk,
            String shrunkViolation) implements PropertyRunner.Counterexample {

        /** The whole report: what failed, the shrunk case as a listing, and the repro command. */
        @Override
        public String report() {
            return "property '" + property.cliName() + "' fails for seed " + seed + ": " + violation + "\nshrunk from "
                    + originalOps + " to " + shrunk.program().ops().size() + " ops: " + shrunkViolation + "\n"
                    + shrunk.describe() + "repro: ./ptosim fuzz --property " + property.cliName() + " --seed " + seed;
        }
    }

    private static final String THREW = "the run threw ";

    /** The command-line name, e.g. {@code node-affinity}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** What the property states. */
    public String description() {
        return description;
    }

    /** Seeds a JUnit run tries: {@code -Dptosim.node.tries}, else the deep count under {@code -Dptosim.deep=true}, else the default. */
    public int tries() {
        Integer forced = Integer.getInteger("ptosim.node.tries");
        if (forced != null) {
            return forced;
        }
        return Boolean.getBoolean("ptosim.deep") ? deepTries : defaultTries;
    }

    /** The case for a seed. */
    public NodeCase generate(long seed) {
        return generator.apply(seed);
    }

    /** Null when the property holds for {@code c}, else the violation (a run that throws is one). */
    public String check(NodeCase c) {
        try {
            return check.apply(c);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return THREW + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + (cause == e ? "" : " (" + cause + ")");
        }
    }

    /** The first failure among seeds {@code [first, first + count)}, shrunk; empty when all hold. */
    public Optional<Failure> find(long first, long count) {
        return PropertyRunner.search(first, count, this::generate, this::check,
                c -> {
                    String violation = check(c);
                    return NodeShrinker.shrink(c, x -> sameKind(violation, check(x)), SHRINK_BUDGET);
                })
                .map(f -> new Failure(this, f.seed(), f.violation(), f.original().program().ops().size(), f.shrunk(),
                        f.shrunkViolation()));
    }

    /**
     * Whether a shrink candidate's result {@code shrunk} still fails the way {@code original} did: a run that
     * threw stays a run that throws, a broken property stays a broken property, so shrinking never drifts
     * from one failure to another.
     */
    private static boolean sameKind(String original, String shrunk) {
        return shrunk != null && shrunk.startsWith(THREW) == original.startsWith(THREW);
    }

    /**
     * Checks the property for the JUnit run's seeds ({@link #tries()} from 0, or the one seed
     * {@code -Dptosim.seed=S}).
     *
     * @param testClass the test class, named in the Maven repro line
     * @throws AssertionError with the failure's report
     */
    public void check(Class<?> testClass) {
        PropertyRunner.junit(testClass, tries(), this::find);
    }

    /** The property with this command-line name, or empty. */
    public static Optional<NodeProperty> byCliName(String name) {
        for (NodeProperty p : values()) {
            if (p.cliName().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
