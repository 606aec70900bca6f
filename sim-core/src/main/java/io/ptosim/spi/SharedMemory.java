package io.ptosim.spi;

/**
 * A host-device shared block: the same bytes at {@code hostPtr} in the host address space and at
 * {@code devicePtr} in the chip's.
 *
 * @param hostPtr where the host reads and writes it
 * @param devicePtr where kernels read and write it
 * @param bytes its size
 */
public record SharedMemory(long hostPtr, long devicePtr, long bytes) {
}
