package io.ptosim.hw.abi;

/** Byte layout of one {@code ChipTensor} (128 bytes, 64-aligned) as the HEAD host runtime reads it. */
public final class ChipTensorDescriptor {
    public static final int SIZE = 128;
    public static final int ALIGNMENT = 64;
    /** Maximum number of dimensions ({@code shapes} and {@code strides} slots). */
    public static final int MAX_DIMS = 5;

    public static final int BUFFER_ADDR = 0;
    /** Buffer size in bytes. */
    public static final int BUFFER_SIZE = 8;
    public static final int OWNER_TASK_ID = 16;
    /** Start offset in elements. */
    public static final int START_OFFSET = 24;
    public static final int VERSION = 32;
    public static final int NDIMS = 36;
    public static final int DTYPE = 40;
    public static final int MANUAL_DEP = 41;
    public static final int IS_CONTIGUOUS = 42;
    public static final int ADDRESS_SPACE = 43;
    public static final int SHAPES = 44;
    public static final int EXTENT_ELEM_CACHE = 64;
    public static final int STRIDES = 72;
    public static final int PADDING = 92;

    /** {@code owner_task_id} of a tensor no task produced (all bits set). */
    public static final long NO_OWNER_TASK = -1L;
    /** {@code address_space} of a host buffer: the runtime copies it in and out. */
    public static final int ADDRESS_SPACE_HOST = 0;
    /** {@code address_space} of a device buffer from {@code device_malloc_ctx}: passed through untouched. */
    public static final int ADDRESS_SPACE_DEVICE = 1;

    private ChipTensorDescriptor() {}
}
