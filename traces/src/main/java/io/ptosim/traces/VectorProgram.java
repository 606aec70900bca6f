package io.ptosim.traces;

import io.ptosim.runtime.SubmitRecord;
import java.util.List;

/**
 * A conformance-vector program ({@code ../shared/vectors/README.md}): named, described, and its
 * submits with every address resolved.
 *
 * @param name the program's name
 * @param description what it checks
 * @param submits the submits in orchestration order
 */
public record VectorProgram(String name, String description, List<SubmitRecord> submits) {
    /** Copies the submits. */
    public VectorProgram {
        submits = List.copyOf(submits);
    }
}
