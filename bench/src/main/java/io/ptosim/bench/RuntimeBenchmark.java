package io.ptosim.bench;

import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorMap;
import io.ptosim.runtime.TensorMapModel;
import io.ptosim.runtime.TensorView;
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
 * The semantics layer: tasks per second of the paged-attention-shaped stream through
 * {@code submit -> complete -> release} ({@link PagedAttentionStream}), and TensorMap lookups per second
 * as the live entries grow to the 65,536-entry pool.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class RuntimeBenchmark {
    static final int BATCH = 1_000;

    /** The submit stream. */
    @State(Scope.Thread)
    public static class Stream {
        PagedAttentionStream stream;

        /** A fresh stream. */
        @Setup
        public void setUp() {
            stream = new PagedAttentionStream();
        }
    }

    /** A TensorMap of {@code buckets} buckets holding {@code entries} live writes over {@code entries / 4} buffers. */
    @State(Scope.Thread)
    public static class Map {
        @Param({"1024", "16384", "65536"})
        int entries;
        @Param({"4096", "65536"})
        int buckets;
        TensorMap map;
        TensorView[] probes;
        int next;

        /** Fills the map. */
        @Setup
        public void setUp() {
            map = new TensorMap(buckets, 65536, new int[] {16384, 16384, 16384, 16384});
            int buffers = entries / 4;
            probes = new TensorView[buffers];
            for (int b = 0; b < buffers; b++) {
                TensorView whole = TensorView.external(0x1_0000_0000L + b * 0x1_0000L, DataType.FLOAT32, 4, 64);
                for (int row = 0; row < 4; row++) {
                    map.insert(whole.view(new int[] {1, 64}, new long[] {row, 0}), TaskId.of(0, (b * 4L + row) & 0x3FFF));
                }
                probes[b] = whole.view(new int[] {2, 64}, new long[] {1, 0});
            }
        }
    }

    /** Submits (and completes and releases) one batch of tasks. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long submitStream(Stream s) {
        for (int i = 0; i < BATCH; i++) {
            s.stream.task();
        }
        return s.stream.tasks();
    }

    /**
     * One batch of lookups, each hitting two of its buffer's four entries. One callback serves the batch
     * (a lambda built inside the loop is an allocation per lookup once {@code lookup} is not inlined).
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int tensorMapLookup(Map m) {
        int[] hits = {0};
        TensorMapModel.Hits count = (e, p, v, o) -> hits[0]++;
        for (int i = 0; i < BATCH; i++) {
            TensorView probe = m.probes[m.next];
            m.next = m.next + 1 == m.probes.length ? 0 : m.next + 1;
            m.map.lookup(probe, count);
        }
        return hits[0];
    }
}
