package io.ptosim.kernel;

/** A kernel's functional behaviour: reads and writes its tensors in device memory for one block. */
@FunctionalInterface
public interface KernelBody {
    /** Runs one block. */
    void run(KernelCall call, DeviceMemory memory);
}
