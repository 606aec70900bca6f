package io.ptosim.program;

import io.ptosim.runtime.DataType;
import java.util.Objects;

/**
 * A buffer the program did not create: device memory at a fixed address.
 *
 * @param name a name for diagnostics
 * @param addr base byte address (unsigned)
 * @param sizeBytes size in bytes
 * @param dtype the element type it was declared with
 */
public record ExternalBuffer(String name, long addr, long sizeBytes, DataType dtype) {
    /** Validates the fields. */
    public ExternalBuffer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("external buffer '" + name + "': size " + sizeBytes + " bytes; expected >= 0");
        }
    }
}
