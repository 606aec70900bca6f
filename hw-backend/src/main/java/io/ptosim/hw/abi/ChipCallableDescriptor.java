package io.ptosim.hw.abi;

/**
 * Byte layout of a {@code ChipCallable}: a 9,376-byte header, then its storage holding the orchestration
 * shared object at storage offset 0 and each child {@link CoreCallableDescriptor CoreCallable} after it.
 */
public final class ChipCallableDescriptor {
    /** {@code sizeof} up to {@code storage_}: the header. */
    public static final int SIZE = 9_376;
    /** The ChipCallable buffer must be aligned to this. */
    public static final int ALIGNMENT = 16;
    /** Signature slots. */
    public static final int MAX_SIGNATURE = 256;
    /** Child slots. */
    public static final int MAX_CHILDREN = 1_024;
    /** Bytes of each name field; a name holds at most one less, NUL-terminated. */
    public static final int NAME_SIZE = 64;

    /**
     * {@code CALLABLE_ALIGN}: children start at storage offsets rounded up to this, and a CoreCallable's
     * binary at its header rounded up to it (measured against simpler's own callable.bin).
     */
    public static final int CALLABLE_ALIGN = 64;
    /** {@code CALLABLE_CHILD_ALIGN} as the header declares it; child placement follows {@link #CALLABLE_ALIGN}. */
    public static final int CALLABLE_CHILD_ALIGN = 16;

    public static final int SIGNATURE = 0;
    public static final int SIG_COUNT = 1_024;
    public static final int BINARY_SIZE = 1_028;
    public static final int FUNC_NAME = 1_032;
    public static final int FUNC_NAME_LEN = 1_096;
    public static final int CHILD_FUNC_IDS = 1_100;
    public static final int CHILD_OFFSETS = 5_196;
    public static final int CHILD_COUNT = 9_292;
    public static final int CONFIG_NAME = 9_296;
    public static final int CONFIG_NAME_LEN = 9_360;
    public static final int STORAGE = 9_376;

    private ChipCallableDescriptor() {}
}
