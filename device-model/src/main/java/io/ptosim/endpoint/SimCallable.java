package io.ptosim.endpoint;

import io.ptosim.kernel.KernelTable;
import io.ptosim.program.Program;
import io.ptosim.spi.ChipCallable;
import java.util.Objects;

/**
 * A chip program with its kernels, as the {@code sim} backend runs it: the program's external buffers,
 * in order, bind to the task's tensors, in order (tensor i is external i, moved to the tensor's device
 * address); the externals' own addresses are ignored.
 *
 * @param program the orchestration
 * @param kernels the kernels it submits
 */
public record SimCallable(Program program, KernelTable kernels) implements ChipCallable {
    /** Checks nothing is null. */
    public SimCallable {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(kernels, "kernels");
    }

    /** The program's name. */
    @Override
    public String name() {
        return program.name();
    }
}
