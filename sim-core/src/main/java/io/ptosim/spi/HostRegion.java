package io.ptosim.spi;

/**
 * A range of the node's host address space that chip tasks may read or write: a host buffer of the
 * program, or a heap ring its allocations come from.
 *
 * @param name what it is, for messages
 * @param addr its first address
 * @param bytes its size
 */
public record HostRegion(String name, long addr, long bytes) {
    /** Checks the range is non-empty and does not wrap. */
    public HostRegion {
        if (bytes <= 0 || addr < 0 || addr + bytes < addr) {
            throw new IllegalArgumentException("host region '" + name + "' [0x" + Long.toHexString(addr) + ", +" + bytes
                    + "); expected a positive size that does not wrap");
        }
    }

    /** One past its last address. */
    public long end() {
        return addr + bytes;
    }
}
