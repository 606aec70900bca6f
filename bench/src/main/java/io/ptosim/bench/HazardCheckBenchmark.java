package io.ptosim.bench;

import io.ptosim.check.AccessGraph;
import io.ptosim.check.HazardChecker;
import io.ptosim.check.HazardReport;
import io.ptosim.program.Program;
import io.ptosim.traces.ProgramFile;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code ptosim check} on a 10^6-task program ({@link HazardCheckProgram#million()}), past reading the
 * file: resolving the submits, deriving the edges with the runtime's dependency rules, building the
 * accesses and finding every hazard. Seconds per whole check, one shot per iteration.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-XX:+UseParallelGC"})
public class HazardCheckBenchmark {
    /** The generated program (its ops are computed on demand). */
    @State(Scope.Benchmark)
    public static class Million {
        Program program;

        /** Describes the program; nothing is built until the check reads it. */
        @Setup
        public void setUp() {
            program = HazardCheckProgram.million().program();
        }
    }

    /** One whole check of the 10^6 tasks. */
    @Benchmark
    public HazardReport checkMillionTasks(Million m) {
        return HazardChecker.check(AccessGraph.of(new ProgramFile.Ptosim(m.program, m.program.name())), 100);
    }
}
