package io.ptosim.program;

import java.util.List;
import java.util.Objects;

/**
 * What an orchestration does, as data: its external buffers and its ops in order. Build one with
 * {@link Orchestration}, read one from JSON ({@code docs/program-format.md}), and {@link #validate()}
 * it before running.
 *
 * @param name a name for reports
 * @param externals buffers the program did not create
 * @param ops the orchestration steps
 */
public record Program(String name, List<ExternalBuffer> externals, List<Op> ops) {
    /** Copies the lists ({@link GeneratedOps} are kept as they are: they hold nothing to copy). */
    public Program {
        Objects.requireNonNull(name, "name");
        externals = List.copyOf(externals);
        ops = ops instanceof GeneratedOps ? ops : List.copyOf(ops);
    }

    /**
     * Checks every rule a program must follow.
     *
     * @return this program
     * @throws ProgramException naming the first broken rule's op index and field
     */
    public Program validate() {
        new ProgramValidator(this).run();
        return this;
    }
}
