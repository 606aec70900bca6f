package io.ptosim.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.program.Arg;
import io.ptosim.program.BufferRef;
import io.ptosim.program.Op;
import io.ptosim.program.Program;
import io.ptosim.runtime.TensorArgType;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ShrinkerTest {

    /** The failure to shrink towards: some submit writes an external buffer as INOUT. */
    private static boolean hasInout(Program p) {
        return p.ops().stream().anyMatch(op -> op instanceof Op.Submit s && s.args().stream()
                .anyMatch(a -> a instanceof Arg.TensorArg t && t.type() == TensorArgType.INOUT
                        && t.tensor().buffer() instanceof BufferRef.External));
    }

    @Test
    void shrinksToASingleSubmitWithTheOffendingArg() {
        Program big = null;
        for (long seed = 0; big == null; seed++) {
            Program p = DependencyProperties.generate(seed);
            if (p.ops().size() > 20 && hasInout(p)) {
                big = p;
            }
        }
        Predicate<Program> fails = ShrinkerTest::hasInout;
        Program shrunk = Shrinker.shrink(big, fails, 10_000);
        assertThat(shrunk.ops()).hasSize(1);
        Op.Submit only = (Op.Submit) shrunk.ops().get(0);
        assertThat(only.args()).filteredOn(Arg.TensorArg.class::isInstance).singleElement()
                .satisfies(a -> assertThat(((Arg.TensorArg) a).type()).isEqualTo(TensorArgType.INOUT));
        assertThat(shrunk.validate()).isSameAs(shrunk);
    }

    @Test
    void theBudgetBoundsTheWork() {
        int[] evaluations = {0};
        Program p = DependencyProperties.generate(3);
        Shrinker.shrink(p, q -> {
            evaluations[0]++;
            return true;
        }, 25);
        assertThat(evaluations[0]).isLessThanOrEqualTo(25);
    }

    @Test
    void aFailureReportCarriesSeedProgramAndRepro() {
        Program p = DependencyProperties.generate(5);
        PropertyRunner.Failure f = new PropertyRunner.Failure(Property.NO_MISSED_RAW, 5, "boom", 30, p, "still boom");
        assertThat(f.report()).startsWith("property 'no-missed-raw' fails for seed 5: boom\nshrunk from 30 to "
                + p.ops().size() + " ops: still boom\n{").endsWith("repro: ./ptosim fuzz --property no-missed-raw --seed 5");
    }
}
