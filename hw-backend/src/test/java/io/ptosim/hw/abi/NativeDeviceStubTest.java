package io.ptosim.hw.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.ptosim.runtime.DataType;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A device of the stub host runtime: call order and thread, struct bytes, device memory, errors, close. */
class NativeDeviceStubTest {

    @TempDir
    Path dir;

    private StubLog log;
    private HostRuntime runtime;

    @BeforeEach
    void load() {
        log = StubLog.startIn(dir);
        runtime = HostRuntime.load(StubHome.libraries(StubHome.copy(StubHome.standard(), dir)),
                HostLogStateDescriptor.WARN);
    }

    @AfterEach
    void clearKnobs() {
        StubHome.setNativeEnv("PTOSIM_STUB_INIT_RC", null);
    }

    /** A ChipCallable the stub runs by its func_name, with a tiny orchestration and one kernel. */
    private static byte[] callable(String funcName) {
        return ChipCallableBuilder.assemble(funcName, "", List.of(ArgDirection.IN, ArgDirection.IN, ArgDirection.OUT),
                new byte[] {1, 2, 3}, List.of(new ChipCallableBuilder.Child(0,
                        List.of(ArgDirection.IN, ArgDirection.IN, ArgDirection.OUT), new byte[] {9})));
    }

    private static Memory floats(float... values) {
        Memory m = new Memory(4L * values.length);
        m.write(0, values, 0, values.length);
        return m;
    }

    private static long addr(Pointer p) {
        return Pointer.nativeValue(p);
    }

    @Test
    void callsComeInLifecycleOrderOnTheOpeningThread() {
        Memory a = floats(1, 2, 3, 4);
        Memory b = floats(10, 20, 30, 40);
        Memory f = floats(0, 0, 0, 0);
        try (NativeDevice dev = runtime.open(0)) {
            dev.registerCallable(5, callable("add"));
            int rc = dev.run(5, List.of(NativeTensor.float32(addr(a), false, 4), NativeTensor.float32(addr(b), false, 4),
                    NativeTensor.float32(addr(f), false, 4)), new long[0], NativeRunConfig.DEFAULT);
            assertThat(rc).isZero();
        }
        assertThat(f.getFloatArray(0, 4)).containsExactly(11f, 22f, 33f, 44f);

        List<StubLog.Call> calls = log.calls().stream()
                .filter(c -> !c.name().equals("get_pipeline_contract") && !c.name().equals("simpler_host_log_bind_state"))
                .toList();
        assertThat(calls).extracting(StubLog.Call::name).containsExactly(
                "create_device_context", "simpler_init", "simpler_register_callable", "simpler_run",
                "simpler_unregister_callable", "finalize_device",
                "destroy_device_context");
        assertThat(calls).extracting(StubLog.Call::tid).containsOnly(calls.get(0).tid());
        assertThat(log.last("simpler_unregister_callable").get("id")).isEqualTo("5");
        assertThat(log.last("finalize_device").get("rc")).isEqualTo("0");
    }

    @Test
    void theStubSeesTheStructsAsLaidOut() {
        Memory a = new Memory(4 * 32);
        Memory b = new Memory(4 * 32);
        Memory f = new Memory(4 * 32 + 16);
        a.clear();
        b.clear();
        try (NativeDevice dev = runtime.open(0)) {
            dev.registerCallable(0, callable("add"));
            List<NativeTensor> ts = List.of(
                    NativeTensor.float32(addr(a), false, 4, 8),
                    new NativeTensor(addr(b), 4 * 32, new int[] {2, 2, 8}, DataType.FLOAT32, false),
                    new NativeTensor(addr(f), 4 * 32 + 16, new int[] {32}, DataType.FLOAT32, false));
            assertThat(dev.run(0, ts, new long[] {5, -1}, new NativeRunConfig(3))).isZero();
            assertThat(dev.run(0, ts, new long[0], NativeRunConfig.DEFAULT)).isZero();
        }
        StubLog.Call reg = log.last("simpler_register_callable");
        assertThat(reg.fields()).containsEntry("aligned16", "1").containsEntry("func_name", "add")
                .containsEntry("sig_count", "3").containsEntry("binary_size", "3").containsEntry("child_count", "1");

        List<StubLog.Call> runs = log.calls("simpler_run");
        assertThat(runs).hasSize(2);
        StubLog.Call r = runs.get(0);
        assertThat(r.fields())
                .containsEntry("id", "0")
                .containsEntry("storage_aligned", "1")
                .containsEntry("storage_zeroed", "1")
                .containsEntry("args_aligned", "1")
                .containsEntry("tensor_count", "3")
                .containsEntry("scalar_count", "2")
                .containsEntry("scalars", "5,18446744073709551615")
                .containsEntry("cfg.aicpu_thread_num", "3")
                .containsEntry("cfg.rest_zero", "1")
                .containsEntry("desc.slot", "0")
                .containsEntry("desc.bank", "0")
                .containsEntry("desc.generation", "1")
                .containsEntry("desc.accepted_state", "(nil)")
                .containsEntry("desc.accepted_value", "0")
                .containsEntry("t0.addr", "0x" + Long.toHexString(addr(a)))
                .containsEntry("t0.size", "128")
                .containsEntry("t0.owner", "0xffffffffffffffff")
                .containsEntry("t0.start", "0")
                .containsEntry("t0.version", "0")
                .containsEntry("t0.ndims", "2")
                .containsEntry("t0.dtype", "0")
                .containsEntry("t0.manual_dep", "0")
                .containsEntry("t0.contiguous", "1")
                .containsEntry("t0.space", "0")
                .containsEntry("t0.shapes", "4,8,0,0,0")
                .containsEntry("t0.strides", "8,1,0,0,0")
                .containsEntry("t0.extent", "32")
                .containsEntry("t0.pad_zero", "1")
                .containsEntry("t1.ndims", "3")
                .containsEntry("t1.shapes", "2,2,8,0,0")
                .containsEntry("t1.strides", "16,8,1,0,0")
                .containsEntry("t2.size", "144")
                .containsEntry("t2.extent", "32")
                .containsEntry("rc", "0");
        long first = Long.parseLong(r.get("desc.run_id"));
        StubLog.Call second = runs.get(1);
        assertThat(List.of(r.get("desc.dispatch_id"), r.get("desc.run_epoch"))).containsOnly(r.get("desc.run_id"));
        assertThat(Long.parseLong(second.get("desc.run_id"))).isGreaterThan(first);
        assertThat(second.fields()).containsEntry("storage_zeroed", "1").containsEntry("cfg.aicpu_thread_num", "0")
                .containsEntry("scalar_count", "0");
    }

    @Test
    void theExecutorBinariesReachSimplerInit() {
        byte[] aicpu = {1, 2, 3};
        byte[] aicore = {4, 5};
        byte[] dispatcher = {6};
        runtime.open(0, aicpu, aicore, dispatcher).close();

        StubLog.Call init = log.last("simpler_init");
        assertThat(init.fields())
                .containsEntry("device", "0")
                .containsEntry("aicpu_n", "3")
                .containsEntry("aicpu_sum", Integer.toUnsignedString(javaChecksum(aicpu)))
                .containsEntry("aicore_n", "2")
                .containsEntry("aicore_sum", Integer.toUnsignedString(javaChecksum(aicore)))
                .containsEntry("dispatcher_n", "1")
                .containsEntry("dispatcher_sum", "6")
                .containsEntry("prewarm", "null");
    }

    /** The stub's checksum: s = s * 31 + byte, unsigned 32-bit. */
    private static int javaChecksum(byte[] b) {
        int s = 0;
        for (byte x : b) {
            s = s * 31 + (x & 0xff);
        }
        return s;
    }

    @Test
    void deviceMemoryIsPassedThrough() {
        int n = 128 * 128;
        Memory a = new Memory(4L * n);
        Memory b = new Memory(4L * n);
        Memory f = new Memory(4L * n);
        for (int i = 0; i < n; i++) {
            a.setFloat(4L * i, 2f);
            b.setFloat(4L * i, 3f);
        }
        f.clear();
        try (NativeDevice dev = runtime.open(0)) {
            dev.registerCallable(1, callable("vector_example"));
            long da = dev.malloc(4L * n);
            long db = dev.malloc(4L * n);
            long df = dev.malloc(4L * n);
            assertThat(List.of(da, db, df)).doesNotContain(0L);
            assertThat(dev.committedDeviceMemory()).isEqualTo(3L * 4 * n);
            assertThat(dev.copyTo(da, addr(a), 4L * n)).isZero();
            assertThat(dev.copyTo(db, addr(b), 4L * n)).isZero();
            int rc = dev.run(1, List.of(NativeTensor.float32(da, true, 128, 128), NativeTensor.float32(db, true, 128, 128),
                    NativeTensor.float32(df, true, 128, 128)), new long[0], NativeRunConfig.DEFAULT);
            assertThat(rc).isZero();
            assertThat(dev.copyFrom(addr(f), df, 4L * n)).isZero();
            for (long p : new long[] {da, db, df}) {
                assertThat(dev.free(p)).isZero();
            }
            assertThat(dev.committedDeviceMemory()).isZero();
            assertThat(dev.shutdown()).isZero();
        }
        assertThat(f.getFloatArray(0, n)).containsOnly(47f);
        StubLog.Call run = log.last("simpler_run");
        assertThat(run.fields()).containsEntry("t0.space", "1").containsEntry("t2.space", "1")
                .containsEntry("t2.addr", "0x" + Long.toHexString(Long.parseLong(
                        log.calls("device_malloc_ctx").get(2).get("ptr").substring(2), 16)));
    }

    @Test
    void aFailingRunReturnsItsCode() {
        Memory m = new Memory(16);
        m.clear();
        List<NativeTensor> ts = List.of(NativeTensor.float32(addr(m), false, 4), NativeTensor.float32(addr(m), false, 4),
                NativeTensor.float32(addr(m), false, 4));
        try (NativeDevice dev = runtime.open(0)) {
            dev.registerCallable(0, callable("fail"));
            assertThat(dev.run(0, ts, new long[0], NativeRunConfig.DEFAULT)).isEqualTo(-1);
            assertThat(log.last("simpler_run").get("error")).isEqualTo("callable_failed");

            assertThat(dev.run(9, ts, new long[0], NativeRunConfig.DEFAULT)).as("unregistered id").isEqualTo(-1);
            assertThat(log.last("simpler_run").get("error")).isEqualTo("unknown_callable");

            dev.registerCallable(1, callable("sleep"));
            assertThat(dev.run(1, ts, new long[] {0}, NativeRunConfig.DEFAULT)).as("sleep 0 ms, then add").isZero();
        }
        assertThat(NativeRuntimeException.nameOf(-1)).isEqualTo("ERROR");
    }

    @Test
    void aFailedInitIsRaisedWithItsCodeAndTheContextDestroyed() {
        StubHome.setNativeEnv("PTOSIM_STUB_INIT_RC", "-2");

        assertThatThrownBy(() -> runtime.open(3))
                .isInstanceOf(NativeRuntimeException.class)
                .hasMessage("simpler_init(device 3) failed (rc -2 UNSUPPORTED)")
                .extracting(e -> ((NativeRuntimeException) e).code())
                .isEqualTo(-2);
        assertThat(log.calls()).extracting(StubLog.Call::name).endsWith("simpler_init", "destroy_device_context");
    }

    @Test
    void closeReportsDeviceMemoryNotFreed() {
        NativeDevice dev = runtime.open(0);
        long kept = dev.malloc(1000);
        assertThat(kept).isNotZero();
        assertThat(dev.free(dev.malloc(24))).isZero();
        dev.malloc(24);

        assertThat(dev.shutdown()).isEqualTo(1024);
        assertThat(dev.unfreedAtClose()).isEqualTo(1024);
        assertThat(dev.isClosed()).isTrue();
        assertThat(log.last("finalize_device").get("committed")).isEqualTo("1024");
        assertThat(dev.shutdown()).as("idempotent").isEqualTo(1024);
        assertThatThrownBy(() -> dev.malloc(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void anotherThreadIsRefusedBeforeReachingNativeCode() throws Exception {
        try (NativeDevice dev = runtime.open(0)) {
            CompletableFuture<Long> other = CompletableFuture.supplyAsync(() -> dev.malloc(64));
            assertThatThrownBy(other::get)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("which called simpler_init");
        }
        assertThat(log.calls("device_malloc_ctx")).isEmpty();
    }
}
