package io.ptosim.hw.abi;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The opt-in integration check: vector_example on simpler's real a2a3sim through this binding, in the test JVM
 * (its own fork). The example's orchestration sizes its intermediates from {@code shapes[0]}, so its
 * 128*128 elements are passed as 1-D tensors, as simpler's own test does. Runs only when env PTOSIM_HW_HOME names the work directory build-a2a3sim.sh filled.
 */
class RealA2a3simTest {

    private static final int N = 128 * 128;

    @Test
    @Tag(HwHome.TAG)
    void vectorExampleComputes47FromTwoAndThree() {
        Path home = HwHome.require();
        long t0 = System.nanoTime();
        HostRuntime runtime = HostRuntime.load(
                HostRuntimeLibraries.locate("a2a3sim", home).orElseThrow(), HostLogStateDescriptor.WARN);
        assertThat(runtime.contract().abiVersion()).isEqualTo(1);
        assertThat(runtime.contract().pipelineDepth()).isEqualTo(2);
        assertThat(runtime.contract().resources()).hasSize(6);
        assertThat(runtime.runtimeSize()).isEqualTo(48_512);
        byte[] callable = ChipCallableBuilder.build(
                CallableBundle.readResource("io/ptosim/hw/callables/vector_example/callable.json", home));

        Memory a = filled(2f);
        Memory b = filled(3f);
        Memory f = filled(0f);
        long tOpen;
        long tRun;
        long tDeviceRun;
        try (NativeDevice dev = runtime.open(0)) {
            tOpen = System.nanoTime();
            dev.registerCallable(0, callable);
            long r0 = System.nanoTime();
            int rc = dev.run(0, List.of(tensor(a, false), tensor(b, false), tensor(f, false)), new long[0],
                    NativeRunConfig.DEFAULT);
            tRun = System.nanoTime() - r0;
            assertThat(rc).isZero();
            assertThat(f.getFloatArray(0, N)).containsOnly(47f);

            long da = dev.malloc(4L * N);
            long db = dev.malloc(4L * N);
            long df = dev.malloc(4L * N);
            assertThat(dev.copyTo(da, Pointer.nativeValue(a), 4L * N)).isZero();
            assertThat(dev.copyTo(db, Pointer.nativeValue(b), 4L * N)).isZero();
            f.clear(4L * N);
            long r1 = System.nanoTime();
            rc = dev.run(0, List.of(NativeTensor.float32(da, true, N), NativeTensor.float32(db, true, N),
                    NativeTensor.float32(df, true, N)), new long[0], NativeRunConfig.DEFAULT);
            tDeviceRun = System.nanoTime() - r1;
            assertThat(rc).isZero();
            assertThat(dev.copyFrom(Pointer.nativeValue(f), df, 4L * N)).isZero();
            assertThat(f.getFloatArray(0, N)).containsOnly(47f);
            for (long p : new long[] {da, db, df}) {
                dev.free(p);
            }
            assertThat(dev.shutdown()).as("device bytes this test left allocated").isZero();
        }
        System.out.printf("a2a3sim vector_example: load+open %.1f ms, host-tensor run %.1f ms, device-tensor run %.1f ms,"
                + " total %.1f ms%n", (tOpen - t0) / 1e6, tRun / 1e6, tDeviceRun / 1e6, (System.nanoTime() - t0) / 1e6);
    }

    private static Memory filled(float v) {
        Memory m = new Memory(4L * N);
        for (int i = 0; i < N; i++) {
            m.setFloat(4L * i, v);
        }
        return m;
    }

    private static NativeTensor tensor(Memory m, boolean device) {
        return NativeTensor.float32(Pointer.nativeValue(m), device, N);
    }
}
