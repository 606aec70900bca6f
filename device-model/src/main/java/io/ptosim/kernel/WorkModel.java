package io.ptosim.kernel;

/** Computes a block's {@link Work} from its call (shapes of its tensors, its scalars). */
@FunctionalInterface
public interface WorkModel {
    /** The work of one block. */
    Work of(KernelCall call);
}
