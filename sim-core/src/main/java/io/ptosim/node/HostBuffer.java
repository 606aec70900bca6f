package io.ptosim.node;

import io.ptosim.runtime.DataType;
import java.util.Objects;

/**
 * A host buffer a node program names: the user's numpy array or shared-memory tensor, at a fixed host
 * address.
 *
 * @param name its name (inputs are filled and outputs checked by it)
 * @param addr host address
 * @param bytes size
 * @param dtype element type
 */
public record HostBuffer(String name, long addr, long bytes, DataType dtype) {
    /** Checks the fields. */
    public HostBuffer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        if (bytes <= 0) {
            throw new IllegalArgumentException("host buffer '" + name + "': " + bytes + " bytes; expected > 0");
        }
    }

    /** Its address. */
    public Ptr ptr() {
        return Ptr.at(addr);
    }
}
