package io.ptosim.bench;

import io.ptosim.chip.RunSummary;
import io.ptosim.platform.Platform;
import io.ptosim.runtime.RuntimeConfig;
import io.ptosim.workloads.WorkloadInstance;
import java.util.Map;
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
 * End to end: one whole paged-attention Case1 (auto, a2a3) run on the simulated chip, timing only —
 * the figure behind {@code pa_case1_tasks_per_s} (65,792 tasks per operation; divide ops/s by it, or
 * read the seconds per run) — and its runtime-semantics layer alone, the figure behind
 * {@code pa_case1_runtime_ms}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class WorkloadBenchmark {
    /** The built program, shared by every run. */
    @State(Scope.Benchmark)
    public static class Case1 {
        WorkloadInstance instance;
        RuntimeConfig config;

        /** Builds paged-attention Case1 auto once. */
        @Setup
        public void setUp() {
            instance = WorkloadBench.case1();
            config = Platform.load("a2a3", Map.of()).runtime();
        }
    }

    /** The runtime-semantics layer of one Case1 run alone ({@link RuntimeLayer}; milliseconds per run). */
    @Benchmark
    public long pagedAttentionCase1RuntimeLayer(Case1 c) {
        return RuntimeLayer.run(c.instance.program(), c.config);
    }

    /** One timing-only Case1 run (milliseconds per run). */
    @Benchmark
    public RunSummary pagedAttentionCase1TimingOnly(Case1 c) {
        return WorkloadBench.timingOnly(c.instance);
    }
}
