package io.ptosim.workloads;

import io.ptosim.kernel.ElementSource;
import io.ptosim.node.NodeProgram;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One runnable node workload.
 *
 * @param workload the workload's name
 * @param chips chips (NEXT_LEVEL workers) it runs on
 * @param subWorkers SUB workers it needs
 * @param program the orchestration
 * @param inputs initial contents of host buffers, by buffer name (others start zeroed)
 * @param golden the check of host buffers after a functional run
 */
public record NodeWorkloadInstance(String workload, int chips, int subWorkers, NodeProgram program,
        Map<String, ElementSource> inputs, NodeGolden golden) {
    /** Checks the counts and that every input names a host buffer; copies the inputs into key order. */
    public NodeWorkloadInstance {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(golden, "golden");
        if (chips < 1 || subWorkers < 0) {
            throw new IllegalArgumentException(workload + ": " + chips + " chip(s), " + subWorkers
                    + " SUB worker(s); expected >= 1 and >= 0");
        }
        inputs = new TreeMap<>(inputs);
        for (String name : inputs.keySet()) {
            program.hostBuffer(name);
        }
    }

    /** This instance with host buffer {@code name} filled from {@code source} instead (tests corrupt inputs so). */
    public NodeWorkloadInstance withInput(String name, ElementSource source) {
        Map<String, ElementSource> all = new TreeMap<>(inputs);
        all.put(name, source);
        return new NodeWorkloadInstance(workload, chips, subWorkers, program, all, golden);
    }
}
