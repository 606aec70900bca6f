package io.ptosim.bench;

import io.ptosim.chip.RunSummary;
import io.ptosim.traces.PtraceHeader;
import io.ptosim.traces.PtraceWriter;
import io.ptosim.workloads.ChipRun;
import io.ptosim.workloads.WorkloadInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A paged-attention Case1 run (auto, a2a3, timing only) recorded as a gzipped ptosim trace (459,263
 * events): set against {@link WorkloadBenchmark}'s untraced run, the difference is what writing the
 * trace costs, and events divided by it is the write rate.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class TraceWriteBenchmark {
    /** The program and a scratch file. */
    @State(Scope.Benchmark)
    public static class Recording {
        WorkloadInstance instance;
        Path file;
        PtraceHeader header;

        /** Builds the program once; the trace goes to a temporary file. */
        @Setup
        public void setUp() throws IOException {
            instance = WorkloadBench.case1();
            file = Files.createTempFile("ptosim-bench", ".ptrace");
            header = new PtraceHeader("bench", "paged-attention", "Case1", "auto",
                    PtraceHeader.digestOf(instance.program()), "a2a3", Map.of(), "sim", 0, true);
        }

        /** Removes the scratch file. */
        @TearDown
        public void tearDown() throws IOException {
            Files.deleteIfExists(file);
        }
    }

    /** One traced run, milliseconds per run. */
    @Benchmark
    public RunSummary pagedAttentionCase1Traced(Recording r) {
        try (PtraceWriter writer = new PtraceWriter(r.file, r.header, true)) {
            RunSummary s = ChipRun.run(r.instance, "a2a3", Map.of(), false, 0, c -> { }, writer).summary();
            writer.finish(s.digest());
            return s;
        }
    }
}
