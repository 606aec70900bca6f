package io.ptosim.hw;

import io.ptosim.des.RealTimeLoop;
import io.ptosim.mailbox.ControlCommand;
import io.ptosim.mailbox.Mailbox;
import io.ptosim.mailbox.MailboxState;
import io.ptosim.spi.BackendException;
import io.ptosim.spi.ChipEndpoint;
import io.ptosim.spi.ChipTask;
import io.ptosim.spi.EndpointContext;
import io.ptosim.spi.Reply;
import io.ptosim.spi.SharedMemory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One real chip (or simpler's simulation of one) behind the {@link ChipEndpoint} seam: a
 * {@link ChipWorkerProcess} that loads simpler's host runtime, reached through the shared V1 mailbox
 * file. Calls come on the node's {@link RealTimeLoop}; each becomes an exchange on this endpoint's
 * mailbox thread (one at a time, in call order: a control waits for a running task), and its reply is
 * posted back to the loop. Callables are resolved by name through the {@link CallableCatalog} and
 * registered with the worker on first use (ids 0 to 63).
 *
 * <p>Failures: a non-zero return code fails the call with that code and the worker's note; a worker
 * that dies fails the exchange in flight with its exit status and log tail and marks the chip lost
 * (every later call fails at once). {@link #close} always ends the worker: it closes the device
 * (unregister, finalize, destroy) when the worker still runs and notes device memory not freed.
 */
public final class NativeChipEndpoint implements ChipEndpoint {
    /** The most callables a context holds (ids 0 to 63). */
    static final int MAX_CALLABLES = 64;
    /** The code of calls simpler's HEAD API cannot make ({@code PTO_RUNTIME_ERR_UNSUPPORTED}). */
    public static final int UNSUPPORTED = -2;

    private final String backend;
    private final int deviceId;
    private final RealTimeLoop loop;
    private final ChipWorkerProcess worker;
    private final CallableCatalog catalog;
    private final ExecutorService io;
    private final Map<String, Integer> registered = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private volatile String lost;
    private boolean closed;

    /** A call's failure, with simpler's code (or the worker's exit status) and what failed. */
    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        private final int code;

        Failure(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /** The body of one exchange, run on the mailbox thread. */
    private interface Exchange<T> {
        T run() throws Failure;
    }

    private NativeChipEndpoint(String backend, int deviceId, RealTimeLoop loop, ChipWorkerProcess worker,
            CallableCatalog catalog) {
        this.backend = backend;
        this.deviceId = deviceId;
        this.loop = loop;
        this.worker = worker;
        this.catalog = catalog;
        this.io = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, backend + "-chip" + deviceId + "-mailbox");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts chip {@code deviceId}'s worker and waits for it to report ready.
     *
     * @throws BackendException if the context is not a native one, or the worker cannot start
     */
    static NativeChipEndpoint open(String backend, int deviceId, EndpointContext context, HwSettings settings) {
        if (!(context.loop() instanceof RealTimeLoop loop)) {
            throw new BackendException("backend '" + backend + "' replies in real time; it needs a RealTimeLoop, not "
                    + context.loop().getClass().getSimpleName());
        }
        if (!(context.host() instanceof MappedHostMemory host)) {
            throw new BackendException("backend '" + backend + "' needs the shared host memory it provides"
                    + " (BackendProvider.hostMemory), not " + context.host().getClass().getSimpleName());
        }
        Path home = settings.home().orElseThrow(() -> new BackendException(NativeBackend.noHome()));
        CallableCatalog catalog = new CallableCatalog(settings);
        return new NativeChipEndpoint(backend, deviceId, loop,
                ChipWorkerProcess.start(backend, deviceId, home, host, settings), catalog);
    }

    @Override
    public int deviceId() {
        return deviceId;
    }

    /** The worker's process id. */
    public long workerPid() {
        return worker.pid();
    }

    @Override
    public void malloc(long bytes, Reply<Long> reply) {
        call("malloc " + bytes + " bytes", reply, () -> control(ControlCommand.MALLOC, bytes, 0, 0));
    }

    @Override
    public void free(long devicePtr, Reply<Void> reply) {
        call("free 0x" + Long.toHexString(devicePtr), reply, () -> {
            control(ControlCommand.FREE, devicePtr, 0, 0);
            return null;
        });
    }

    @Override
    public void copyTo(long deviceDst, long hostSrc, long bytes, Reply<Void> reply) {
        call("copy_to " + bytes + " bytes", reply, () -> {
            control(ControlCommand.COPY_TO, deviceDst, hostSrc, bytes);
            return null;
        });
    }

    @Override
    public void copyFrom(long hostDst, long deviceSrc, long bytes, Reply<Void> reply) {
        call("copy_from " + bytes + " bytes", reply, () -> {
            control(ControlCommand.COPY_FROM, hostDst, deviceSrc, bytes);
            return null;
        });
    }

    @Override
    public void mallocHostDeviceShareMem(long bytes, Reply<SharedMemory> reply) {
        call("mallocHostDeviceShareMem", reply, () -> {
            throw new Failure(UNSUPPORTED, "mallocHostDeviceShareMem on chip " + deviceId + " (" + backend
                    + "): unsupported; simpler's HEAD C API has no host-device shared memory (PR #585 was not merged)");
        });
    }

    @Override
    public void freeHostDeviceShareMem(long hostPtr, Reply<Void> reply) {
        call("freeHostDeviceShareMem", reply, () -> {
            if (hostPtr != 0) {
                throw new Failure(UNSUPPORTED, "freeHostDeviceShareMem on chip " + deviceId + " (" + backend
                        + "): 0x" + Long.toHexString(hostPtr) + " is not a shared block; this backend has none");
            }
            return null;
        });
    }

    @Override
    public void run(ChipTask task, Reply<Void> reply) {
        call("run '" + task.callable() + "'", reply, () -> {
            int id = callableId(task.callable());
            Mailbox box = worker.mailbox();
            box.postTask(id, task.config(), task.args());
            awaitOrLose(MailboxState.TASK_DONE, "task '" + task.callable() + "'");
            int rc = box.collectTask();
            if (rc != 0) {
                throw new Failure(rc, "chip " + deviceId + " (" + backend + "): task '" + task.callable() + "' failed with "
                        + rc + " (" + errorName(rc) + "): " + box.readNote());
            }
            return null;
        });
    }

    /** The name of a simpler return code (native-api.md §7). */
    static String errorName(int rc) {
        return switch (rc) {
            case -1 -> "PTO_RUNTIME_ERR, see the worker's note";
            case -2 -> "PTO_RUNTIME_ERR_UNSUPPORTED";
            case -3 -> "PTO_RUNTIME_ERR_PREPARED_INCOMPATIBLE";
            default -> rc > 0 ? "a device or CANN error code" : "unknown code";
        };
    }

    private int callableId(String name) throws Failure {
        Integer known = registered.get(name);
        if (known != null) {
            return known;
        }
        Optional<byte[]> bytes;
        try {
            bytes = catalog.build(name);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new Failure(-1, "chip " + deviceId + " (" + backend + "): callable '" + name + "': " + e.getMessage());
        }
        if (bytes.isEmpty()) {
            throw new Failure(-1, "chip " + deviceId + " (" + backend + ") has no callable '" + name + "'; it has: "
                    + catalog.listing());
        }
        if (registered.size() == MAX_CALLABLES) {
            throw new Failure(-1, "chip " + deviceId + ": callable '" + name + "' would be the " + (MAX_CALLABLES + 1)
                    + "th; a context holds " + MAX_CALLABLES);
        }
        int id = registered.size();
        try {
            Files.write(worker.folder().resolve("callable-" + id + ".bin"), bytes.get());
        } catch (IOException e) {
            throw new Failure(-1, "chip " + deviceId + ": cannot stage callable '" + name + "': " + e.getMessage());
        }
        control(ControlCommand.REGISTER_CALLABLE, id, bytes.get().length, 0);
        registered.put(name, id);
        return id;
    }

    /** One control exchange: post, wait for CONTROL_DONE (or the worker's death), collect. */
    private long control(ControlCommand command, long arg0, long arg1, long arg2) throws Failure {
        Mailbox box = worker.mailbox();
        if (!box.postControl(command, arg0, arg1, arg2)) {
            throw new IllegalStateException("chip " + deviceId + ": mailbox is " + box.state()
                    + " although no exchange holds it");
        }
        awaitOrLose(MailboxState.CONTROL_DONE, command.name().toLowerCase(Locale.ROOT));
        try {
            return box.collectControl();
        } catch (Mailbox.ControlFailedException e) {
            String note = box.readNote();
            box.clearFailedControl();
            throw new Failure(e.error(), "chip " + deviceId + " (" + backend + "): " + e.getMessage() + ": " + note);
        }
    }

    private void awaitOrLose(MailboxState done, String what) throws Failure {
        String death = worker.await(done);
        if (death != null) {
            lost = death;
            throw new Failure(worker.exitStatus(), "chip " + deviceId + " (" + backend + ") lost during " + what + ": "
                    + death);
        }
    }

    /** Runs {@code body} on the mailbox thread and posts its outcome to the loop; the loop waits for it. */
    private <T> void call(String what, Reply<T> reply, Exchange<T> body) {
        if (closed) {
            loop.scheduleAfter(0, () -> reply.failed(-1, "chip " + deviceId + " is closed"));
            return;
        }
        RealTimeLoop.Completion done = loop.expect("chip " + deviceId + ": " + what);
        io.execute(() -> {
            String gone = lost;
            if (gone != null) {
                done.post(() -> reply.failed(worker.exitStatus(), "chip " + deviceId + " (" + backend + ") is lost: "
                        + gone));
                return;
            }
            try {
                T value = body.run();
                done.post(() -> reply.ok(value));
            } catch (Failure f) {
                done.post(() -> reply.failed(f.code == 0 ? -1 : f.code, f.getMessage()));
            } catch (RuntimeException | Error e) {
                done.post(() -> {
                    throw new IllegalStateException("chip " + deviceId + ": the mailbox exchange '" + what + "' failed", e);
                });
            }
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Future<?> shutdown = io.submit(() -> {
            if (lost == null && worker.alive()) {
                try {
                    long held = control(ControlCommand.CLOSE, 0, 0, 0);
                    if (held != 0) {
                        notes.add("chip " + deviceId + ": " + held + " bytes of device memory were not freed before close");
                    }
                } catch (Failure f) {
                    notes.add("chip " + deviceId + ": closing the device failed: " + f.getMessage());
                }
                worker.mailbox().shutdown();
                if (!worker.awaitExit(10_000)) {
                    notes.add("chip " + deviceId + ": the worker did not exit within 10 s of SHUTDOWN; killed");
                }
            }
            if (lost != null) {
                notes.add("chip " + deviceId + " was lost: " + lost);
            } else if (!worker.alive() && worker.exitStatus() != 0) {
                notes.add("chip " + deviceId + ": the worker exited with status " + worker.exitStatus() + worker.logTail());
            }
        });
        try {
            shutdown.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            notes.add("chip " + deviceId + ": close took over 30 s (an exchange never ended); the worker was killed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("chip " + deviceId + ": close failed", e.getCause());
        } finally {
            worker.cleanUp();
            io.shutdownNow();
        }
    }

    @Override
    public List<String> closeNotes() {
        return List.copyOf(notes);
    }
}
