package io.ptosim.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ptosim.program.Program;
import java.util.List;
import java.util.Objects;

/**
 * A recorded orchestration: the program, the sidecar with what the program format cannot hold, and how
 * the run ended.
 *
 * @param program the program (validated)
 * @param sidecar the sidecar document ({@code ptosim-record/1})
 * @param summary the counts
 * @param status {@code ok}, {@code exception} (a C++ exception left the entry; the guards closed their
 *     scopes) or {@code fatal} (the orchestration reported a fatal error, or passed an invalid Arg)
 * @param detail what the exception or fatal error said, or empty
 * @param warnings what the recording could not represent exactly
 */
public record Recording(Program program, ObjectNode sidecar, RecordSummary summary, String status, String detail,
        List<String> warnings) {
    /** Validates and copies. */
    public Recording {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(sidecar, "sidecar");
        Objects.requireNonNull(summary, "summary");
        warnings = List.copyOf(warnings);
    }

    /** Whether the entry returned normally without a fatal error. */
    public boolean completed() {
        return status.equals("ok");
    }
}
