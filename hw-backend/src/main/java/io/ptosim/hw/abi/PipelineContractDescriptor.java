package io.ptosim.hw.abi;

/** Byte layout of {@code PipelineContract} (144 bytes) and its {@code PipelineResource} entries (16 bytes each). */
public final class PipelineContractDescriptor {
    public static final int SIZE = 144;
    public static final int ALIGNMENT = 8;
    /** Resource slots in the contract. */
    public static final int MAX_RESOURCES = 8;

    public static final int ABI_VERSION = 0;
    public static final int RESOURCE_COUNT = 4;
    public static final int PIPELINE_DEPTH = 8;
    public static final int RESOURCES = 16;

    public static final int RESOURCE_SIZE = 16;
    public static final int RESOURCE_ALIGNMENT = 8;
    /** Offset of {@code kind} within a {@code PipelineResource}. */
    public static final int RESOURCE_KIND = 0;
    /** Offset of {@code resource_class} within a {@code PipelineResource}. */
    public static final int RESOURCE_CLASS = 4;
    /** Offset of {@code bytes_per_copy} within a {@code PipelineResource}. */
    public static final int RESOURCE_BYTES_PER_COPY = 8;

    private PipelineContractDescriptor() {}
}
