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
 * Raw event-queue throughput in the hold model ({@link QueueHold}): the engine's radix heap against the
 * 4-ary heap candidate and {@link java.util.PriorityQueue}, at 10^3, 10^5 and 10^6 pending. Scores are
 * hold steps (one take-out plus one add) per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(QueueHoldBenchmark.BATCH)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class QueueHoldBenchmark {
    static final int BATCH = 10_000;

    @Param({"1000", "100000", "1000000"})
    int pending;

    @Param({"RADIX_HEAP", "QUATERNARY_HEAP", "PRIORITY_QUEUE"})
    QueueHold.Queue queue;

    private QueueHold hold;

    /** Fills the queue. */
    @Setup
    public void setUp() {
        hold = QueueHold.create(queue, pending, 42);
    }

    /** One batch of hold steps. */
    @Benchmark
    public long hold() {
        return hold.hold(BATCH);
    }
}
