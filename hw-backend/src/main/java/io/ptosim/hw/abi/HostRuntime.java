package io.ptosim.hw.abi;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loaded simpler host runtime (HEAD C API): the sim context loaded {@code RTLD_NOW|RTLD_GLOBAL} first (sim
 * backends), then {@code libhost_runtime.so} {@code RTLD_NOW|RTLD_LOCAL}, each bound to a process-lifetime log
 * state, every required symbol resolved and the pipeline contract validated. Libraries stay loaded for the
 * life of the process. {@link #open} makes a device; each device's calls belong to one thread.
 */
public final class HostRuntime {

    /** {@code RTLD_NOW|RTLD_GLOBAL} on Linux. */
    static final int RTLD_NOW_GLOBAL = 0x102;
    /** {@code RTLD_NOW|RTLD_LOCAL} on Linux. */
    static final int RTLD_NOW_LOCAL = 0x2;

    private static final String LOG_BIND = "simpler_host_log_bind_state";
    /** Log states by threshold; never freed, since a bound module keeps the pointer. */
    private static final Map<Integer, Memory> LOG_STATES = new ConcurrentHashMap<>();

    /** The C entry points this binding calls; all must be exported. */
    enum Symbol {
        GET_PIPELINE_CONTRACT("get_pipeline_contract"),
        CREATE_DEVICE_CONTEXT("create_device_context"),
        DESTROY_DEVICE_CONTEXT("destroy_device_context"),
        GET_RUNTIME_SIZE("get_runtime_size"),
        GET_RUNTIME_ALIGNMENT("get_runtime_alignment"),
        SIMPLER_INIT("simpler_init"),
        FINALIZE_DEVICE("finalize_device"),
        DEVICE_MALLOC("device_malloc_ctx"),
        DEVICE_FREE("device_free_ctx"),
        COPY_TO_DEVICE("copy_to_device_ctx"),
        COPY_FROM_DEVICE("copy_from_device_ctx"),
        COMMITTED_DEVICE_MEMORY("committed_device_memory_ctx"),
        REGISTER_CALLABLE("simpler_register_callable"),
        UNREGISTER_CALLABLE("simpler_unregister_callable"),
        RUN("simpler_run"),
        PREPARE_RUN("simpler_prepare_run"),
        LAUNCH_RUN("simpler_launch_run"),
        POLL_RUN("simpler_poll_run"),
        WAIT_RUN("simpler_wait_run"),
        FINALIZE_RUN("simpler_finalize_run");

        final String cName;

        Symbol(String cName) {
            this.cName = cName;
        }
    }

    private final HostRuntimeLibraries libraries;
    private final NativeLibrary simContext;
    private final NativeLibrary hostRuntime;
    private final Map<Symbol, Function> functions;
    private final PipelineContract contract;
    private final long runtimeSize;
    private final long runtimeAlignment;

    private HostRuntime(
            HostRuntimeLibraries libraries,
            NativeLibrary simContext,
            NativeLibrary hostRuntime,
            Map<Symbol, Function> functions,
            PipelineContract contract,
            long runtimeSize,
            long runtimeAlignment) {
        this.libraries = libraries;
        this.simContext = simContext;
        this.hostRuntime = hostRuntime;
        this.functions = functions;
        this.contract = contract;
        this.runtimeSize = runtimeSize;
        this.runtimeAlignment = runtimeAlignment;
    }

    /**
     * Loads the libraries and checks the host runtime is usable.
     *
     * @param logThreshold the modules' log threshold ({@link HostLogStateDescriptor#WARN} etc.)
     * @throws NativeRuntimeException if a library does not load, refuses the log state, lacks a symbol or
     *     declares an invalid pipeline contract; the message names the library
     */
    public static HostRuntime load(HostRuntimeLibraries libs, int logThreshold) {
        Memory logState = LOG_STATES.computeIfAbsent(logThreshold, HostRuntime::newLogState);
        NativeLibrary ctx = null;
        if (libs.simContext() != null) {
            ctx = open(libs.simContext(), RTLD_NOW_GLOBAL, "RTLD_NOW|RTLD_GLOBAL");
            bindLogState(ctx, libs.simContext(), logState);
        }
        NativeLibrary host = open(libs.hostRuntime(), RTLD_NOW_LOCAL, "RTLD_NOW|RTLD_LOCAL");
        bindLogState(host, libs.hostRuntime(), logState);
        Map<Symbol, Function> fns = new EnumMap<>(Symbol.class);
        for (Symbol s : Symbol.values()) {
            try {
                fns.put(s, host.getFunction(s.cName));
            } catch (UnsatisfiedLinkError e) {
                throw new NativeRuntimeException(NativeRuntimeException.ERROR, "required symbol " + s.cName
                        + " is missing from " + libs.hostRuntime() + "; rebuild the module");
            }
        }
        Pointer raw = fns.get(Symbol.GET_PIPELINE_CONTRACT).invokePointer(new Object[0]);
        if (raw == null) {
            throw new NativeRuntimeException(NativeRuntimeException.ERROR,
                    libs.hostRuntime() + ": get_pipeline_contract returned NULL; rebuild the module");
        }
        PipelineContract contract = PipelineContract.decode(
                raw.getByteArray(0, PipelineContractDescriptor.SIZE), libs.hostRuntime().toString());
        long size = fns.get(Symbol.GET_RUNTIME_SIZE).invokeLong(new Object[0]);
        long align = fns.get(Symbol.GET_RUNTIME_ALIGNMENT).invokeLong(new Object[0]);
        if (size <= 0 || align <= 0 || Long.bitCount(align) != 1 || align > (1 << 20)) {
            throw new NativeRuntimeException(NativeRuntimeException.ERROR, libs.hostRuntime()
                    + ": run storage size " + size + " / alignment " + align
                    + ", expected a positive size and a power-of-two alignment");
        }
        return new HostRuntime(libs, ctx, host, fns, contract, size, align);
    }

    private static Memory newLogState(int threshold) {
        Memory m = new Memory(HostLogStateDescriptor.SIZE);
        m.clear();
        m.setInt(HostLogStateDescriptor.ABI_VERSION, HostLogStateDescriptor.ABI);
        m.setInt(HostLogStateDescriptor.STRUCT_SIZE, HostLogStateDescriptor.SIZE);
        m.setInt(HostLogStateDescriptor.THRESHOLD, threshold);
        m.setInt(HostLogStateDescriptor.CLOCK_ANCHOR_PID, 0);
        return m;
    }

    private static NativeLibrary open(Path path, int flags, String flagNames) {
        if (!Files.isRegularFile(path)) {
            throw new NativeRuntimeException(NativeRuntimeException.ERROR, path + " does not exist; set hw.home");
        }
        try {
            return NativeLibrary.getInstance(path.toString(), Map.of(Library.OPTION_OPEN_FLAGS, flags));
        } catch (UnsatisfiedLinkError e) {
            throw new NativeRuntimeException(NativeRuntimeException.ERROR,
                    "cannot load " + path + " with " + flagNames + ": " + e.getMessage());
        }
    }

    private static void bindLogState(NativeLibrary lib, Path path, Memory state) {
        Function bind;
        try {
            bind = lib.getFunction(LOG_BIND);
        } catch (UnsatisfiedLinkError e) {
            return;
        }
        int rc = bind.invokeInt(new Object[] {state});
        if (rc != 0) {
            throw new NativeRuntimeException(rc, path + " refused the host log state (" + LOG_BIND + ")");
        }
    }

    Function function(Symbol s) {
        return functions.get(s);
    }

    public HostRuntimeLibraries libraries() {
        return libraries;
    }

    /** The validated pipeline contract. */
    public PipelineContract contract() {
        return contract;
    }

    /** Bytes of one run-storage block ({@code get_runtime_size}). */
    public long runtimeSize() {
        return runtimeSize;
    }

    /** Alignment of a run-storage block ({@code get_runtime_alignment}), a power of two. */
    public long runtimeAlignment() {
        return runtimeAlignment;
    }

    /** Opens device {@code deviceId} with the executor binaries read from {@link #libraries()}. */
    public NativeDevice open(int deviceId) {
        return open(deviceId, read(libraries.aicpuKernel()), read(libraries.aicoreKernel()),
                libraries.dispatcher() == null ? null : read(libraries.dispatcher()));
    }

    /**
     * Creates a device context and attaches the calling thread with {@code simpler_init} (no prewarm). The
     * returned device must be used and closed on this thread.
     *
     * @param aicpu the AICPU executor's bytes
     * @param aicore the AICore executor's bytes
     * @param dispatcherOrNull the AICPU dispatcher's bytes (required onboard), or null
     * @throws NativeRuntimeException if the context cannot be created or {@code simpler_init} fails
     */
    public NativeDevice open(int deviceId, byte[] aicpu, byte[] aicore, byte[] dispatcherOrNull) {
        return NativeDevice.open(this, deviceId, aicpu, aicore, dispatcherOrNull);
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    @Override
    public String toString() {
        return "HostRuntime[" + hostRuntime.getFile() + (simContext == null ? "" : ", sim context " + simContext.getFile())
                + ", contract " + contract + "]";
    }
}
