package io.ptosim.hw.abi;

/** Byte layout of {@code ChipStorageTaskArgs} (33,856 bytes, 64-aligned), the {@code args} of a run. */
public final class ChipStorageTaskArgsDescriptor {
    public static final int SIZE = 33_856;
    public static final int ALIGNMENT = 64;
    /** {@code CHIP_MAX_TENSOR_ARGS}: tensor slots per run. */
    public static final int CHIP_MAX_TENSOR_ARGS = 256;
    /** {@code CHIP_MAX_SCALAR_ARGS}: 64-bit scalar slots per run. */
    public static final int CHIP_MAX_SCALAR_ARGS = 128;

    public static final int TENSORS = 0;
    public static final int SCALARS = 32_768;
    public static final int TENSOR_COUNT = 33_792;
    public static final int SCALAR_COUNT = 33_796;

    private ChipStorageTaskArgsDescriptor() {}
}
