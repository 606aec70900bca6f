package io.ptosim.spi;

/** The 40-byte V1 {@code ContinuousTensor} of an args blob (spec §2), little-endian offsets. */
public final class ContinuousTensorDescriptor {
    /** Bytes of one tensor. */
    public static final int SIZE = 40;
    /** u64 host address or device pointer; 0 = none or auto-allocate. */
    public static final int DATA = 0;
    /** u32[5] elements per dimension. */
    public static final int SHAPES = 8;
    /** Dimensions a tensor may have at most. */
    public static final int MAX_DIMS = 5;
    /** u32 dimensions used, 1..5. */
    public static final int NDIMS = 28;
    /** u8 dtype code. */
    public static final int DTYPE = 32;
    /** u8 0 = host memory, otherwise device memory a child worker owns (PR #579). */
    public static final int CHILD_MEMORY = 33;
    /** Six zero bytes of padding. */
    public static final int PADDING = 34;

    private ContinuousTensorDescriptor() {
    }
}
