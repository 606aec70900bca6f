package io.ptosim.hw.abi;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.ptosim.hw.abi.HostRuntime.Symbol;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One device context of a {@link HostRuntime}, initialised with {@code simpler_init}. Every call must come
 * from the thread that opened it (the C API attaches the device to that thread; memory calls never attach);
 * another thread gets IllegalStateException. Runs are synchronous ({@code simpler_run}) in pipeline slot 0.
 */
public final class NativeDevice implements AutoCloseable {

    /** Callable ids the runtime caches: {@code [0, 64)}. */
    public static final int MAX_CALLABLES = 64;

    private static final System.Logger LOG = System.getLogger(NativeDevice.class.getName());
    /** run_id, dispatch_id and run_epoch: increasing and unique in the process. */
    private static final AtomicLong RUNS = new AtomicLong();

    private final HostRuntime runtime;
    private final int deviceId;
    private final Pointer ctx;
    private final Thread owner;
    /** The executor binaries passed to simpler_init, kept alive for the context's life. */
    private final Memory[] binaries;
    private final Memory runStorage;
    private final Memory args;
    private final Memory config;
    private final Memory descriptor;
    private final Map<Integer, Memory> callables = new TreeMap<>();
    /** Bytes of each live allocation made through {@link #malloc}, by device pointer. */
    private final Map<Long, Long> allocations = new HashMap<>();
    private boolean closed;
    private long unfreedAtClose;

    private NativeDevice(HostRuntime runtime, int deviceId, Pointer ctx, Memory[] binaries) {
        this.runtime = runtime;
        this.deviceId = deviceId;
        this.ctx = ctx;
        this.owner = Thread.currentThread();
        this.binaries = binaries;
        this.runStorage = aligned(runtime.runtimeSize(), (int) runtime.runtimeAlignment());
        this.args = aligned(ChipStorageTaskArgsDescriptor.SIZE, ChipStorageTaskArgsDescriptor.ALIGNMENT);
        this.config = new Memory(CallConfigDescriptor.SIZE);
        this.descriptor = aligned(NativeRunDescriptor.SIZE, NativeRunDescriptor.ALIGNMENT);
    }

    static NativeDevice open(HostRuntime runtime, int deviceId, byte[] aicpu, byte[] aicore, byte[] dispatcher) {
        if (aicpu.length == 0 || aicore.length == 0) {
            throw new IllegalArgumentException("the AICPU and AICore executor binaries must not be empty");
        }
        Pointer ctx = runtime.function(Symbol.CREATE_DEVICE_CONTEXT).invokePointer(new Object[0]);
        if (ctx == null) {
            throw new NativeRuntimeException(NativeRuntimeException.ERROR, "create_device_context returned NULL");
        }
        Memory aicpuMem = copy(aicpu);
        Memory aicoreMem = copy(aicore);
        Memory dispatcherMem = dispatcher == null || dispatcher.length == 0 ? null : copy(dispatcher);
        int rc = runtime.function(Symbol.SIMPLER_INIT).invokeInt(new Object[] {
            ctx, deviceId, aicpuMem, (long) aicpu.length, aicoreMem, (long) aicore.length,
            dispatcherMem, dispatcherMem == null ? 0L : (long) dispatcher.length, null
        });
        if (rc != 0) {
            runtime.function(Symbol.DESTROY_DEVICE_CONTEXT).invokeVoid(new Object[] {ctx});
            throw new NativeRuntimeException(rc, "simpler_init(device " + deviceId + ") failed");
        }
        return new NativeDevice(runtime, deviceId, ctx, new Memory[] {aicpuMem, aicoreMem, dispatcherMem});
    }

    public int deviceId() {
        return deviceId;
    }

    public HostRuntime runtime() {
        return runtime;
    }

    /**
     * Registers ChipCallable bytes under {@code id}; the 16-aligned copy stays alive until unregistered or closed.
     *
     * @throws NativeRuntimeException if {@code simpler_register_callable} fails
     */
    public void registerCallable(int id, byte[] chipCallable) {
        checkUsable();
        checkId(id);
        if (chipCallable.length < ChipCallableDescriptor.SIZE) {
            throw new IllegalArgumentException("ChipCallable of " + chipCallable.length + " bytes is shorter than its "
                    + ChipCallableDescriptor.SIZE + "-byte header");
        }
        Memory buf = aligned(chipCallable.length, ChipCallableDescriptor.ALIGNMENT);
        buf.write(0, chipCallable, 0, chipCallable.length);
        int rc = runtime.function(Symbol.REGISTER_CALLABLE).invokeInt(new Object[] {ctx, id, buf});
        if (rc != 0) {
            throw new NativeRuntimeException(rc, "simpler_register_callable(id " + id + ") failed");
        }
        callables.put(id, buf);
    }

    /** Unregisters {@code id} ({@code simpler_unregister_callable}); returns its rc (0 also for an unknown id). */
    public int unregisterCallable(int id) {
        checkUsable();
        checkId(id);
        int rc = runtime.function(Symbol.UNREGISTER_CALLABLE).invokeInt(new Object[] {ctx, id});
        if (rc == 0) {
            callables.remove(id);
        }
        return rc;
    }

    /**
     * Runs callable {@code callableId} to completion ({@code simpler_run}): host tensors are copied in and their
     * outputs back before it returns; device tensors are used in place.
     *
     * @param tensors at most 256, in the callable's signature order
     * @param scalars at most 128
     * @return the C return code: 0 on success, negative (see {@link NativeRuntimeException#nameOf}) or a CANN code
     */
    public int run(int callableId, List<NativeTensor> tensors, long[] scalars, NativeRunConfig cfg) {
        checkUsable();
        if (tensors.size() > ChipStorageTaskArgsDescriptor.CHIP_MAX_TENSOR_ARGS) {
            throw new IllegalArgumentException(tensors.size() + " tensors; at most "
                    + ChipStorageTaskArgsDescriptor.CHIP_MAX_TENSOR_ARGS);
        }
        if (scalars.length > ChipStorageTaskArgsDescriptor.CHIP_MAX_SCALAR_ARGS) {
            throw new IllegalArgumentException(scalars.length + " scalars; at most "
                    + ChipStorageTaskArgsDescriptor.CHIP_MAX_SCALAR_ARGS);
        }
        args.clear(ChipStorageTaskArgsDescriptor.SIZE);
        for (int i = 0; i < tensors.size(); i++) {
            writeTensor(i * ChipTensorDescriptor.SIZE, tensors.get(i));
        }
        for (int i = 0; i < scalars.length; i++) {
            args.setLong(ChipStorageTaskArgsDescriptor.SCALARS + 8L * i, scalars[i]);
        }
        args.setInt(ChipStorageTaskArgsDescriptor.TENSOR_COUNT, tensors.size());
        args.setInt(ChipStorageTaskArgsDescriptor.SCALAR_COUNT, scalars.length);

        config.clear(CallConfigDescriptor.SIZE);
        config.setInt(CallConfigDescriptor.AICPU_THREAD_NUM, cfg.aicpuThreadNum());

        long n = RUNS.incrementAndGet();
        descriptor.clear(NativeRunDescriptor.SIZE);
        descriptor.setInt(NativeRunDescriptor.PIPELINE_SLOT, 0);
        descriptor.setInt(NativeRunDescriptor.ARENA_BANK, 0);
        descriptor.setLong(NativeRunDescriptor.RUN_ID, n);
        descriptor.setLong(NativeRunDescriptor.GENERATION, 1);
        descriptor.setLong(NativeRunDescriptor.DISPATCH_ID, n);
        descriptor.setLong(NativeRunDescriptor.RUN_EPOCH, n);

        runStorage.clear(runtime.runtimeSize());
        return runtime.function(Symbol.RUN)
                .invokeInt(new Object[] {ctx, runStorage, callableId, args, config, descriptor});
    }

    private void writeTensor(long at, NativeTensor t) {
        int[] shapes = t.shapes();
        args.setLong(at + ChipTensorDescriptor.BUFFER_ADDR, t.addr());
        args.setLong(at + ChipTensorDescriptor.BUFFER_SIZE, t.bytes());
        args.setLong(at + ChipTensorDescriptor.OWNER_TASK_ID, ChipTensorDescriptor.NO_OWNER_TASK);
        args.setLong(at + ChipTensorDescriptor.START_OFFSET, 0);
        args.setInt(at + ChipTensorDescriptor.VERSION, 0);
        args.setInt(at + ChipTensorDescriptor.NDIMS, shapes.length);
        args.setByte(at + ChipTensorDescriptor.DTYPE, (byte) t.dtype().code());
        args.setByte(at + ChipTensorDescriptor.MANUAL_DEP, (byte) 0);
        args.setByte(at + ChipTensorDescriptor.IS_CONTIGUOUS, (byte) 1);
        args.setByte(at + ChipTensorDescriptor.ADDRESS_SPACE, (byte) (t.device()
                ? ChipTensorDescriptor.ADDRESS_SPACE_DEVICE
                : ChipTensorDescriptor.ADDRESS_SPACE_HOST));
        long stride = 1;
        for (int d = shapes.length - 1; d >= 0; d--) {
            args.setInt(at + ChipTensorDescriptor.SHAPES + 4L * d, shapes[d]);
            args.setInt(at + ChipTensorDescriptor.STRIDES + 4L * d, (int) stride);
            stride *= shapes[d];
        }
        args.setLong(at + ChipTensorDescriptor.EXTENT_ELEM_CACHE, t.elements());
    }

    /** Allocates device memory ({@code device_malloc_ctx}); 0 on failure. */
    public long malloc(long bytes) {
        checkUsable();
        Pointer p = runtime.function(Symbol.DEVICE_MALLOC).invokePointer(new Object[] {ctx, bytes});
        long addr = Pointer.nativeValue(p);
        if (addr != 0) {
            allocations.put(addr, bytes);
        }
        return addr;
    }

    /** Frees device memory ({@code device_free_ctx}, which reports nothing); always 0. Freeing 0 does nothing. */
    public int free(long devPtr) {
        checkUsable();
        runtime.function(Symbol.DEVICE_FREE).invokeVoid(new Object[] {ctx, pointer(devPtr)});
        allocations.remove(devPtr);
        return 0;
    }

    /** Copies {@code bytes} from host address {@code hostAddr} to device memory; the C return code. */
    public int copyTo(long devPtr, long hostAddr, long bytes) {
        checkUsable();
        return runtime.function(Symbol.COPY_TO_DEVICE)
                .invokeInt(new Object[] {ctx, pointer(devPtr), pointer(hostAddr), bytes});
    }

    /** Copies {@code bytes} from device memory to host address {@code hostAddr}; the C return code. */
    public int copyFrom(long hostAddr, long devPtr, long bytes) {
        checkUsable();
        return runtime.function(Symbol.COPY_FROM_DEVICE)
                .invokeInt(new Object[] {ctx, pointer(hostAddr), pointer(devPtr), bytes});
    }

    /**
     * Device bytes the runtime holds ({@code committed_device_memory_ctx}): the allocations made here plus the
     * runtime's own (the real sim keeps its arenas there, over a gigabyte).
     */
    public long committedDeviceMemory() {
        checkUsable();
        return runtime.function(Symbol.COMMITTED_DEVICE_MEMORY).invokeLong(new Object[] {ctx});
    }

    /**
     * Unregisters every callable, then {@code finalize_device} and {@code destroy_device_context}; idempotent.
     *
     * @return the bytes allocated through {@link #malloc} and not freed (the caller's leak), 0 if none
     * @throws NativeRuntimeException if an unregister or finalize failed (teardown still completes)
     */
    public long shutdown() {
        if (closed) {
            return unfreedAtClose;
        }
        checkThread();
        NativeRuntimeException failure = null;
        for (Integer id : List.copyOf(callables.keySet())) {
            int rc = runtime.function(Symbol.UNREGISTER_CALLABLE).invokeInt(new Object[] {ctx, id});
            if (rc != 0 && failure == null) {
                failure = new NativeRuntimeException(rc, "simpler_unregister_callable(id " + id + ") failed");
            }
        }
        unfreedAtClose = allocations.values().stream().mapToLong(Long::longValue).sum();
        int rc = runtime.function(Symbol.FINALIZE_DEVICE).invokeInt(new Object[] {ctx});
        if (rc != 0 && failure == null) {
            failure = new NativeRuntimeException(rc, "finalize_device(device " + deviceId + ") failed");
        }
        runtime.function(Symbol.DESTROY_DEVICE_CONTEXT).invokeVoid(new Object[] {ctx});
        closed = true;
        callables.clear();
        if (failure != null) {
            throw failure;
        }
        return unfreedAtClose;
    }

    /** {@link #shutdown()}, logging a warning when device memory was left allocated. */
    @Override
    public void close() {
        long unfreed = shutdown();
        if (unfreed != 0) {
            LOG.log(System.Logger.Level.WARNING, "device {0} closed with {1} bytes of device memory not freed",
                    deviceId, unfreed);
        }
    }

    /** The device bytes {@link #shutdown()} found still committed; 0 while open. */
    public long unfreedAtClose() {
        return unfreedAtClose;
    }

    public boolean isClosed() {
        return closed;
    }

    private void checkUsable() {
        if (closed) {
            throw new IllegalStateException("device " + deviceId + " is closed");
        }
        checkThread();
    }

    private void checkThread() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("device " + deviceId + " belongs to thread \"" + owner.getName()
                    + "\", which called simpler_init; called from \"" + Thread.currentThread().getName() + "\"");
        }
    }

    private static void checkId(int id) {
        if (id < 0 || id >= MAX_CALLABLES) {
            throw new IllegalArgumentException("callable id " + id + ": expected 0.." + (MAX_CALLABLES - 1));
        }
    }

    private static Pointer pointer(long addr) {
        return addr == 0 ? null : new Pointer(addr);
    }

    private static Memory copy(byte[] bytes) {
        Memory m = aligned(bytes.length, 64);
        m.write(0, bytes, 0, bytes.length);
        return m;
    }

    /** A zeroed block of {@code size} bytes at an {@code alignment}-aligned address; it keeps its allocation alive. */
    private static Memory aligned(long size, int alignment) {
        Memory raw = new Memory(size + alignment - 1);
        Memory m = raw.align(alignment);
        m.clear(size);
        return m;
    }
}
