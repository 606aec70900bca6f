package io.ptosim.traces;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.des.Simulation;
import io.ptosim.node.NodeArg;
import io.ptosim.node.NodeConfig;
import io.ptosim.node.NodeProgram;
import io.ptosim.node.NodeRuntime;
import io.ptosim.node.Ptr;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.spi.ChipCallable;
import io.ptosim.spi.ChipEndpoint;
import io.ptosim.spi.ChipTask;
import io.ptosim.spi.HostMemory;
import io.ptosim.spi.Reply;
import io.ptosim.spi.SharedMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node run's Perfetto timeline: a slice per member on its chip's track, an arrow per dependency. */
class NodePerfettoWriterTest {
    private record Named(String name) implements ChipCallable {
    }

    /** A chip whose tasks take 10 µs (20 µs for 'B'), failing the callable named 'F'. */
    private record FixedChip(int deviceId, Simulation sim) implements ChipEndpoint {
        @Override
        public void malloc(long bytes, Reply<Long> reply) {
            sim.scheduleAfter(1, () -> reply.ok(0x1000L));
        }

        @Override
        public void free(long devicePtr, Reply<Void> reply) {
            sim.scheduleAfter(1, () -> reply.ok(null));
        }

        @Override
        public void copyTo(long deviceDst, long hostSrc, long bytes, Reply<Void> reply) {
            sim.scheduleAfter(1, () -> reply.ok(null));
        }

        @Override
        public void copyFrom(long hostDst, long deviceSrc, long bytes, Reply<Void> reply) {
            sim.scheduleAfter(1, () -> reply.ok(null));
        }

        @Override
        public void mallocHostDeviceShareMem(long bytes, Reply<SharedMemory> reply) {
            sim.scheduleAfter(1, () -> reply.failed(-1, "unsupported"));
        }

        @Override
        public void freeHostDeviceShareMem(long hostPtr, Reply<Void> reply) {
            sim.scheduleAfter(1, () -> reply.ok(null));
        }

        @Override
        public void run(ChipTask task, Reply<Void> reply) {
            String n = task.callable();
            sim.scheduleAfter(n.equals("B") ? 20_000 : 10_000, () -> {
                if (n.equals("F")) {
                    reply.failed(3, "boom");
                } else {
                    reply.ok(null);
                }
            });
        }

        @Override
        public void close() {
        }
    }

    private static final HostMemory HOST = new HostMemory() {
        @Override
        public void readBytes(long addr, byte[] dst, int offset, int length) {
        }

        @Override
        public void writeBytes(long addr, byte[] src, int offset, int length) {
        }
    };

    private static NodeArg arg(TensorArgType tag, long addr) {
        return new NodeArg(tag, NodeProgram.tensor(Ptr.at(addr), DataType.FLOAT32, 4));
    }

    private static PerfettoFile run(NodeProgram p, Path file) throws IOException {
        Simulation sim = new Simulation(1);
        NodeRuntime node = new NodeRuntime(sim, List.of(new FixedChip(0, sim), new FixedChip(1, sim)), 0, HOST,
                NodeConfig.DEFAULT, sim::reportProgress);
        NodePerfettoWriter writer = new NodePerfettoWriter();
        node.observe(writer);
        node.start(p);
        sim.run();
        writer.write(file, "test");
        return PerfettoFile.read(file);
    }

    @Test
    void eachMemberIsASliceOnItsChipAndEachDependencyAnArrow(@TempDir Path dir) throws IOException {
        NodeProgram p = NodeProgram.builder("chain").submit(new Named("A"), 0, arg(TensorArgType.OUTPUT, 0x100))
                .submit(new Named("B"), 1, arg(TensorArgType.INPUT, 0x100), arg(TensorArgType.OUTPUT, 0x200)).build();
        PerfettoFile f = run(p, dir.resolve("node.json"));
        List<PerfettoFile.Slice> slices = f.slices();
        assertThat(slices).extracting(PerfettoFile.Slice::name).containsExactly("A #0", "B #1");
        assertThat(slices).extracting(PerfettoFile.Slice::tid).containsExactly(0, 1);
        assertThat(slices.get(0).endNs() - slices.get(0).startNs()).isEqualTo(10_000 + 5_000);
        assertThat(slices.get(1).endNs() - slices.get(1).startNs()).isEqualTo(20_000 + 5_000);
        assertThat(slices.get(1).startNs()).as("B starts after A's completion is processed")
                .isGreaterThan(slices.get(0).endNs());
        assertThat(f.flows("dep")).hasSize(1);
        assertThat(f.flows("dep").get(0)).allSatisfy(e -> assertThat(f.bindsToSlice(e)).isTrue());
        assertThat(f.threadName(1, 1)).isEqualTo("chip 1");
        assertThat(f.metadata().get("arrows").asInt()).isEqualTo(1);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).extracting(x -> x.getFileName().toString()).containsExactly("node.json");
        }
    }

    @Test
    void aPoisonedTaskIsAnInstantAndAFailedMemberAFailedSlice(@TempDir Path dir) throws IOException {
        NodeProgram p = NodeProgram.builder("poison").submit(new Named("F"), 0, arg(TensorArgType.OUTPUT, 0x100))
                .submit(new Named("B"), 1, arg(TensorArgType.INPUT, 0x100)).build();
        PerfettoFile f = run(p, dir.resolve("node.json"));
        assertThat(f.slices()).extracting(PerfettoFile.Slice::cat).containsExactly("failed");
        assertThat(f.events("i")).extracting(e -> e.get("name").asText()).containsExactly("B #1 not run");
        assertThat(f.flows("dep")).isEmpty();
    }
}
