package io.ptosim.spi;

/**
 * The node's host address space as an endpoint copies from and to it. A simulated node gives a sparse
 * byte store; a hardware backend reads and writes real host memory at those addresses.
 */
public interface HostMemory {
    /** Copies {@code length} bytes at host address {@code addr} into {@code dst[offset..)}. */
    void readBytes(long addr, byte[] dst, int offset, int length);

    /** Copies {@code src[offset..offset+length)} to host address {@code addr}. */
    void writeBytes(long addr, byte[] src, int offset, int length);
}
