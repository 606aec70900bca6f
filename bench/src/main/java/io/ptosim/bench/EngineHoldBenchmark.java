package io.ptosim.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Events per second of a whole event loop in the hold model ({@link EngineHold}): ptosim's
 * {@code Simulation} against the PriorityQueue loop, at 10^3, 10^5 and 10^6 pending.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(EngineHoldBenchmark.BATCH)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class EngineHoldBenchmark {
    static final int BATCH = 10_000;

    @Param({"1000", "100000", "1000000"})
    int pending;

    @Param({"PTOSIM", "PTOSIM_TIMERS", "PRIORITY_QUEUE"})
    EngineHold.Engine engine;

    private EngineHold hold;

    /** Builds the loop with its pending events. */
    @Setup
    public void setUp() {
        hold = EngineHold.create(engine, pending, 42);
    }

    /** Fires one batch of events. */
    @Benchmark
    public void hold() {
        hold.fire(BATCH);
    }
}
