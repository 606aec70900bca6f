package io.ptosim.workloads;

import io.ptosim.kernel.ElementSource;
import io.ptosim.kernel.KernelTable;
import io.ptosim.program.Program;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 */
public record WorkloadInstance(String workload, String caseName, String variant, Program program, KernelTable kernels,
        Map<String, ElementSource> inputs, GoldenCheck golden) {
    /** Validates and copies the inputs into name order. */
    public WorkloadInstance {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(kernels, "kernels");
        inputs = new TreeMap<>(inputs);
        for (String name : inputs.keySet()) {
            if (program.externals().stream().noneMatch(b -> b.name().equals(name))) {
                throw new IllegalArgumentException("input '" + name + "' is not an external buffer of " + workload);
            }
        }
    }

    /** The golden check, if the workload has one. */
    public Optional<GoldenCheck> goldenCheck() {
        return Optional.ofNullable(golden);
    }
}
