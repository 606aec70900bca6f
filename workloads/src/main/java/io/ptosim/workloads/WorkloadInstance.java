package io.ptosim.workloads;

import io.ptosim.kernel.ElementSource;
import io.ptosim.kernel.KernelTable;
import io.ptosim.program.Program;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One runnable case of a workload.
 *
 * @param workload the workload's name
 * @param caseName the case
 * @param variant the variant
 * @param program the orchestration
 * @param kernels the kernels its submits name
 * @param inputs initial contents of input external buffers, by buffer name (others start zeroed)
 * @param golden the golden check of a functional run, or null if the workload has none
 * @param settings platform settings this case needs, as {@code --set} keys (e.g. simpler's Case1 manual
 *     variant raises {@code ring.taskWindow} to 32768), applied before the user's own
 */
public record WorkloadInstance(String workload, String caseName, String variant, Program program, KernelTable kernels,
        Map<String, ElementSource> inputs, GoldenCheck golden, Map<String, String> settings) {
    /** Validates and copies the maps into key order. */
    public WorkloadInstance {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(kernels, "kernels");
        settings = new TreeMap<>(settings);
        inputs = new TreeMap<>(inputs);
        for (String name : inputs.keySet()) {
            if (program.externals().stream().noneMatch(b -> b.name().equals(name))) {
                throw new IllegalArgumentException("input '" + name + "' is not an external buffer of " + workload);
            }
        }
    }

    /** An instance that needs no platform settings. */
    public WorkloadInstance(String workload, String caseName, String variant, Program program, KernelTable kernels,
            Map<String, ElementSource> inputs, GoldenCheck golden) {
        this(workload, caseName, variant, program, kernels, inputs, golden, Map.of());
    }
}
