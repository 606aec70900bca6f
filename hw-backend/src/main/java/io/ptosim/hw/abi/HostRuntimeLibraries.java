package io.ptosim.hw.abi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The native files one backend needs (tensormap_and_ringbuffer runtime): the sim context (sim only), the host
 * runtime that exports the C API, the AICPU and AICore executors passed in as bytes, and the AICPU dispatcher
 * (onboard only).
 *
 * @param simContext {@code libcpu_sim_context.so}, or null onboard
 * @param hostRuntime {@code libhost_runtime.so}
 * @param aicpuKernel {@code libaicpu_kernel.so}
 * @param aicoreKernel {@code libaicore_kernel.so} (sim) or {@code aicore_kernel.o} (onboard)
 * @param dispatcher {@code libsimpler_aicpu_dispatcher.so}, or null on sim
 */
public record HostRuntimeLibraries(
        Path simContext, Path hostRuntime, Path aicpuKernel, Path aicoreKernel, Path dispatcher) {

    private static final String RUNTIME = "tensormap_and_ringbuffer";

    /** Requires the three files every backend has. */
    public HostRuntimeLibraries {
        Objects.requireNonNull(hostRuntime, "hostRuntime");
        Objects.requireNonNull(aicpuKernel, "aicpuKernel");
        Objects.requireNonNull(aicoreKernel, "aicoreKernel");
    }

    /** Whether this is a simulation backend (it has a sim context to load first). */
    public boolean simulated() {
        return simContext != null;
    }

    /**
     * Either the libraries found or why not.
     *
     * @param libraries the libraries, or null when not found
     * @param reason why they were not found, or null when found
     */
    public record Located(HostRuntimeLibraries libraries, String reason) {
        /** Requires exactly one of the two. */
        public Located {
            if ((libraries == null) == (reason == null)) {
                throw new IllegalArgumentException("exactly one of libraries and reason must be given");
            }
        }

        public boolean found() {
            return libraries != null;
        }

        /** The libraries, or IllegalStateException with the reason. */
        public HostRuntimeLibraries orElseThrow() {
            if (libraries == null) {
                throw new IllegalStateException(reason);
            }
            return libraries;
        }
    }

    /**
     * Finds the libraries of {@code backend} ({@code a2a3sim}, {@code a5sim}, {@code a2a3} or {@code a5}) under
     * {@code home}: a simpler checkout (with {@code build/lib}) or the work directory build-a2a3sim.sh filled
     * (with {@code simpler/build/lib}).
     */
    public static Located locate(String backend, Path home) {
        boolean sim;
        String arch;
        switch (backend) {
            case "a2a3sim" -> { sim = true; arch = "a2a3"; }
            case "a5sim" -> { sim = true; arch = "a5"; }
            case "a2a3" -> { sim = false; arch = "a2a3"; }
            case "a5" -> { sim = false; arch = "a5"; }
            default -> throw new IllegalArgumentException(
                    "unknown backend \"" + backend + "\"; expected a2a3sim, a5sim, a2a3 or a5");
        }
        Path lib = home.resolve("build/lib");
        if (!Files.isDirectory(lib)) {
            Path work = home.resolve("simpler/build/lib");
            if (!Files.isDirectory(work)) {
                return new Located(null, "no build/lib under " + home + " (nor simpler/build/lib); set hw.home to a "
                        + "simpler checkout with built runtimes or to the work directory build-a2a3sim.sh filled");
            }
            lib = work;
        }
        Path runtimeDir = lib.resolve(arch).resolve(sim ? "sim" : "onboard").resolve(RUNTIME);
        List<Path> wanted = new ArrayList<>();
        if (sim) {
            wanted.add(lib.resolve("libcpu_sim_context.so"));
        }
        wanted.add(runtimeDir.resolve("libhost_runtime.so"));
        wanted.add(runtimeDir.resolve("libaicpu_kernel.so"));
        wanted.add(runtimeDir.resolve(sim ? "libaicore_kernel.so" : "aicore_kernel.o"));
        if (!sim) {
            wanted.add(lib.resolve(arch).resolve("dispatcher/libsimpler_aicpu_dispatcher.so"));
        }
        for (Path p : wanted) {
            if (!Files.isRegularFile(p)) {
                return new Located(null, p.getFileName() + " not found under " + p.getParent() + "; set hw.home");
            }
        }
        int i = 0;
        Path ctx = sim ? wanted.get(i++) : null;
        Path host = wanted.get(i++);
        Path aicpu = wanted.get(i++);
        Path aicore = wanted.get(i++);
        Path dispatcher = sim ? null : wanted.get(i);
        return new Located(new HostRuntimeLibraries(ctx, host, aicpu, aicore, dispatcher), null);
    }
}
