package io.ptosim.hw.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.jna.NativeLibrary;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Loading the stub host runtime: flags, log-state binding, symbol and contract checks. */
class HostRuntimeLoadTest {

    @TempDir
    Path dir;

    @AfterEach
    void clearKnobs() {
        StubHome.setNativeEnv("PTOSIM_STUB_CONTRACT", null);
        StubHome.setNativeEnv("PTOSIM_STUB_BIND_RC", null);
    }

    @Test
    void loadsTheSimContextGloballyAndTheHostRuntimeLocally() {
        HostRuntime rt = HostRuntime.load(StubHome.libraries(StubHome.copy(StubHome.standard(), dir)),
                HostLogStateDescriptor.WARN);

        assertThat(rt.runtimeSize()).isEqualTo(48_512);
        assertThat(rt.runtimeAlignment()).isEqualTo(64);
        assertThat(rt.contract().abiVersion()).isEqualTo(1);
        assertThat(rt.contract().pipelineDepth()).isEqualTo(2);
        assertThat(rt.contract().resources())
                .extracting(PipelineContract.Resource::kind, PipelineContract.Resource::resourceClass)
                .containsExactly(tuple(1, 0), tuple(2, 1), tuple(3, 1), tuple(4, 1), tuple(5, 2), tuple(6, 2));
        NativeLibrary process = NativeLibrary.getProcess();
        assertThat(process.getFunction("ptosim_stub_sim_attach")).as("sim context in the global scope").isNotNull();
        assertThatThrownBy(() -> process.getFunction("simpler_run"))
                .as("host runtime kept out of the global scope")
                .isInstanceOf(UnsatisfiedLinkError.class);
    }

    @Test
    void hostRuntimeWithoutTheSimContextFailsNamingTheUnresolvedSymbol() {
        Path home = StubHome.build("isolated-hook", "STUB_SIM_HOOK=ptosim_stub_sim_attach_isolated");
        HostRuntimeLibraries full = StubHome.libraries(home);
        HostRuntimeLibraries noSimContext =
                new HostRuntimeLibraries(null, full.hostRuntime(), full.aicpuKernel(), full.aicoreKernel(), null);

        assertThatThrownBy(() -> HostRuntime.load(noSimContext, HostLogStateDescriptor.WARN))
                .isInstanceOf(NativeRuntimeException.class)
                .hasMessageContaining("cannot load " + full.hostRuntime() + " with RTLD_NOW|RTLD_LOCAL")
                .hasMessageContaining("ptosim_stub_sim_attach_isolated");
    }

    @Test
    void bindsOneLiveLogStateIntoEachModule() {
        StubLog log = StubLog.startIn(dir);
        HostRuntime rt = HostRuntime.load(StubHome.libraries(StubHome.copy(StubHome.standard(), dir)),
                HostLogStateDescriptor.TIMING);
        rt.open(0).close();

        assertThat(log.calls("simpler_host_log_bind_state"))
                .extracting(c -> c.get("module"), c -> c.get("abi"), c -> c.get("size"), c -> c.get("threshold"),
                        c -> c.get("anchor_pid"), c -> c.get("rc"))
                .containsExactly(
                        tuple("sim_context", "1", "16", "25", "0", "0"),
                        tuple("host_runtime", "1", "16", "25", "0", "0"));
        assertThat(log.last("create_device_context").get("log_threshold")).isEqualTo("25");
    }

    @Test
    void aModuleRefusingTheLogStateIsRefused() {
        Path home = StubHome.copy(StubHome.standard(), dir);
        StubHome.setNativeEnv("PTOSIM_STUB_BIND_RC", "7");

        assertThatThrownBy(() -> HostRuntime.load(StubHome.libraries(home), HostLogStateDescriptor.WARN))
                .isInstanceOf(NativeRuntimeException.class)
                .hasMessageContaining("libcpu_sim_context.so refused the host log state")
                .extracting(e -> ((NativeRuntimeException) e).code())
                .isEqualTo(7);
    }

    @Test
    void aMissingSymbolIsNamed() {
        HostRuntimeLibraries libs = StubHome.libraries(StubHome.build("no-run", "STUB_OMIT_RUN"));

        assertThatThrownBy(() -> HostRuntime.load(libs, HostLogStateDescriptor.WARN))
                .isInstanceOf(NativeRuntimeException.class)
                .hasMessageContaining("required symbol simpler_run is missing from " + libs.hostRuntime()
                        + "; rebuild the module");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bad   | get_pipeline_contract: abi_version 2, expected 1",
        "count | get_pipeline_contract: resource_count 9, expected at most 8",
        "depth | get_pipeline_contract: pipeline_depth 3, expected 1..2",
        "kind  | get_pipeline_contract: resources[2].kind 7, expected 1..6",
        "class | get_pipeline_contract: resources[4].resource_class 3, expected 0..2",
        "bytes | get_pipeline_contract: resources[1].bytes_per_copy 4096, expected 0",
    })
    void anInvalidContractIsRefused(String knob, String message) {
        Path home = StubHome.copy(StubHome.standard(), dir);
        StubHome.setNativeEnv("PTOSIM_STUB_CONTRACT", knob);

        assertThatThrownBy(() -> HostRuntime.load(StubHome.libraries(home), HostLogStateDescriptor.WARN))
                .isInstanceOf(NativeRuntimeException.class)
                .hasMessageContaining(home.resolve(StubHome.RUNTIME_DIR).resolve("libhost_runtime.so") + ": " + message);
    }
}
