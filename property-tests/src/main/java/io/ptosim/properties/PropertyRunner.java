package io.ptosim.properties;

import io.ptosim.program.Program;
import io.ptosim.traces.ProgramJson;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.UnaryOperator;

/**
 * Runs a {@link Property} over seeds and, on the first failure, shrinks the program. From JUnit:
 * {@link #check} over seeds 0.. ({@code -Dptosim.tries}, default 200; {@code -Pdeep} 10,000) or the one
 * seed {@code -Dptosim.seed=S}; from the command line: {@code ptosim fuzz}. The seed search and the JUnit
 * entry are generic over the case type, so the node properties ({@link NodeProperty}) share them.
 */
public final class PropertyRunner {
    private static final int SHRINK_BUDGET = 2_000;

    /**
     * A counterexample.
     *
     * @param property the property broken
     * @param seed the seed whose program broke it
     * @param violation what broke, on the original program
     * @param originalOps ops of the original program
     * @param shrunk the smallest failing variant found
     * @param shrunkViolation what breaks on the shrunk program
     */
    public record Failure(Property property, long seed, String violation, int originalOps, Program shrunk,
            String shrunkViolation) implements Counterexample {

        /** The whole report: what failed, the shrunk program as JSON, and the repro command. */
        @Override
        public String report() {
            return "property '" + property.cliName() + "' fails for seed " + seed + ": " + violation + "\nshrunk from "
                    + originalOps + " to " + shrunk.ops().size() + " ops: " + shrunkViolation + "\n"
                    + ProgramJson.toJson(shrunk) + "repro: ./ptosim fuzz --property " + property.cliName() + " --seed "
                    + seed;
        }
    }

    private PropertyRunner() {
    }

    /** A failure a seed search found, whatever the property's case type. */
    public interface Counterexample {
        /** The seed that broke the property. */
        long seed();

        /** The whole report: what failed, the shrunk case, and the repro command. */
        String report();
    }

    /**
     * A seed whose case broke a property.
     *
     * @param seed the seed
     * @param original the case it drew
     * @param violation what broke on it
     * @param shrunk the smallest failing variant found
     * @param shrunkViolation what breaks on the shrunk case
     * @param <C> the case type
     */
    public record Found<C>(long seed, C original, String violation, C shrunk, String shrunkViolation) {
    }

    /**
     * The first seed in {@code [first, first + count)} whose case {@code check} rejects (non-null), with the
     * case {@code shrink} made of it; empty when every case holds.
     */
    public static <C> Optional<Found<C>> search(long first, long count, LongFunction<C> generate,
            Function<C, String> check, UnaryOperator<C> shrink) {
        for (long seed = first; seed < first + count; seed++) {
            C c = generate.apply(seed);
            String violation = check.apply(c);
            if (violation != null) {
                C shrunk = shrink.apply(c);
                return Optional.of(new Found<>(seed, c, violation, shrunk, check.apply(shrunk)));
            }
        }
        return Optional.empty();
    }

    /** The first failure among seeds {@code [first, first + count)}, shrunk; empty when all hold. */
    public static Optional<Failure> find(Property property, long first, long count) {
        return search(first, count, property::generate, property::check,
                p -> Shrinker.shrink(p, x -> property.check(x) != null, SHRINK_BUDGET))
                .map(f -> new Failure(property, f.seed(), f.violation(), f.original().ops().size(), f.shrunk(),
                        f.shrunkViolation()));
    }

    /**
     * Checks {@code property} for the JUnit run's seeds.
     *
     * @param testClass the test class, named in the Maven repro line
     * @throws AssertionError with the failure's report
     */
    public static void check(Property property, Class<?> testClass) {
        junit(testClass, Integer.getInteger("ptosim.tries", 200), (first, count) -> find(property, first, count));
    }

    /**
     * Runs {@code find} over the JUnit run's seeds: {@code [0, tries)}, or the one seed
     * {@code -Dptosim.seed=S}.
     *
     * @param testClass the test class, named in the Maven repro line
     * @throws AssertionError with the failure's report and both repro lines
     */
    public static void junit(Class<?> testClass, long tries,
            BiFunction<Long, Long, Optional<? extends Counterexample>> find) {
        String single = System.getProperty("ptosim.seed");
        long first = single == null ? 0 : Long.parseLong(single);
        long count = single == null ? tries : 1;
        find.apply(first, count).ifPresent(f -> {
            throw new AssertionError(f.report() + "\n   or: ./mvnw -B -ntp -pl property-tests -am test"
                    + " -Dsurefire.failIfNoSpecifiedTests=false -Dtest=" + testClass.getSimpleName() + " -Dptosim.seed="
                    + f.seed());
        });
    }
}
