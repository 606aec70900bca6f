package io.ptosim.bench;

import io.ptosim.des.Simulation;
import io.ptosim.node.NodeArg;
import io.ptosim.node.NodeConfig;
import io.ptosim.node.NodeProgram;
import io.ptosim.node.NodeRunResult;
import io.ptosim.node.NodeRuntime;
import io.ptosim.node.Ptr;
import io.ptosim.node.SchedulingPolicy;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.spi.ChipCallable;
import io.ptosim.spi.ChipEndpoint;
import io.ptosim.spi.ChipTask;
import io.ptosim.spi.HostMemory;
import io.ptosim.spi.Reply;
import io.ptosim.spi.SharedMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The node runtime alone: {@value #TASKS} chip tasks over 4 chips whose endpoints answer after a fixed
 * 10 µs, each task reading one of 1,000 host buffers and writing the next (a chain through the buffers,
 * half of them pinned), under each policy. Milliseconds per whole run; divide {@value #TASKS} by it for
 * tasks per second of the orchestrator, slot machine and scheduler.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class NodeRuntimeBenchmark {
    static final int TASKS = 20_000;
    private static final HostMemory NO_HOST = new HostMemory() {
        @Override
        public void readBytes(long addr, byte[] dst, int offset, int length) {
        }

        @Override
        public void writeBytes(long addr, byte[] src, int offset, int length) {
        }
    };

    private record Named(String name) implements ChipCallable {
    }

    /** A chip whose every call answers after a fixed time. */
    private record FixedChip(int deviceId, Simulation sim) implements ChipEndpoint {
        @Override
        public void malloc(long bytes, Reply<Long> reply) {
            sim.scheduleAfter(1_000, () -> reply.ok(0x4000_0000L));
        }

        @Override
        public void free(long devicePtr, Reply<Void> reply) {
            sim.scheduleAfter(1_000, () -> reply.ok(null));
        }

        @Override
        public void copyTo(long deviceDst, long hostSrc, long bytes, Reply<Void> reply) {
            sim.scheduleAfter(1_000, () -> reply.ok(null));
        }

        @Override
        public void copyFrom(long hostDst, long deviceSrc, long bytes, Reply<Void> reply) {
            sim.scheduleAfter(1_000, () -> reply.ok(null));
        }

        @Override
        public void mallocHostDeviceShareMem(long bytes, Reply<SharedMemory> reply) {
            sim.scheduleAfter(1_000, () -> reply.failed(-1, "unsupported"));
        }

        @Override
        public void freeHostDeviceShareMem(long hostPtr, Reply<Void> reply) {
            sim.scheduleAfter(1_000, () -> reply.ok(null));
        }

        @Override
        public void run(ChipTask task, Reply<Void> reply) {
            sim.scheduleAfter(10_000, () -> reply.ok(null));
        }

        @Override
        public void close() {
        }
    }

    @Param({"TWO_PASS", "DIRECTED"})
    SchedulingPolicy policy;

    private NodeProgram program;

    /** Builds the program once. */
    @Setup
    public void setUp() {
        NodeProgram.Builder b = NodeProgram.builder("node-bench");
        Named k = new Named("k");
        for (int i = 0; i < TASKS; i++) {
            long in = 0x10_0000_0000L + 4096L * (i % 1000);
            long out = 0x10_0000_0000L + 4096L * ((i + 1) % 1000);
            b.submit(k, i % 2 == 0 ? i % 4 : -1,
                    new NodeArg(TensorArgType.INPUT, NodeProgram.tensor(Ptr.at(in), DataType.FLOAT32, 256)),
                    new NodeArg(TensorArgType.OUTPUT_EXISTING, NodeProgram.tensor(Ptr.at(out), DataType.FLOAT32, 256)));
        }
        program = b.build();
    }

    /** One whole run (milliseconds). */
    @Benchmark
    public NodeRunResult run() {
        Simulation sim = new Simulation(1);
        List<ChipEndpoint> chips = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            chips.add(new FixedChip(c, sim));
        }
        NodeRuntime node = new NodeRuntime(sim, chips, 0, NO_HOST, NodeConfig.DEFAULT.withPolicy(policy),
                sim::reportProgress);
        node.start(program);
        sim.run();
        return node.result();
    }
}
