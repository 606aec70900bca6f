package io.ptosim.program;

import java.util.List;
import java.util.Objects;

/**
 * What an orchestration does, as data: its external buffers and its ops in order. Build one with
 * {@link Orchestration}, read one from JSON ({@code docs/program-format.md}), and {@link #validate()}
 * it before running. Immutable all the way down (its lists are copies, its ops and tensors immutable),
 * so a program that passed validation once stays valid: {@link #validate()} checks it only once.
 * Equality is by value, as a record's.
 */
public final class Program {
    private final String name;
    private final List<ExternalBuffer> externals;
    private final List<Op> ops;
    /** Set once {@link ProgramValidator} accepted this program; a pure function of the fields above. */
    private volatile boolean valid;
    /** The tasks the program makes, counted by validation. */
    private volatile long tasks;
    /** The farthest an op refers back, measured by validation. */
    private volatile int reach;
    /** The compiled form of all ops, made on first use (never for generated ops). */
    private volatile CompiledOps compiled;
    /** How many generated ops {@link #compiled(int)} compiles at a time. */
    static final int GENERATED_WINDOW = 4096;

    /**
     * A program; copies the lists ({@link GeneratedOps} are kept as they are: they hold nothing to copy).
     *
     * @param name a name for reports
     * @param externals buffers the program did not create
     * @param ops the orchestration steps
     */
    public Program(String name, List<ExternalBuffer> externals, List<Op> ops) {
        this.name = Objects.requireNonNull(name, "name");
        this.externals = List.copyOf(externals);
        this.ops = ops instanceof GeneratedOps ? ops : List.copyOf(ops);
    }

    /** A name for reports. */
    public String name() {
        return name;
    }

    /** Buffers the program did not create. */
    public List<ExternalBuffer> externals() {
        return externals;
    }

    /** The orchestration steps. */
    public List<Op> ops() {
        return ops;
    }

    /**
     * Checks every rule a program must follow (once per program: a later call returns at once).
     *
     * @return this program
     * @throws ProgramException naming the first broken rule's op index and field
     */
    public Program validate() {
        if (!valid) {
            ProgramValidator validator = new ProgramValidator(this);
            tasks = validator.run();
            reach = validator.reach();
            valid = true;
        }
        return this;
    }

    /**
     * The tasks the program makes: its submits and alloc_tensors. Validates the program first, which
     * counts them, so a generated program is not walked again for it.
     *
     * @throws ProgramException as {@link #validate()}
     */
    public long taskCount() {
        validate();
        return tasks;
    }

    /**
     * The farthest any op refers back to an earlier task op (a tensor of its output, an explicit dep, an
     * {@code add_dependency}): the largest index difference, 0 when no op refers to another. A driver
     * that remembers the last {@code reach + 1} ops' tasks can resolve every reference. Validates the
     * program first.
     *
     * @throws ProgramException as {@link #validate()}
     */
    public int reach() {
        validate();
        return reach;
    }

    /**
     * The compiled form of a run of ops starting at {@code op} and holding it: all ops (made once and
     * remembered), or, for generated ops, the next {@value #GENERATED_WINDOW} (made on each call). Validates
     * the program first.
     */
    public CompiledOps compiled(int op) {
        validate();
        if (ops instanceof GeneratedOps) {
            return CompiledOps.of(this, op, Math.min(ops.size(), op + GENERATED_WINDOW));
        }
        CompiledOps c = compiled;
        if (c == null) {
            c = CompiledOps.of(this, 0, ops.size());
            compiled = c;
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Program p && name.equals(p.name) && externals.equals(p.externals) && ops.equals(p.ops);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, externals, ops);
    }

    @Override
    public String toString() {
        return "Program[name=" + name + ", externals=" + externals + ", ops=" + ops + "]";
    }
}
