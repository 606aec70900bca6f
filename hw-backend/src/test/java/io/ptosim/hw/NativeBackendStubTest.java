package io.ptosim.hw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptosim.hw.abi.StubHome;
import io.ptosim.node.HostBuffer;
import io.ptosim.node.NodeArg;
import io.ptosim.node.NodeProgram;
import io.ptosim.node.SchedulingPolicy;
import io.ptosim.node.WorkerMode;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.spi.BackendException;
import io.ptosim.spi.CallableRef;
import io.ptosim.spi.TimeBase;
import io.ptosim.workloads.NodeChildMemory;
import io.ptosim.workloads.NodeRun;
import io.ptosim.workloads.NodeVectorExample;
import io.ptosim.workloads.NodeWorkloadInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The a2a3sim backend end to end against the stub host runtime: real worker processes (one per chip)
 * load it through JNA and serve the node through the shared mailbox; the stub logs every call with its
 * thread, so the tests see what simpler would have been asked.
 */
class NativeBackendStubTest {
    @TempDir
    Path tmp;
    private Path log;
    private Map<String, String> settings;

    @BeforeEach
    void setUp() {
        Path home = StubHome.standard();
        log = tmp.resolve("stub.log");
        settings = new LinkedHashMap<>();
        settings.put(HwSettings.HOME, home.toString());
        settings.put(HwSettings.CALLABLES, StubBundles.standard(tmp.resolve("bundles")).toString());
        settings.put(HwSettings.ENV_PREFIX + "PTOSIM_STUB_LOG", log.toString());
    }

    private NodeRun.Result run(NodeWorkloadInstance w, SchedulingPolicy policy) {
        return NodeRun.run(w, new NodeRun.Options("a2a3", settings, policy, WorkerMode.THREAD, 0, "a2a3sim", Map.of()));
    }

    /** The stub's log lines, each split into its call name and thread. */
    private List<String[]> calls() throws IOException {
        List<String[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            String[] f = line.split(" ");
            out.add(new String[] {f[0], f[1], line});
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(SchedulingPolicy.class)
    void nodeVectorExampleRunsOnTwoWorkerProcessesAndMatchesItsGolden(SchedulingPolicy policy) throws IOException {
        NodeRun.Result r = run(new NodeVectorExample().instance(2), policy);
        assertThat(r.node().error()).isEmpty();
        assertThat(r.golden()).isEmpty();
        assertThat(r.timeBase()).isEqualTo(TimeBase.REAL);
        assertThat(r.backend()).isEqualTo("a2a3sim");
        assertThat(r.notes()).isEmpty();
        assertThat(r.node().workers()).extracting(w -> w.members()).containsExactly(1L, 1L);
        Map<String, List<String>> byThread = new TreeMap<>();
        for (String[] c : calls()) {
            if (!c[0].equals("simpler_host_log_bind_state") && !c[0].startsWith("get_") && !c[0].startsWith("sim_")) {
                byThread.computeIfAbsent(c[1], k -> new ArrayList<>()).add(c[0]);
            }
        }
        assertThat(byThread).hasSize(2);
        for (List<String> sequence : byThread.values()) {
            assertThat(sequence).containsSubsequence("create_device_context", "simpler_init",
                    "simpler_register_callable", "simpler_run", "simpler_unregister_callable", "finalize_device",
                    "destroy_device_context");
            assertThat(sequence).filteredOn("simpler_run"::equals).hasSize(1);
        }
    }

    @Test
    void theStructsReachTheRuntimeAsTheLayoutSays() throws IOException {
        NodeRun.Result r = run(new NodeVectorExample().instance(1), SchedulingPolicy.TWO_PASS);
        assertThat(r.passed()).isTrue();
        String runLine = calls().stream().filter(c -> c[0].equals("simpler_run")).findFirst().orElseThrow()[2];
        assertThat(runLine).contains("storage_aligned=1 storage_zeroed=1 args_aligned=1")
                .contains("desc.slot=0 desc.bank=0 desc.run_id=1 desc.generation=1").contains("tensor_count=3 scalar_count=0");
        for (int t = 0; t < 3; t++) {
            assertThat(runLine).contains("t" + t + ".size=65536 t" + t + ".owner=0xffffffffffffffff t" + t + ".start=0 t"
                    + t + ".version=0 t" + t + ".ndims=1 t" + t + ".dtype=0 t" + t + ".manual_dep=0 t" + t
                    + ".contiguous=1 t" + t + ".space=0 t" + t + ".extent=16384 t" + t + ".pad_zero=1 t" + t
                    + ".shapes=16384,0,0,0,0 t" + t + ".strides=1,0,0,0,0");
        }
        String register = calls().stream().filter(c -> c[0].equals("simpler_register_callable")).findFirst()
                .orElseThrow()[2];
        assertThat(register).contains("func_name=vector_example").contains("child_count=1");
    }

    @Test
    void childMemoryPassesThroughAndDeviceCopiesRunOnTheInitThread() throws IOException {
        NodeRun.Result r = run(new NodeChildMemory().instance(1), SchedulingPolicy.TWO_PASS);
        assertThat(r.node().error()).isEmpty();
        assertThat(r.golden()).isEmpty();
        assertThat(r.notes()).isEmpty();
        List<String[]> calls = calls();
        assertThat(calls).extracting(c -> c[0]).containsSubsequence("simpler_init", "device_malloc_ctx",
                "device_malloc_ctx", "copy_to_device_ctx", "simpler_run", "simpler_run", "copy_from_device_ctx",
                "device_free_ctx", "device_free_ctx", "finalize_device");
        String initThread = calls.stream().filter(c -> c[0].equals("simpler_init")).findFirst().orElseThrow()[1];
        assertThat(calls).filteredOn(c -> c[0].endsWith("_ctx") || c[0].startsWith("simpler_"))
                .allMatch(c -> c[1].equals(initThread), "every call on the simpler_init thread " + initThread);
        assertThat(calls).filteredOn(c -> c[0].equals("simpler_run")).extracting(c -> c[2])
                .anySatisfy(l -> assertThat(l).contains("t0.space=0").contains("t1.space=1").contains("t2.space=0"))
                .anySatisfy(l -> assertThat(l).contains("t0.space=1").contains("t1.space=0").contains("t2.space=1"));
    }

    /** Chip 0 runs {@code first} into t; chip 1 reads t ({@code add}); chip 1 also runs an independent add. */
    private NodeWorkloadInstance chain(String first) {
        int n = 64;
        NodeProgram.Builder b = NodeProgram.builder("chain");
        HostBuffer x = b.host("x", DataType.FLOAT32, n);
        HostBuffer t = b.host("t", DataType.FLOAT32, n);
        HostBuffer u = b.host("u", DataType.FLOAT32, n);
        HostBuffer v = b.host("v", DataType.FLOAT32, n);
        b.submit(new CallableRef(first), 0, in(x, n), in(x, n), out(t, n));
        b.submit(new CallableRef("add"), 1, in(t, n), in(x, n), out(u, n));
        b.submit(new CallableRef("add"), 1, in(x, n), in(x, n), out(v, n));
        b.drain();
        return new NodeWorkloadInstance("chain", 2, 0, b.build(), Map.of("x", e -> e), host -> List.of());
    }

    private static NodeArg in(HostBuffer h, int n) {
        return new NodeArg(TensorArgType.INPUT, NodeProgram.tensor(h.ptr(), DataType.FLOAT32, n));
    }

    private static NodeArg out(HostBuffer h, int n) {
        return new NodeArg(TensorArgType.OUTPUT_EXISTING, NodeProgram.tensor(h.ptr(), DataType.FLOAT32, n));
    }

    @Test
    void aNegativeReturnCodeFailsTheTaskWithItsNameAndPoisonsItsDependent() {
        NodeRun.Result r = run(chain("fail"), SchedulingPolicy.TWO_PASS);
        assertThat(r.node().ok()).isFalse();
        assertThat(r.node().error()).contains("task 'fail' failed with -1 (PTO_RUNTIME_ERR");
        assertThat(r.node().failed()).isEqualTo(2);
        assertThat(r.node().workers().get(1).members()).isEqualTo(1);
        assertThat(r.notes()).isEmpty();
    }

    @Test
    void aWorkerKilledMidTaskFailsItWithTheExitStatusPoisonsDependentsAndTheRunEnds() {
        NodeRun.Result r = run(chain("crash"), SchedulingPolicy.DIRECTED);
        assertThat(r.node().ok()).isFalse();
        assertThat(r.node().error()).contains("chip 0 (a2a3sim) lost during task 'crash'")
                .contains("exited with status 137 (killed by signal 9, SIGKILL)");
        assertThat(r.node().failed()).isEqualTo(2);
        assertThat(r.node().workers().get(1).members()).isEqualTo(1);
        assertThat(r.notes()).singleElement().asString().startsWith("chip 0 was lost: worker process");
    }

    @Test
    void anUnknownCallableFailsItsTaskListingWhatTheBackendHas() {
        NodeRun.Result r = run(chain("no_such_kernel"), SchedulingPolicy.TWO_PASS);
        assertThat(r.node().error()).contains("chip 0 (a2a3sim) has no callable 'no_such_kernel'; it has: add (bundle")
                .contains("vector_example (bundle");
    }

    @Test
    void deviceMemoryLeftAllocatedIsReportedAtClose() {
        NodeProgram.Builder b = NodeProgram.builder("leak");
        b.malloc(0, 4096);
        b.drain();
        NodeRun.Result r = run(new NodeWorkloadInstance("leak", 1, 0, b.build(), Map.of(), host -> List.of()),
                SchedulingPolicy.TWO_PASS);
        assertThat(r.node().ok()).isTrue();
        assertThat(r.notes()).containsExactly("chip 0: 4096 bytes of device memory were not freed before close");
    }

    @Test
    void aWorkerThatCannotStartIsAClearErrorNamingWhy() {
        settings.put(HwSettings.ENV_PREFIX + "PTOSIM_STUB_CONTRACT", "bad");
        assertThatThrownBy(() -> run(new NodeVectorExample().instance(1), SchedulingPolicy.TWO_PASS))
                .isInstanceOf(BackendException.class).hasMessageStartingWith("chip 0 (a2a3sim) failed to start")
                .hasMessageContaining("abi_version 2");
        settings.remove(HwSettings.ENV_PREFIX + "PTOSIM_STUB_CONTRACT");
        settings.put(HwSettings.HOME, StubHome.build("no-run", "STUB_OMIT_RUN").toString());
        assertThatThrownBy(() -> run(new NodeVectorExample().instance(1), SchedulingPolicy.TWO_PASS))
                .isInstanceOf(BackendException.class).hasMessageContaining("simpler_run");
    }

    @Test
    void processModeIsRefusedOnARealBackend() {
        assertThatThrownBy(() -> NodeRun.run(new NodeVectorExample().instance(1), new NodeRun.Options("a2a3", settings,
                SchedulingPolicy.TWO_PASS, WorkerMode.PROCESS, 0, "a2a3sim", Map.of())))
                .isInstanceOf(BackendException.class).hasMessageContaining("--mode process");
    }
}
