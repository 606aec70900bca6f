package io.ptosim.properties;

import io.ptosim.program.Program;
import io.ptosim.traces.ProgramJson;
import java.util.Optional;

/**
 * Runs a {@link Property} over seeds and, on the first failure, shrinks the program. From JUnit:
 * {@link #check} over seeds 0.. ({@code -Dptosim.tries}, default 200; {@code -Pdeep} 10,000) or the one
 * seed {@code -Dptosim.seed=S}; from the command line: {@code ptosim fuzz}.
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
            String shrunkViolation) {

        /** The whole report: what failed, the shrunk program as JSON, and the repro command. */
        public String report() {
            return "property '" + property.cliName() + "' fails for seed " + seed + ": " + violation + "\nshrunk from "
                    + originalOps + " to " + shrunk.ops().size() + " ops: " + shrunkViolation + "\n"
                    + ProgramJson.toJson(shrunk) + "repro: ./ptosim fuzz --property " + property.cliName() + " --seed "
                    + seed;
        }
    }

    private PropertyRunner() {
    }

    /** The first failure among seeds {@code [first, first + count)}, shrunk; empty when all hold. */
    public static Optional<Failure> find(Property property, long first, long count) {
        for (long seed = first; seed < first + count; seed++) {
            Program program = property.generate(seed);
            String violation = property.check(program);
            if (violation != null) {
                Program shrunk = Shrinker.shrink(program, p -> property.check(p) != null, SHRINK_BUDGET);
                return Optional.of(new Failure(property, seed, violation, program.ops().size(), shrunk,
                        property.check(shrunk)));
            }
        }
        return Optional.empty();
    }

    /**
     * Checks {@code property} for the JUnit run's seeds.
     *
     * @param testClass the test class, named in the Maven repro line
     * @throws AssertionError with the failure's report
     */
    public static void check(Property property, Class<?> testClass) {
        String single = System.getProperty("ptosim.seed");
        long first = single == null ? 0 : Long.parseLong(single);
        long count = single == null ? Integer.getInteger("ptosim.tries", 200) : 1;
        find(property, first, count).ifPresent(f -> {
            throw new AssertionError(f.report() + "\n   or: ./mvnw -B -ntp -pl property-tests -am test"
                    + " -Dsurefire.failIfNoSpecifiedTests=false -Dtest=" + testClass.getSimpleName() + " -Dptosim.seed="
                    + f.seed());
        });
    }
}
