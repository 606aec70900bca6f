package io.ptosim.properties;

import io.ptosim.program.Program;
import io.ptosim.traces.ProgramJson;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Runs a property over seeds 0, 1, 2, ... ({@code -Dptosim.tries}, default 200; {@code -Pdeep} 10,000)
 * or over the one seed {@code -Dptosim.seed=S}. A property maps a program to null when it holds and to
 * a description of the violation otherwise. The first failure is shrunk and reported with its seed,
 * the shrunk program as JSON, and the command that reproduces it.
 */
public final class PropertyRunner {
    private static final int SHRINK_BUDGET = 2_000;

    private PropertyRunner() {
    }

    /**
     * Checks {@code property} on the programs {@code generator} draws for each seed.
     *
     * @param testClass the JUnit class running it, for the repro command
     * @throws AssertionError describing the first (shrunk) counterexample
     */
    public static void check(String name, Class<?> testClass, LongFunction<Program> generator,
            Function<Program, String> property) {
        String single = System.getProperty("ptosim.seed");
        long first = single == null ? 0 : Long.parseLong(single);
        long count = single == null ? Integer.getInteger("ptosim.tries", 200) : 1;
        for (long seed = first; seed < first + count; seed++) {
            Program program = generator.apply(seed);
            String violation = property.apply(program);
            if (violation != null) {
                Program shrunk = Shrinker.shrink(program, p -> property.apply(p) != null, SHRINK_BUDGET);
                throw new AssertionError("property '" + name + "' fails for seed " + seed + ": " + violation
                        + "\nshrunk from " + program.ops().size() + " to " + shrunk.ops().size() + " ops: "
                        + property.apply(shrunk) + "\n" + ProgramJson.toJson(shrunk)
                        + "repro: ./mvnw -B -ntp -pl property-tests -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest="
                        + testClass.getSimpleName() + " -Dptosim.seed=" + seed);
            }
        }
    }
}
