package io.ptosim.spi;

import java.util.List;

/**
 * One chip as the node scheduler sees it (the L3 leaf, spec l3-runtime.md §10): device memory calls,
 * host-device shared memory and chip task runs. Every call but {@link #close} answers through a
 * {@link Reply} delivered on the node's {@link io.ptosim.des.EventLoop}, so the same scheduler drives a
 * simulated chip in virtual time and a real NPU in real time. A call never blocks its caller; at most
 * one chip task runs on an endpoint at a time (the scheduler guarantees it).
 */
public interface ChipEndpoint extends AutoCloseable {
    /** The device id it drives (the node's worker index). */
    int deviceId();

    /** Allocates {@code bytes} of device memory; the reply carries the device pointer. */
    void malloc(long bytes, Reply<Long> reply);

    /** Frees device memory {@code malloc} returned. */
    void free(long devicePtr, Reply<Void> reply);

    /** Copies {@code bytes} from host address {@code hostSrc} to device address {@code deviceDst}. */
    void copyTo(long deviceDst, long hostSrc, long bytes, Reply<Void> reply);

    /** Copies {@code bytes} from device address {@code deviceSrc} to host address {@code hostDst}. */
    void copyFrom(long hostDst, long deviceSrc, long bytes, Reply<Void> reply);

    /**
     * Allocates host memory mapped into the chip's address space (PR #585): kernels read and write it
     * through the device pointer, the host sees their writes without a copy. Fails with −1 for a size of
     * 0 and with a non-zero code where the platform has no such mapping.
     */
    void mallocHostDeviceShareMem(long bytes, Reply<SharedMemory> reply);

    /** Unmaps and frees a shared block by its host pointer; a pointer of 0 is a no-op. */
    void freeHostDeviceShareMem(long hostPtr, Reply<Void> reply);

    /**
     * Runs one chip task: tensors not in device memory are allocated, copied in, and their outputs copied
     * back after the run; {@code child_memory} tensors are used in place (spec §11).
     */
    void run(ChipTask task, Reply<Void> reply);

    /** Releases the device (also after failures); calls after it fail. */
    @Override
    void close();

    /**
     * What {@link #close} found worth telling the user: device memory not freed, a worker process's
     * exit status; empty by default.
     */
    default List<String> closeNotes() {
        return List.of();
    }
}
