package io.ptosim.hw.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostRuntimeLibrariesTest {

    @TempDir
    Path home;

    private void touch(String... paths) throws IOException {
        for (String p : paths) {
            Path f = home.resolve(p);
            Files.createDirectories(f.getParent());
            Files.write(f, new byte[] {0});
        }
    }

    @Test
    void findsASimBuildInASimplerCheckout() throws IOException {
        touch("build/lib/libcpu_sim_context.so", "build/lib/a5/sim/tensormap_and_ringbuffer/libhost_runtime.so",
                "build/lib/a5/sim/tensormap_and_ringbuffer/libaicpu_kernel.so",
                "build/lib/a5/sim/tensormap_and_ringbuffer/libaicore_kernel.so");
        HostRuntimeLibraries libs = HostRuntimeLibraries.locate("a5sim", home).orElseThrow();
        Path rt = home.resolve("build/lib/a5/sim/tensormap_and_ringbuffer");
        assertThat(libs).isEqualTo(new HostRuntimeLibraries(home.resolve("build/lib/libcpu_sim_context.so"),
                rt.resolve("libhost_runtime.so"), rt.resolve("libaicpu_kernel.so"), rt.resolve("libaicore_kernel.so"),
                null));
        assertThat(libs.simulated()).isTrue();
    }

    @Test
    void findsASimBuildInTheScriptsWorkDirectory() throws IOException {
        touch("simpler/build/lib/libcpu_sim_context.so",
                "simpler/build/lib/a2a3/sim/tensormap_and_ringbuffer/libhost_runtime.so",
                "simpler/build/lib/a2a3/sim/tensormap_and_ringbuffer/libaicpu_kernel.so",
                "simpler/build/lib/a2a3/sim/tensormap_and_ringbuffer/libaicore_kernel.so");
        assertThat(HostRuntimeLibraries.locate("a2a3sim", home).orElseThrow().hostRuntime())
                .isEqualTo(home.resolve("simpler/build/lib/a2a3/sim/tensormap_and_ringbuffer/libhost_runtime.so"));
    }

    @Test
    void namesTheFirstMissingFile() throws IOException {
        touch("build/lib/libcpu_sim_context.so");
        HostRuntimeLibraries.Located located = HostRuntimeLibraries.locate("a2a3sim", home);
        assertThat(located.found()).isFalse();
        assertThat(located.reason()).isEqualTo("libhost_runtime.so not found under "
                + home.resolve("build/lib/a2a3/sim/tensormap_and_ringbuffer") + "; set hw.home");
        assertThatIllegalStateException().isThrownBy(located::orElseThrow).withMessage(located.reason());
    }

    @Test
    void onboardNeedsTheDispatcher() throws IOException {
        touch("build/lib/a2a3/onboard/tensormap_and_ringbuffer/libhost_runtime.so",
                "build/lib/a2a3/onboard/tensormap_and_ringbuffer/libaicpu_kernel.so",
                "build/lib/a2a3/onboard/tensormap_and_ringbuffer/aicore_kernel.o");
        assertThat(HostRuntimeLibraries.locate("a2a3", home).reason()).isEqualTo(
                "libsimpler_aicpu_dispatcher.so not found under " + home.resolve("build/lib/a2a3/dispatcher")
                        + "; set hw.home");
        touch("build/lib/a2a3/dispatcher/libsimpler_aicpu_dispatcher.so");
        HostRuntimeLibraries libs = HostRuntimeLibraries.locate("a2a3", home).orElseThrow();
        assertThat(libs.simContext()).isNull();
        assertThat(libs.aicoreKernel().getFileName()).hasToString("aicore_kernel.o");
        assertThat(libs.dispatcher()).isEqualTo(home.resolve("build/lib/a2a3/dispatcher/libsimpler_aicpu_dispatcher.so"));
    }

    @Test
    void aHomeWithoutBuildLibSaysSo() {
        assertThat(HostRuntimeLibraries.locate("a5", home).reason()).startsWith("no build/lib under " + home);
    }

    @Test
    void anUnknownBackendIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HostRuntimeLibraries.locate("a3sim", home))
                .withMessage("unknown backend \"a3sim\"; expected a2a3sim, a5sim, a2a3 or a5");
    }
}
