package io.ptosim.hw;

import io.ptosim.hw.worker.ChipWorkerMain;
import io.ptosim.mailbox.Mailbox;
import io.ptosim.mailbox.MailboxDescriptor;
import io.ptosim.mailbox.MailboxState;
import io.ptosim.mailbox.MailboxWait;
import io.ptosim.spi.BackendException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The parent's handle on one chip-worker process: its folder (the mailbox file, staged callables, its
 * log), the {@link Process}, and the waits on the shared mailbox that notice when the process dies.
 * Used from one thread at a time (the endpoint's mailbox thread, or the opener before that).
 */
final class ChipWorkerProcess {
    private static final int LOG_TAIL_LINES = 12;

    private final int deviceId;
    private final Path folder;
    private final Mailbox mailbox;
    private final Process process;

    private ChipWorkerProcess(int deviceId, Path folder, Mailbox mailbox, Process process) {
        this.deviceId = deviceId;
        this.folder = folder;
        this.mailbox = mailbox;
        this.process = process;
    }

    /**
     * Starts the worker for {@code deviceId} and waits until it reports its start-up.
     *
     * @throws BackendException if it cannot start, reports a failure, dies or takes longer than the bound
     */
    static ChipWorkerProcess start(String backend, int deviceId, Path home, MappedHostMemory host, HwSettings settings) {
        Path folder;
        Mailbox mailbox;
        try {
            folder = Files.createTempDirectory(HwSettings.sharedFolder(), "ptosim-chip" + deviceId + "-");
            SharedFiles.track(folder);
            Path box = folder.resolve("mailbox");
            try (FileChannel ch = FileChannel.open(box, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.allocate(MailboxDescriptor.SIZE), 0);
                MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, MailboxDescriptor.SIZE);
                mailbox = new Mailbox(map);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the chip-" + deviceId + " worker's mailbox", e);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xss4m");
        command.add("-XX:+UseSerialGC");
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-Dptosim.hw.logLevel=" + settings.logThreshold());
        command.add("-cp");
        command.add(System.getProperty("ptosim.hw.classpath", System.getProperty("java.class.path")));
        command.add(ChipWorkerMain.class.getName());
        command.add(folder.toString());
        command.add(backend);
        command.add(Integer.toString(deviceId));
        command.add(home.toString());
        command.add(host.file().toString());
        for (MappedHostMemory.Placement p : host.placements()) {
            command.add(Long.toHexString(p.region().addr()) + ":" + p.region().bytes() + ":" + p.fileOffset());
        }
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(folder.resolve("worker.log").toFile());
            builder.environment().putAll(settings.workerEnv());
            process = builder.start();
        } catch (IOException e) {
            throw new BackendException("cannot start the chip-" + deviceId + " worker process: " + e.getMessage());
        }
        ChipWorkerProcess w = new ChipWorkerProcess(deviceId, folder, mailbox, process);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.startTimeoutMs());
        int idle = 0;
        while (true) {
            MailboxState s = mailbox.state();
            if (s == MailboxState.INIT_READY || s == MailboxState.INIT_FAILED) {
                break;
            }
            if (!process.isAlive()) {
                String why = w.death();
                w.cleanUp();
                throw new BackendException("chip " + deviceId + " (" + backend + "): " + why);
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                String tail = w.logTail();
                w.cleanUp();
                throw new BackendException("chip " + deviceId + " (" + backend + "): the worker did not report ready within "
                        + settings.startTimeoutMs() + " ms (" + HwSettings.START_TIMEOUT_MS + ")" + tail);
            }
            idle = MailboxWait.pause(idle);
        }
        int error = mailbox.acceptInit();
        if (error != 0) {
            String note = mailbox.readNote();
            w.awaitExit(5_000);
            String tail = w.logTail();
            w.cleanUp();
            throw new BackendException("chip " + deviceId + " (" + backend + ") failed to start (error " + error + "): "
                    + note + tail);
        }
        return w;
    }

    Mailbox mailbox() {
        return mailbox;
    }

    Path folder() {
        return folder;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * Waits until the mailbox reaches {@code done}, or the worker dies.
     *
     * @return null when it got there, else why not (the exit status and the log's tail)
     */
    String await(MailboxState done) {
        int idle = 0;
        while (mailbox.state() != done) {
            if (!process.isAlive()) {
                if (mailbox.state() == done) {
                    return null;
                }
                return death();
            }
            idle = MailboxWait.pause(idle);
        }
        return null;
    }

    /** The process's end, described: status, signal, log tail. */
    String death() {
        awaitExit(1_000);
        int status = process.isAlive() ? -1 : process.exitValue();
        String signal = status > 128 ? " (killed by signal " + (status - 128) + signalName(status - 128) + ")" : "";
        return "worker process " + process.pid() + " for chip " + deviceId + " exited with status " + status + signal
                + logTail();
    }

    int exitStatus() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 9 -> ", SIGKILL";
            case 6 -> ", SIGABRT";
            case 11 -> ", SIGSEGV";
            case 15 -> ", SIGTERM";
            default -> "";
        };
    }

    /** The last lines of the worker's log, as {@code "; log tail: ..."}, or empty. */
    String logTail() {
        Path log = folder.resolve("worker.log");
        try {
            if (!Files.exists(log)) {
                return "";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return "";
            }
            return "; log tail: " + String.join(" | ", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES),
                    lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "; log unreadable: " + e.getMessage();
        }
    }

    /** Waits up to {@code ms} for the process to end; true if it did. */
    boolean awaitExit(long ms) {
        try {
            return process.waitFor(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** Ends the process if it still runs and deletes its folder. */
    void cleanUp() {
        if (process.isAlive()) {
            process.destroyForcibly();
            awaitExit(5_000);
        }
        try {
            SharedFiles.delete(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder, e);
        }
    }
}
