package io.ptosim.hw.worker;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.ptosim.hw.abi.HostRuntime;
import io.ptosim.hw.abi.HostRuntimeLibraries;
import io.ptosim.hw.abi.NativeDevice;
import io.ptosim.hw.abi.NativeRunConfig;
import io.ptosim.hw.abi.NativeRuntimeException;
import io.ptosim.hw.abi.NativeTensor;
import io.ptosim.mailbox.ControlCommand;
import io.ptosim.mailbox.Mailbox;
import io.ptosim.mailbox.MailboxDescriptor;
import io.ptosim.mailbox.MailboxState;
import io.ptosim.mailbox.MailboxWait;
import io.ptosim.spi.ContinuousTensor;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The chip-worker process: one per chip, started by {@link io.ptosim.hw.NativeChipEndpoint}. It loads
 * simpler's host runtime (sim context first, global; host runtime local), binds its log state, checks
 * the pipeline contract and initialises the device, then serves the parent through the shared mailbox
 * file, making every C call on this one thread (native-api.md §6). Host tensors arrive as node
 * addresses and are translated to this process's mapping of the shared host memory; device pointers
 * pass through. It exits when the parent asks (SHUTDOWN) or when the parent is gone.
 *
 * <p>Arguments: {@code FOLDER BACKEND DEVICE HOME HOST_FILE [ADDR:BYTES:OFFSET ...]}, where FOLDER holds
 * the {@code mailbox} file and the callables the parent stages, and each triple places one host region
 * of the node (hexadecimal addresses, decimal sizes and offsets) in HOST_FILE.
 */
public final class ChipWorkerMain {
    private static final long PARENT_CHECK_NS = 500_000_000L;
    /** Mappings stay reachable for the process's life: simpler holds raw pointers into them. */
    private static final List<MappedByteBuffer> KEEP = new ArrayList<>();

    private final Path folder;
    private final Mailbox mailbox;
    private final List<long[]> regions;
    private final NativeDevice device;
    private boolean closed;

    private ChipWorkerMain(Path folder, Mailbox mailbox, List<long[]> regions, NativeDevice device) {
        this.folder = folder;
        this.mailbox = mailbox;
        this.regions = regions;
        this.device = device;
    }

    /** Runs the worker; exits 0 after SHUTDOWN, 1 when start-up failed, 2 for bad arguments. */
    public static void main(String[] args) throws IOException {
        if (args.length < 5) {
            System.err.println("usage: ChipWorkerMain FOLDER BACKEND DEVICE HOME HOST_FILE [ADDR:BYTES:OFFSET ...]");
            System.exit(2);
        }
        Path folder = Path.of(args[0]);
        Mailbox mailbox = new Mailbox(mapMailbox(folder.resolve("mailbox")));
        ChipWorkerMain worker;
        try {
            List<long[]> regions = mapHost(Path.of(args[4]), args);
            HostRuntimeLibraries.Located located = HostRuntimeLibraries.locate(args[1], Path.of(args[3]));
            if (!located.found()) {
                throw new NativeRuntimeException(NativeRuntimeException.ERROR, located.reason());
            }
            HostRuntimeLibraries libs = located.libraries();
            HostRuntime runtime = HostRuntime.load(libs, Integer.getInteger("ptosim.hw.logLevel", 30));
            NativeDevice device = runtime.open(Integer.parseInt(args[2]), Files.readAllBytes(libs.aicpuKernel()),
                    Files.readAllBytes(libs.aicoreKernel()),
                    libs.dispatcher() == null ? null : Files.readAllBytes(libs.dispatcher()));
            worker = new ChipWorkerMain(folder, mailbox, regions, device);
        } catch (IOException | RuntimeException e) {
            mailbox.writeNote(String.valueOf(e.getMessage()));
            mailbox.reportInit(false, e instanceof NativeRuntimeException n ? n.code() : NativeRuntimeException.ERROR);
            System.err.println("chip worker start-up failed:");
            e.printStackTrace();
            System.exit(1);
            return;
        }
        mailbox.reportInit(true, 0);
        worker.serve();
        System.exit(0);
    }

    private static MappedByteBuffer mapMailbox(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, MailboxDescriptor.SIZE);
        }
    }

    /** Maps each region and returns {node address, bytes, native address}. */
    private static List<long[]> mapHost(Path file, String[] args) throws IOException {
        List<long[]> out = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (int i = 5; i < args.length; i++) {
                String[] f = args[i].split(":");
                long addr = Long.parseUnsignedLong(f[0], 16);
                long bytes = Long.parseLong(f[1]);
                MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, Long.parseLong(f[2]), bytes);
                KEEP.add(map);
                out.add(new long[] {addr, bytes, Pointer.nativeValue(Native.getDirectBufferPointer(map))});
            }
        }
        return out;
    }

    private void serve() {
        long lastParentCheck = System.nanoTime();
        int idle = 0;
        while (true) {
            MailboxState s = mailbox.state();
            switch (s) {
                case TASK_READY -> {
                    runTask();
                    idle = 0;
                }
                case CONTROL_REQUEST -> {
                    control();
                    idle = 0;
                }
                case SHUTDOWN -> {
                    closeDevice();
                    return;
                }
                default -> idle = MailboxWait.pause(idle);
            }
            if (System.nanoTime() - lastParentCheck > PARENT_CHECK_NS) {
                lastParentCheck = System.nanoTime();
                Optional<ProcessHandle> parent = ProcessHandle.current().parent();
                if (parent.isEmpty() || !parent.get().isAlive()) {
                    closeDevice();
                    return;
                }
            }
        }
    }

    private void runTask() {
        Mailbox.Task task = mailbox.takeTask();
        int rc;
        String note = "";
        try {
            List<NativeTensor> tensors = new ArrayList<>();
            for (ContinuousTensor t : task.args().tensors()) {
                long addr = t.childMemory() ? t.data() : translate(t.data(), t.nbytes());
                tensors.add(new NativeTensor(addr, t.nbytes(), t.shapes(), t.dtype(), t.childMemory()));
            }
            rc = device.run((int) task.callable(), tensors, task.args().scalars(),
                    new NativeRunConfig(task.config().aicpuThreadNum()));
            if (rc != 0) {
                note = "simpler_run of callable " + task.callable() + " returned " + rc + " (" + NativeRuntimeException.nameOf(rc)
                        + ")";
            }
        } catch (NativeRuntimeException e) {
            rc = e.code() == 0 ? -1 : e.code();
            note = e.getMessage();
        } catch (IllegalArgumentException e) {
            rc = -1;
            note = e.getMessage();
        }
        if (rc != 0) {
            mailbox.writeNote(note);
        }
        mailbox.finishTask(rc);
    }

    private void control() {
        Mailbox.Control c = mailbox.takeControl();
        long result = 0;
        int error = 0;
        String note = "";
        try {
            switch (c.command()) {
                case MALLOC -> {
                    result = device.malloc(c.arg0());
                    if (result == 0) {
                        error = -1;
                        note = "device_malloc_ctx returned NULL for " + c.arg0() + " bytes";
                    }
                }
                case FREE -> error = device.free(c.arg0());
                case COPY_TO -> error = device.copyTo(c.arg0(), translate(c.arg1(), c.arg2()), c.arg2());
                case COPY_FROM -> error = device.copyFrom(translate(c.arg0(), c.arg2()), c.arg1(), c.arg2());
                case REGISTER_CALLABLE -> device.registerCallable((int) c.arg0(),
                        Files.readAllBytes(folder.resolve("callable-" + c.arg0() + ".bin")));
                case CLOSE -> result = closeDevice();
            }
            if (error != 0 && note.isEmpty()) {
                note = c.command() + " returned " + error;
            }
        } catch (NativeRuntimeException e) {
            error = e.code() == 0 ? -1 : e.code();
            note = e.getMessage();
        } catch (IOException | IllegalArgumentException e) {
            error = -1;
            note = String.valueOf(e.getMessage());
        }
        if (error != 0) {
            mailbox.writeNote(note);
        }
        mailbox.finishControl(result, error);
    }

    /** Closes the device once; returns the device memory bytes still held. */
    private long closeDevice() {
        if (closed) {
            return 0;
        }
        closed = true;
        return device.shutdown();
    }

    /** This process's address of node host range {@code [addr, addr + bytes)}. */
    private long translate(long addr, long bytes) {
        for (long[] r : regions) {
            if (addr >= r[0] && addr + bytes <= r[0] + r[1]) {
                return r[2] + (addr - r[0]);
            }
        }
        throw new IllegalArgumentException("host range [0x" + Long.toHexString(addr) + ", +" + bytes
                + ") lies in no shared host region (a host buffer or heap ring of the node)");
    }
}
