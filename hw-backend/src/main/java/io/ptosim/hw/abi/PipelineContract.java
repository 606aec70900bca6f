package io.ptosim.hw.abi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The resources a host runtime declares for its run pipeline ({@code get_pipeline_contract}).
 *
 * @param abiVersion always 1
 * @param pipelineDepth how many runs may be in flight, 1 or 2
 * @param resources the declared resources, at most 8
 */
public record PipelineContract(int abiVersion, int pipelineDepth, List<Resource> resources) {

    /**
     * One declared resource.
     *
     * @param kind 1..6
     * @param resourceClass 0..2
     * @param bytesPerCopy always 0 at ABI 1
     */
    public record Resource(int kind, int resourceClass, long bytesPerCopy) {}

    /** Copies the list. */
    public PipelineContract {
        resources = List.copyOf(resources);
    }

    /**
     * Decodes and validates the 144 contract bytes {@code library} returned.
     *
     * @throws NativeRuntimeException naming the library and the field that is out of range
     */
    public static PipelineContract decode(byte[] bytes, String library) {
        if (bytes.length < PipelineContractDescriptor.SIZE) {
            throw new IllegalArgumentException("a PipelineContract is " + PipelineContractDescriptor.SIZE + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int abi = b.getInt(PipelineContractDescriptor.ABI_VERSION);
        int count = b.getInt(PipelineContractDescriptor.RESOURCE_COUNT);
        int depth = b.getInt(PipelineContractDescriptor.PIPELINE_DEPTH);
        String where = library + ": get_pipeline_contract: ";
        if (abi != 1) {
            throw invalid(where + "abi_version " + Integer.toUnsignedString(abi) + ", expected 1");
        }
        if (Integer.compareUnsigned(count, PipelineContractDescriptor.MAX_RESOURCES) > 0) {
            throw invalid(where + "resource_count " + Integer.toUnsignedString(count) + ", expected at most "
                    + PipelineContractDescriptor.MAX_RESOURCES);
        }
        if (depth < 1 || depth > NativeRunDescriptor.SLOTS) {
            throw invalid(where + "pipeline_depth " + Integer.toUnsignedString(depth) + ", expected 1..2");
        }
        List<Resource> resources = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int at = PipelineContractDescriptor.RESOURCES + i * PipelineContractDescriptor.RESOURCE_SIZE;
            int kind = b.getInt(at + PipelineContractDescriptor.RESOURCE_KIND);
            int cls = b.getInt(at + PipelineContractDescriptor.RESOURCE_CLASS);
            long bytesPerCopy = b.getLong(at + PipelineContractDescriptor.RESOURCE_BYTES_PER_COPY);
            if (kind < 1 || kind > 6) {
                throw invalid(where + "resources[" + i + "].kind " + Integer.toUnsignedString(kind) + ", expected 1..6");
            }
            if (cls < 0 || cls > 2) {
                throw invalid(where + "resources[" + i + "].resource_class " + Integer.toUnsignedString(cls)
                        + ", expected 0..2");
            }
            if (bytesPerCopy != 0) {
                throw invalid(where + "resources[" + i + "].bytes_per_copy " + Long.toUnsignedString(bytesPerCopy)
                        + ", expected 0");
            }
            resources.add(new Resource(kind, cls, bytesPerCopy));
        }
        return new PipelineContract(abi, depth, resources);
    }

    private static NativeRuntimeException invalid(String message) {
        return new NativeRuntimeException(NativeRuntimeException.ERROR, message + "; rebuild the module for ABI 1");
    }
}
