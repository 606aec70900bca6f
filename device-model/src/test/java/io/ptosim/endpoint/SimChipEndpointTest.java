package io.ptosim.endpoint;

import static io.ptosim.program.Args.args;
import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.chip.Chip;
import io.ptosim.des.Simulation;
import io.ptosim.endpoint.Answers.Answer;
import io.ptosim.kernel.CoreType;
import io.ptosim.kernel.DurationModel;
import io.ptosim.kernel.Kernel;
import io.ptosim.kernel.KernelTable;
import io.ptosim.memory.GlobalMemory;
import io.ptosim.platform.Platform;
import io.ptosim.program.Orchestration;
import io.ptosim.program.Program;
import io.ptosim.program.Tensor;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.ScopeMode;
import io.ptosim.runtime.TensorView;
import io.ptosim.spi.ChipCallConfig;
import io.ptosim.spi.ChipCallable;
import io.ptosim.spi.ChipTask;
import io.ptosim.spi.ContinuousTensor;
import io.ptosim.spi.EndpointContext;
import io.ptosim.spi.SharedMemory;
import io.ptosim.spi.TaskArgs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sim backend's chip endpoint driven on a virtual-time loop, with exact reply times from a2a3's node keys. */
class SimChipEndpointTest {
    private static final int N = 256;
    private static final long BYTES = 4L * N;
    /** a2a3: copyLatencyNs 10000 + ceil(1024 B / 25 B/ns) = 41. */
    private static final long COPY_1K = 10_041;
    private static final long MALLOC = 5_000;
    private static final long FREE = 3_000;
    private static final long LAUNCH = 20_000;
    private static final long BASE = 0x1000_0000_0000L;
    private static final int ADD = 0;
    private static final int ADD1 = 1;
    private static final int DOUBLE = 2;
    private static final int INC = 3;
    private static final int NOP = 4;
    private static final KernelTable KERNELS = KernelTable.of(
            new Kernel(ADD, "add", CoreType.AIV, new DurationModel.Fixed(1_000), (call, mem) -> {
                for (long e = 0; e < call.tensor(2).numel(); e++) {
                    mem.set(call.tensor(2), e, mem.get(call.tensor(0), e) + mem.get(call.tensor(1), e));
                }
            }),
            new Kernel(ADD1, "add1", CoreType.AIV, new DurationModel.Fixed(1_000), (call, mem) -> {
                for (long e = 0; e < call.tensor(1).numel(); e++) {
                    mem.set(call.tensor(1), e, mem.get(call.tensor(0), e) + 1);
                }
            }),
            new Kernel(DOUBLE, "double", CoreType.AIV, new DurationModel.Fixed(1_000), (call, mem) -> {
                for (long e = 0; e < call.tensor(1).numel(); e++) {
                    mem.set(call.tensor(1), e, mem.get(call.tensor(0), e) * 2);
                }
            }),
            new Kernel(INC, "inc", CoreType.AIV, new DurationModel.Fixed(1_000), (call, mem) -> {
                TensorView t = call.tensor(0);
                for (long e = 0; e < t.numel(); e++) {
                    mem.set(t, e, mem.get(t, e) + 1);
                }
            }),
            new Kernel(NOP, "nop", CoreType.AIC, new DurationModel.Fixed(1_000), (call, mem) -> { }));

    private final Simulation sim = new Simulation(1);
    private final GlobalMemory host = new GlobalMemory();
    private final Answers answers = new Answers(sim);

    private final Map<String, ChipCallable> library = new java.util.LinkedHashMap<>();

    private SimChipEndpoint open(int device, Map<String, String> settings) {
        return new SimChipEndpoint(device, new EndpointContext(sim, host, "a2a3", settings, 7, library));
    }

    private static ContinuousTensor hostTensor(long addr) {
        return new ContinuousTensor(addr, new int[] {N}, DataType.FLOAT32, false);
    }

    private static ContinuousTensor childTensor(long ptr) {
        return new ContinuousTensor(ptr, new int[] {N}, DataType.FLOAT32, true);
    }

    private ChipTask task(Program p, ContinuousTensor... tensors) {
        library.put(p.name(), new SimCallable(p, KERNELS));
        return new ChipTask(p.name(), new TaskArgs(List.of(tensors), new long[0]), ChipCallConfig.DEFAULT);
    }

    private void fill(long addr, int from) {
        for (int i = 0; i < N; i++) {
            host.write(DataType.FLOAT32, addr + 4L * i, from + i);
        }
    }

    private List<Double> floats(long addr) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            out.add(host.read(DataType.FLOAT32, addr + 4L * i));
        }
        return out;
    }

    private static List<Double> expected(java.util.function.IntToDoubleFunction f) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            out.add(f.applyAsDouble(i));
        }
        return out;
    }

    /** c = a + b over three 256-element f32 externals. */
    private static Program addProgram() {
        Orchestration orch = new Orchestration("add");
        Tensor a = orch.external("a", 0x1000, DataType.FLOAT32, N);
        Tensor b = orch.external("b", 0x2000, DataType.FLOAT32, N);
        Tensor c = orch.external("c", 0x3000, DataType.FLOAT32, N);
        orch.submitAiv(ADD, args().input(a).input(b).outputExisting(c));
        return orch.build();
    }

    /** A = W + 1 and B = 2 W, externals in the order A, W, B. */
    private static Program twoOutputs() {
        Orchestration orch = new Orchestration("two-outputs");
        Tensor a = orch.external("A", 0x1000, DataType.FLOAT32, N);
        Tensor w = orch.external("W", 0x2000, DataType.FLOAT32, N);
        Tensor b = orch.external("B", 0x3000, DataType.FLOAT32, N);
        orch.submitAiv(ADD1, args().input(w).outputExisting(a));
        orch.submitAiv(DOUBLE, args().input(w).outputExisting(b));
        return orch.build();
    }

    /** x += 1 in place on one INOUT external. */
    private static Program increment() {
        Orchestration orch = new Orchestration("inc");
        Tensor x = orch.external("x", 0x1000, DataType.FLOAT32, N);
        orch.submitAiv(INC, args().inout(x));
        return orch.build();
    }

    /** The chip's own elapsed time for {@code p} on a2a3, run alone (timing only). */
    private static long chipElapsed(Program p) {
        return new Chip(Platform.load("a2a3", Map.of()), p, KERNELS, Map.of(), false, 7).run().elapsedNs();
    }

    @Test
    void mallocCopyToCopyFromAndFreeReplyAtTheirPlatformTimes() {
        SimChipEndpoint ep = open(0, Map.of());
        ep.malloc(1000, answers.reply("malloc"));
        ep.malloc(100, answers.reply("malloc2"));
        assertThat(answers.all).as("never answered inside the call").isEmpty();
        sim.run();
        assertThat(answers.all).containsExactly(new Answer("malloc", MALLOC, true, BASE, 0, ""),
                new Answer("malloc2", MALLOC, true, BASE + 1024, 0, ""));
        assertThat(ep.committedDeviceMemory()).isEqualTo(1024 + 512);

        fill(0x5000, 10);
        ep.copyTo(BASE, 0x5000, BYTES, answers.reply("copyTo"));
        sim.run();
        assertThat(answers.last()).isEqualTo(new Answer("copyTo", MALLOC + COPY_1K, true, null, 0, ""));
        ep.copyFrom(0x9000, BASE, BYTES, answers.reply("copyFrom"));
        assertThat(floats(0x9000)).as("the host is written when the reply comes").containsOnly(0.0);
        sim.run();
        assertThat(answers.last()).isEqualTo(new Answer("copyFrom", MALLOC + 2 * COPY_1K, true, null, 0, ""));
        assertThat(floats(0x9000)).isEqualTo(expected(i -> 10 + i));

        ep.free(BASE, answers.reply("free"));
        sim.run();
        assertThat(answers.last()).isEqualTo(new Answer("free", MALLOC + 2 * COPY_1K + FREE, true, null, 0, ""));
        assertThat(ep.committedDeviceMemory()).isEqualTo(512);
        ep.malloc(600, answers.reply("reuse"));
        sim.run();
        assertThat(answers.last().value()).as("first fit reuses the freed block").isEqualTo(BASE);
    }

    @Test
    void badCallsFailAtOnceNamingWhatIsWrong() {
        SimChipEndpoint ep = open(2, Map.of("node.deviceMemoryBytes", "4096"));
        ep.malloc(0, answers.reply("malloc0"));
        ep.malloc(4096, answers.reply("all"));
        ep.malloc(1, answers.reply("more"));
        ep.free(0x1234, answers.reply("free"));
        ep.copyTo(BASE + 4000, 0x5000, 100, answers.reply("copyTo"));
        ep.copyFrom(0x5000, BASE + 8192, 4, answers.reply("copyFrom"));
        sim.run();
        assertThat(answers.all).containsExactly(
                new Answer("malloc0", 0, false, null, -1, "malloc failed on device 2: 0 bytes requested"),
                new Answer("more", 0, false, null, -1,
                        "malloc failed on device 2: no free range of 1 bytes (4096 of 4096 bytes in use)"),
                new Answer("free", 0, false, null, -1, "free failed on device 2: 0x1234 is not a live allocation"),
                new Answer("copyTo", 0, false, null, -1, "copyTo failed on device 2: [0x100000000fa0, +100) is not"
                        + " inside a live allocation or shared block"),
                new Answer("copyFrom", 0, false, null, -1, "copyFrom failed on device 2: [0x100000002000, +4) is not"
                        + " inside a live allocation or shared block"),
                new Answer("all", MALLOC, true, BASE, 0, ""));

        ep.close();
        ep.malloc(8, answers.reply("closed"));
        ep.run(task(addProgram()), answers.reply("closed-run"));
        sim.run();
        assertThat(answers.all.subList(6, 8)).containsExactly(
                new Answer("closed", MALLOC, false, null, -1, "device 2 is closed"),
                new Answer("closed-run", MALLOC, false, null, -1, "device 2 is closed"));
    }

    @Test
    void aChipTaskCopiesHostInputsInComputesAndCopiesTheOutputBack() {
        SimChipEndpoint ep = open(0, Map.of());
        fill(0x10000, 1);
        fill(0x20000, 1000);
        ep.run(task(addProgram(), hostTensor(0x10000), hostTensor(0x20000), hostTensor(0x30000)), answers.reply("run"));
        sim.run();
        long elapsed = chipElapsed(addProgram());
        assertThat(elapsed).as("the chip's own run: one 1 us AIV task on a2a3").isEqualTo(6_178);
        assertThat(answers.all).containsExactly(
                new Answer("run", LAUNCH + 3 * COPY_1K + elapsed + 3 * COPY_1K, true, null, 0, ""));
        assertThat(floats(0x30000)).isEqualTo(expected(i -> 1001 + 2 * i));
        assertThat(floats(0x10000)).isEqualTo(expected(i -> 1 + i));
        assertThat(ep.committedDeviceMemory()).as("temporaries freed").isZero();
        assertThat(ep.lastRun().orElseThrow().elapsedNs()).isEqualTo(elapsed);
    }

    @Test
    void aChildMemoryArgBetweenTwoOutputsLeavesEachOutputItsOwnResult() {
        SimChipEndpoint ep = open(0, Map.of());
        fill(0x40000, 5);
        ep.malloc(BYTES, answers.reply("malloc"));
        sim.run();
        long w = (Long) answers.last().value();
        ep.copyTo(w, 0x40000, BYTES, answers.reply("copyTo"));
        sim.run();
        long t0 = sim.now();
        ep.run(task(twoOutputs(), hostTensor(0x10000), childTensor(w), hostTensor(0x20000)), answers.reply("run"));
        sim.run();
        assertThat(answers.last()).isEqualTo(new Answer("run", t0 + LAUNCH + 2 * COPY_1K + chipElapsed(twoOutputs())
                + 2 * COPY_1K, true, null, 0, ""));
        assertThat(floats(0x10000)).as("A = W + 1").isEqualTo(expected(i -> 6 + i));
        assertThat(floats(0x20000)).as("B = 2 W").isEqualTo(expected(i -> 10 + 2 * i));
        assertThat(floats(w)).as("W is not copied back anywhere on the host").containsOnly(0.0);
        ep.copyFrom(0x50000, w, BYTES, answers.reply("copyFrom"));
        sim.run();
        assertThat(floats(0x50000)).as("W on the device is as it was").isEqualTo(expected(i -> 5 + i));
        assertThat(ep.committedDeviceMemory()).isEqualTo(BYTES);
    }

    @Test
    void aChildTensorOutsideALiveAllocationFailsTheProvenanceCheck() {
        SimChipEndpoint ep = open(1, Map.of());
        ep.run(task(twoOutputs(), hostTensor(0x10000), childTensor(0x1234), hostTensor(0x20000)), answers.reply("run"));
        ep.malloc(BYTES, answers.reply("malloc"));
        sim.run();
        long w = (Long) answers.last().value();
        ep.free(w, answers.reply("free"));
        ep.run(task(twoOutputs(), hostTensor(0x10000), childTensor(w), hostTensor(0x20000)), answers.reply("freed"));
        ep.run(task(twoOutputs(), hostTensor(0x10000)), answers.reply("count"));
        ep.run(task(twoOutputs(), hostTensor(0x10000), hostTensor(0x20000),
                new ContinuousTensor(0x30000, new int[] {N - 1}, DataType.FLOAT32, false)), answers.reply("small"));
        ep.run(new ChipTask("kernel.so", new TaskArgs(List.of(), new long[0]), ChipCallConfig.DEFAULT),
                answers.reply("foreign"));
        sim.run();
        assertThat(answers.all.get(0)).isEqualTo(new Answer("run", 0, false, null, -1,
                "chip task 'two-outputs' on device 1: tensor 1: device pointer 0x1234 is not a live allocation on"
                        + " worker 1 (1024 bytes)"));
        assertThat(answers.all.subList(2, 6)).extracting(Answer::call, Answer::at, Answer::code, Answer::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("freed", MALLOC, -1, "chip task 'two-outputs' on device 1:"
                                + " tensor 1: device pointer 0x100000000000 is not a live allocation on worker 1 (1024 bytes)"),
                        org.assertj.core.groups.Tuple.tuple("count", MALLOC, -1, "chip task 'two-outputs' on device 1:"
                                + " the program has 3 external buffer(s), the task 1 tensor(s)"),
                        org.assertj.core.groups.Tuple.tuple("small", MALLOC, -1, "chip task 'two-outputs' on device 1:"
                                + " tensor 2 has 1020 bytes, external 2 'B' needs 1024"),
                        org.assertj.core.groups.Tuple.tuple("foreign", MALLOC, -1, "device 1 (sim backend) has no callable"
                                + " 'kernel.so'; it runs the node program's Java-defined callables: two-outputs"));
        assertThat(answers.all.get(6).call()).isEqualTo("free");
        assertThat(ep.committedDeviceMemory()).isZero();
    }

    @Test
    void aSharedBlockIsSeenByKernelsAtTheDevicePointerAndByTheHostWithoutACopy() {
        SimChipEndpoint ep = open(1, Map.of());
        ep.mallocHostDeviceShareMem(BYTES, answers.reply("share"));
        sim.run();
        SharedMemory s = (SharedMemory) answers.last().value();
        assertThat(answers.last().at()).isEqualTo(MALLOC);
        assertThat(s).isEqualTo(new SharedMemory(0x7010_0000_0000L, 0x2000_0000_0000L, BYTES));
        fill(s.hostPtr(), 40);
        ep.run(task(increment(), childTensor(s.devicePtr())), answers.reply("run"));
        sim.run();
        assertThat(answers.last()).isEqualTo(
                new Answer("run", MALLOC + LAUNCH + chipElapsed(increment()), true, null, 0, ""));
        assertThat(floats(s.hostPtr())).isEqualTo(expected(i -> 41 + i));
        ep.copyFrom(0x60000, s.devicePtr() + 4, 8, answers.reply("copyFrom"));
        sim.run();
        assertThat(host.read(DataType.FLOAT32, 0x60000)).isEqualTo(42.0);

        ep.freeHostDeviceShareMem(0, answers.reply("free0"));
        ep.freeHostDeviceShareMem(0x1234, answers.reply("unknown"));
        ep.mallocHostDeviceShareMem(0, answers.reply("size0"));
        ep.freeHostDeviceShareMem(s.hostPtr(), answers.reply("free"));
        ep.run(task(increment(), childTensor(s.devicePtr())), answers.reply("after"));
        long now = sim.now();
        sim.run();
        assertThat(answers.all.subList(3, 8)).extracting(Answer::call, Answer::at, Answer::code, Answer::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("free0", now, 0, ""),
                        org.assertj.core.groups.Tuple.tuple("unknown", now, -1,
                                "freeHostDeviceShareMem on device 1: host pointer 0x1234 is not a shared block"),
                        org.assertj.core.groups.Tuple.tuple("size0", now, -1,
                                "mallocHostDeviceShareMem on device 1: size 0; expected > 0"),
                        org.assertj.core.groups.Tuple.tuple("after", now, -1, "chip task 'inc' on device 1: tensor 0:"
                                + " device pointer 0x200000000000 is not a live allocation on worker 1 (1024 bytes)"),
                        org.assertj.core.groups.Tuple.tuple("free", now + FREE, 0, ""));
        assertThat(floats(s.hostPtr())).as("the failed task changed nothing").isEqualTo(expected(i -> 41 + i));
    }

    @Test
    void aTaskPublishesOnlyItsKernelsWritesToSharedBlocksLikePinnedMemory() {
        SimChipEndpoint ep = open(0, Map.of());
        ep.mallocHostDeviceShareMem(2 * BYTES, answers.reply("share"));
        sim.run();
        SharedMemory s = (SharedMemory) answers.last().value();
        fill(s.hostPtr(), 40);
        ep.run(task(increment(), childTensor(s.devicePtr())), answers.reply("run"));
        long secondHalf = s.hostPtr() + BYTES;
        SharedMemory[] late = new SharedMemory[1];
        sim.scheduleAfter(1, () -> {
            host.write(DataType.FLOAT32, secondHalf, 42.0);
            ep.mallocHostDeviceShareMem(BYTES, new io.ptosim.spi.Reply<>() {
                @Override
                public void ok(SharedMemory value) {
                    late[0] = value;
                    host.write(DataType.FLOAT32, value.hostPtr(), 7.0);
                }

                @Override
                public void failed(int code, String message) {
                    throw new AssertionError(message);
                }
            });
        });
        sim.run();
        assertThat(answers.last().ok()).isTrue();
        assertThat(floats(s.hostPtr())).as("the kernel's +1 on the first half").isEqualTo(expected(i -> 41 + i));
        assertThat(host.read(DataType.FLOAT32, secondHalf)).as("the host's write during the task stays").isEqualTo(42.0);
        assertThat(host.read(DataType.FLOAT32, late[0].hostPtr())).as("a block mapped during the task is untouched")
                .isEqualTo(7.0);
    }

    @Test
    void aPlatformWithoutSharedMemoryRefusesIt() {
        SimChipEndpoint ep = open(0, Map.of("node.hostDeviceShareMem", "false"));
        ep.mallocHostDeviceShareMem(64, answers.reply("share"));
        sim.run();
        assertThat(answers.all).containsExactly(new Answer("share", 0, false, null, SimChipEndpoint.UNSUPPORTED,
                "mallocHostDeviceShareMem on device 0: unsupported on platform a2a3 (node.hostDeviceShareMem = false)"));
    }

    @Test
    void theChipsOwnErrorReachesTheReplysCode() {
        SimChipEndpoint ep = open(0, Map.of("ring.taskWindow", "4"));
        Orchestration orch = new Orchestration("deadlock");
        orch.scope(ScopeMode.AUTO, () -> {
            for (int t = 0; t < 4; t++) {
                orch.submitAic(NOP, args().output(DataType.FLOAT32, 256));
            }
        });
        ep.run(task(orch.build()), answers.reply("run"));
        sim.run();
        Answer a = answers.last();
        assertThat(a.ok()).isFalse();
        assertThat(a.code()).isEqualTo(1);
        assertThat(a.message()).startsWith("chip task 'deadlock' on device 0 failed: FATAL: Scope Deadlock Detected!");
        assertThat(a.at()).isEqualTo(LAUNCH + ep.lastRun().orElseThrow().elapsedNs());
    }

    @Test
    void timingOnlyGivesTheSameTimesAndMovesNoBytes() {
        SimChipEndpoint ep = open(0, Map.of("node.functional", "false"));
        assertThat(ep.functional()).isFalse();
        fill(0x10000, 1);
        fill(0x20000, 1000);
        ep.run(task(addProgram(), hostTensor(0x10000), hostTensor(0x20000), hostTensor(0x30000)), answers.reply("run"));
        sim.run();
        assertThat(answers.last().at()).isEqualTo(LAUNCH + 6 * COPY_1K + chipElapsed(addProgram()));
        assertThat(floats(0x30000)).containsOnly(0.0);
    }

    /** A fixed script of calls; returns every reply and the host bytes of the outputs. */
    private static List<Object> script() {
        Simulation loop = new Simulation(1);
        GlobalMemory mem = new GlobalMemory();
        Answers rec = new Answers(loop);
        SimChipEndpoint ep = new SimChipEndpoint(3, new EndpointContext(loop, mem, "a5", Map.of(), 11,
                Map.of("two-outputs", new SimCallable(twoOutputs(), KERNELS))));
        for (int i = 0; i < N; i++) {
            mem.write(DataType.FLOAT32, 0x40000 + 4L * i, i * 0.5);
        }
        ep.malloc(BYTES, rec.reply("malloc"));
        loop.run();
        long w = (Long) rec.last().value();
        ep.copyTo(w, 0x40000, BYTES, rec.reply("copyTo"));
        ep.mallocHostDeviceShareMem(100, rec.reply("share"));
        ep.run(new ChipTask("two-outputs", new TaskArgs(List.of(hostTensor(0x10000), childTensor(w),
                hostTensor(0x20000)), new long[0]), ChipCallConfig.DEFAULT), rec.reply("run"));
        ep.malloc(77, rec.reply("malloc2"));
        loop.run();
        List<Object> out = new ArrayList<>(rec.all);
        for (long a = 0x10000; a < 0x10000 + BYTES; a += 4) {
            out.add(mem.read(DataType.FLOAT32, a));
            out.add(mem.read(DataType.FLOAT32, a + 0x10000));
        }
        return out;
    }

    @Test
    void theSameCallsGiveTheSameReplyTimesAndBytes() {
        List<Object> first = script();
        assertThat(script()).isEqualTo(first);
        assertThat(first.subList(0, 5)).extracting(o -> ((Answer) o).call())
                .as("equal times in call order").containsExactly("malloc", "share", "malloc2", "copyTo", "run");
    }
}
