package io.ptosim.hw.abi;

/** Byte layout of a {@code CoreCallable}: one kernel inside a ChipCallable, its binary at byte 192. */
public final class CoreCallableDescriptor {
    /** {@code sizeof(CoreCallable)}: the header fields up to {@code storage_}. */
    public static final int SIZE = 144;
    public static final int ALIGNMENT = 8;
    /** {@code CORE_MAX_TENSOR_ARGS}: signature slots. */
    public static final int CORE_MAX_TENSOR_ARGS = 32;

    public static final int SIGNATURE = 0;
    public static final int SIG_COUNT = 128;
    public static final int BINARY_SIZE = 132;
    /** Device address of the kernel; written 0, patched by the platform. */
    public static final int RESOLVED_ADDR = 136;
    public static final int STORAGE = 144;
    /** Where the kernel binary starts ({@code storage_} rounded up to {@code CALLABLE_ALIGN}). */
    public static final int BINARY_DATA = 192;

    private CoreCallableDescriptor() {}
}
