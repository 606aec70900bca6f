package io.ptosim.mailbox;

import static io.ptosim.mailbox.MailboxDescriptor.AICPU_THREAD_NUM;
import static io.ptosim.mailbox.MailboxDescriptor.ARG0;
import static io.ptosim.mailbox.MailboxDescriptor.ARG1;
import static io.ptosim.mailbox.MailboxDescriptor.ARG2;
import static io.ptosim.mailbox.MailboxDescriptor.ARGS;
import static io.ptosim.mailbox.MailboxDescriptor.ARGS_CAPACITY;
import static io.ptosim.mailbox.MailboxDescriptor.BLOCK_DIM;
import static io.ptosim.mailbox.MailboxDescriptor.CALLABLE;
import static io.ptosim.mailbox.MailboxDescriptor.ENABLE_DUMP_TENSOR;
import static io.ptosim.mailbox.MailboxDescriptor.ENABLE_PROFILING;
import static io.ptosim.mailbox.MailboxDescriptor.ERROR;
import static io.ptosim.mailbox.MailboxDescriptor.RESULT;
import static io.ptosim.mailbox.MailboxDescriptor.STATE;
import static io.ptosim.mailbox.MailboxDescriptor.SUB_COMMAND;

import io.ptosim.runtime.DataType;
import io.ptosim.spi.ChipCallConfig;
import io.ptosim.spi.ContinuousTensor;
import io.ptosim.spi.ContinuousTensorDescriptor;
import io.ptosim.spi.TaskArgs;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One V1 worker mailbox (spec §9.2) over a 4096-byte little-endian {@link ByteBuffer}: the parent's
 * and the child's side of the task and control protocols, each step checking the state it starts
 * from. Unlike the seed, a control request never overwrites a task the child is running: posting one
 * while the mailbox is not IDLE is refused, so the caller queues it.
 *
 * <p>Over a direct buffer (a file mapped by two processes) the state word is written with release and
 * read with acquire semantics, so the fields written before a hand-off are seen by whoever sees the new
 * state, as the C++ side's atomics do; over a heap buffer (one simulated process) plain access suffices.
 */
public final class Mailbox {
    private static final VarHandle STATE_WORD =
            MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final ByteBuffer frame;
    private final boolean shared;

    /**
     * A mailbox over {@code frame}, which must hold {@value MailboxDescriptor#SIZE} bytes from its
     * position 0; its byte order is set to little-endian.
     */
    public Mailbox(ByteBuffer frame) {
        if (frame.capacity() < MailboxDescriptor.SIZE) {
            throw new IllegalArgumentException("a mailbox needs " + MailboxDescriptor.SIZE + " bytes, got "
                    + frame.capacity());
        }
        this.frame = frame.order(ByteOrder.LITTLE_ENDIAN);
        this.shared = frame.isDirect();
    }

    /** A fresh mailbox in IDLE, as the facade creates the segment. */
    public static Mailbox create() {
        Mailbox m = new Mailbox(ByteBuffer.allocate(MailboxDescriptor.SIZE));
        m.setState(MailboxState.IDLE);
        return m;
    }

    /** The current state. */
    public MailboxState state() {
        return MailboxState.of(shared ? (int) STATE_WORD.getAcquire(frame, STATE) : frame.getInt(STATE));
    }

    private void setState(MailboxState s) {
        if (shared) {
            STATE_WORD.setRelease(frame, STATE, s.code());
        } else {
            frame.putInt(STATE, s.code());
        }
    }

    /**
     * Writes a UTF-8 note (why a task or control failed, why start-up failed) where the args blob was:
     * {@code [i32 length][bytes]}, cut to fit. The side that owns the frame writes it before the hand-off
     * that reports the error.
     */
    public void writeNote(String note) {
        byte[] bytes = note.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(bytes.length, ARGS_CAPACITY - 4);
        frame.putInt(ARGS, n);
        frame.put(ARGS + 4, bytes, 0, n);
    }

    /** The note last written, or empty when its length field is out of range. */
    public String readNote() {
        int n = frame.getInt(ARGS);
        if (n <= 0 || n > ARGS_CAPACITY - 4) {
            return "";
        }
        byte[] bytes = new byte[n];
        frame.get(ARGS + 4, bytes, 0, n);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private void require(MailboxState expected, String step) {
        MailboxState s = state();
        if (s != expected) {
            throw new IllegalStateException(step + " needs the mailbox in " + expected + ", it is " + s);
        }
    }

    // ---------------------------------------------------------------- tasks

    /** A task as the child reads it. */
    public record Task(long callable, ChipCallConfig config, TaskArgs args) {
    }

    /**
     * Parent: writes a task and hands it over (TASK_READY).
     *
     * @throws IllegalStateException unless the mailbox is IDLE
     * @throws IllegalArgumentException if the args blob exceeds {@value MailboxDescriptor#ARGS_CAPACITY} bytes
     */
    public void postTask(long callable, ChipCallConfig config, TaskArgs args) {
        require(MailboxState.IDLE, "posting a task");
        if (args.blobBytes() > ARGS_CAPACITY) {
            throw new IllegalArgumentException("args blob of " + args.blobBytes() + " bytes exceeds the mailbox's "
                    + ARGS_CAPACITY);
        }
        frame.putInt(ERROR, 0);
        frame.putLong(CALLABLE, callable);
        frame.putInt(BLOCK_DIM, config.blockDim());
        frame.putInt(AICPU_THREAD_NUM, config.aicpuThreadNum());
        frame.putInt(ENABLE_PROFILING, config.enableProfiling() ? 1 : 0);
        frame.putInt(ENABLE_DUMP_TENSOR, config.enableDumpTensor() ? 1 : 0);
        encode(args, frame, ARGS);
        setState(MailboxState.TASK_READY);
    }

    /**
     * Child: reads the posted task.
     *
     * @throws IllegalStateException unless the mailbox is TASK_READY
     * @throws MailboxFormatException if the frame breaks the layout
     */
    public Task takeTask() {
        require(MailboxState.TASK_READY, "taking a task");
        ChipCallConfig config = new ChipCallConfig(frame.getInt(BLOCK_DIM), frame.getInt(AICPU_THREAD_NUM),
                flag(ENABLE_PROFILING, "enable_profiling"), flag(ENABLE_DUMP_TENSOR, "enable_dump_tensor"));
        return new Task(frame.getLong(CALLABLE), config, decode(frame, ARGS, ARGS_CAPACITY));
    }

    /** Child: the task finished with {@code error} (0 = success); TASK_DONE. */
    public void finishTask(int error) {
        require(MailboxState.TASK_READY, "finishing a task");
        frame.putInt(ERROR, error);
        setState(MailboxState.TASK_DONE);
    }

    /**
     * Parent: collects a finished task and frees the mailbox (IDLE). Returns the child's error code,
     * which the seed ignored; the node reports it.
     */
    public int collectTask() {
        require(MailboxState.TASK_DONE, "collecting a task");
        int error = frame.getInt(ERROR);
        setState(MailboxState.IDLE);
        return error;
    }

    // ---------------------------------------------------------------- control

    /** A control request as the child reads it. */
    public record Control(ControlCommand command, long arg0, long arg1, long arg2) {
    }

    /**
     * Parent: posts a control sub-command (CONTROL_REQUEST), if the mailbox is free.
     *
     * @return false, writing nothing, when the mailbox is not IDLE: a task the child is running (or any
     *     other exchange) keeps its frame, and the caller queues the request
     */
    public boolean postControl(ControlCommand command, long arg0, long arg1, long arg2) {
        if (state() != MailboxState.IDLE) {
            return false;
        }
        frame.putInt(ERROR, 0);
        frame.putLong(SUB_COMMAND, command.code());
        frame.putLong(ARG0, arg0);
        frame.putLong(ARG1, arg1);
        frame.putLong(ARG2, arg2);
        frame.putLong(RESULT, 0);
        setState(MailboxState.CONTROL_REQUEST);
        return true;
    }

    /**
     * Child: reads the posted control request.
     *
     * @throws IllegalStateException unless the mailbox is CONTROL_REQUEST
     * @throws MailboxFormatException for an unknown sub-command
     */
    public Control takeControl() {
        require(MailboxState.CONTROL_REQUEST, "taking a control request");
        return new Control(ControlCommand.of(frame.getLong(SUB_COMMAND)), frame.getLong(ARG0), frame.getLong(ARG1),
                frame.getLong(ARG2));
    }

    /** Child: the request is done with {@code result} (MALLOC's pointer) and {@code error}; CONTROL_DONE. */
    public void finishControl(long result, int error) {
        require(MailboxState.CONTROL_REQUEST, "finishing a control request");
        frame.putLong(RESULT, result);
        frame.putInt(ERROR, error);
        setState(MailboxState.CONTROL_DONE);
    }

    /**
     * Parent: collects a finished control request: its result, with the mailbox IDLE again.
     *
     * @throws ControlFailedException if the child reported an error; the mailbox then stays in
     *     CONTROL_DONE, as V1's C++ parent leaves it
     */
    public long collectControl() {
        require(MailboxState.CONTROL_DONE, "collecting a control request");
        int error = frame.getInt(ERROR);
        if (error != 0) {
            throw new ControlFailedException(ControlCommand.of(frame.getLong(SUB_COMMAND)), error);
        }
        long result = frame.getLong(RESULT);
        setState(MailboxState.IDLE);
        return result;
    }

    /** A control sub-command the child reported as failed. */
    public static final class ControlFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ControlCommand command;
        private final int error;

        ControlFailedException(ControlCommand command, int error) {
            super("control_" + command.name().toLowerCase(Locale.ROOT) + " failed on child (error " + error
                    + ")");
            this.command = command;
            this.error = error;
        }

        /** The sub-command that failed. */
        public ControlCommand command() {
            return command;
        }

        /** The child's error code. */
        public int error() {
            return error;
        }
    }

    // ---------------------------------------------------------------- start-up and shutdown

    /** Child, at start-up: ready (INIT_READY) or failed (INIT_FAILED, with its error code). */
    public void reportInit(boolean ok, int error) {
        frame.putInt(ERROR, ok ? 0 : error);
        setState(ok ? MailboxState.INIT_READY : MailboxState.INIT_FAILED);
    }

    /**
     * Parent: takes a child's start-up report and, when it is INIT_READY, frees the mailbox (IDLE).
     *
     * @return the child's error code: 0 when ready
     * @throws IllegalStateException unless the child has reported
     */
    public int acceptInit() {
        MailboxState s = state();
        if (s != MailboxState.INIT_READY && s != MailboxState.INIT_FAILED) {
            throw new IllegalStateException("accepting start-up: mailbox is " + s + ", expected INIT_READY or INIT_FAILED");
        }
        if (s == MailboxState.INIT_READY) {
            setState(MailboxState.IDLE);
            return 0;
        }
        return frame.getInt(ERROR);
    }

    /**
     * Parent: after a failed control request ({@link #collectControl} threw), frees the mailbox (IDLE),
     * as HEAD does; V1's C++ parent left it in CONTROL_DONE, which blocks every later task.
     */
    public void clearFailedControl() {
        require(MailboxState.CONTROL_DONE, "clearing a failed control request");
        setState(MailboxState.IDLE);
    }

    /** Parent: asks the child to finish (SHUTDOWN). */
    public void shutdown() {
        setState(MailboxState.SHUTDOWN);
    }

    private boolean flag(int offset, String field) {
        int v = frame.getInt(offset);
        if (v != 0 && v != 1) {
            throw new MailboxFormatException(field + " @" + offset + ": expected 0 or 1, got " + v);
        }
        return v == 1;
    }

    // ---------------------------------------------------------------- the args blob

    /** Writes {@code args} as the blob at {@code at}. */
    public static void encode(TaskArgs args, ByteBuffer out, int at) {
        ByteBuffer b = out.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(at, args.tensors().size());
        b.putInt(at + 4, args.scalars().length);
        int p = at + 8;
        for (ContinuousTensor t : args.tensors()) {
            int[] shapes = t.shapes();
            b.putLong(p + ContinuousTensorDescriptor.DATA, t.data());
            for (int d = 0; d < ContinuousTensorDescriptor.MAX_DIMS; d++) {
                b.putInt(p + ContinuousTensorDescriptor.SHAPES + 4 * d, d < shapes.length ? shapes[d] : 0);
            }
            b.putInt(p + ContinuousTensorDescriptor.NDIMS, shapes.length);
            b.put(p + ContinuousTensorDescriptor.DTYPE, (byte) t.dtype().code());
            b.put(p + ContinuousTensorDescriptor.CHILD_MEMORY, (byte) (t.childMemory() ? 1 : 0));
            for (int k = ContinuousTensorDescriptor.PADDING; k < ContinuousTensorDescriptor.SIZE; k++) {
                b.put(p + k, (byte) 0);
            }
            p += ContinuousTensorDescriptor.SIZE;
        }
        for (long s : args.scalars()) {
            b.putLong(p, s);
            p += 8;
        }
    }

    /**
     * Reads the blob at {@code at}, which may span at most {@code capacity} bytes.
     *
     * @throws MailboxFormatException naming the byte offset and field of whatever breaks the layout
     */
    public static TaskArgs decode(ByteBuffer in, int at, int capacity) {
        ByteBuffer b = in.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int tensors = b.getInt(at);
        int scalars = b.getInt(at + 4);
        if (tensors < 0 || tensors > MailboxDescriptor.MAX_TENSORS) {
            throw new MailboxFormatException("args blob @" + at + ": tensor count " + tensors + "; expected 0 to "
                    + MailboxDescriptor.MAX_TENSORS);
        }
        if (scalars < 0 || scalars > MailboxDescriptor.MAX_SCALARS) {
            throw new MailboxFormatException("args blob @" + (at + 4) + ": scalar count " + scalars
                    + "; expected 0 to " + MailboxDescriptor.MAX_SCALARS);
        }
        long bytes = 8L + (long) ContinuousTensorDescriptor.SIZE * tensors + 8L * scalars;
        if (bytes > capacity || at + bytes > b.capacity()) {
            throw new MailboxFormatException("args blob @" + at + ": " + tensors + " tensors and " + scalars
                    + " scalars need " + bytes + " bytes; the frame holds " + Math.min(capacity, b.capacity() - at));
        }
        List<ContinuousTensor> list = new ArrayList<>(tensors);
        int p = at + 8;
        for (int i = 0; i < tensors; i++) {
            list.add(tensor(b, p, i));
            p += ContinuousTensorDescriptor.SIZE;
        }
        long[] values = new long[scalars];
        for (int i = 0; i < scalars; i++) {
            values[i] = b.getLong(p);
            p += 8;
        }
        return new TaskArgs(list, values);
    }

    private static ContinuousTensor tensor(ByteBuffer b, int p, int i) {
        String at = "tensor " + i + " @" + p;
        int ndims = b.getInt(p + ContinuousTensorDescriptor.NDIMS);
        if (ndims < 1 || ndims > ContinuousTensorDescriptor.MAX_DIMS) {
            throw new MailboxFormatException(at + ": ndims " + ndims + "; expected 1 to "
                    + ContinuousTensorDescriptor.MAX_DIMS);
        }
        int[] shapes = new int[ndims];
        for (int d = 0; d < ndims; d++) {
            shapes[d] = b.getInt(p + ContinuousTensorDescriptor.SHAPES + 4 * d);
            if (shapes[d] < 0) {
                throw new MailboxFormatException(at + ": shapes[" + d + "] " + Integer.toUnsignedString(shapes[d])
                        + " does not fit a signed 32-bit size");
            }
        }
        int code = b.get(p + ContinuousTensorDescriptor.DTYPE) & 0xFF;
        DataType dtype;
        try {
            dtype = DataType.fromCode(code);
        } catch (IllegalArgumentException e) {
            throw new MailboxFormatException(at + ": dtype code " + code + " is not a data type");
        }
        boolean child = b.get(p + ContinuousTensorDescriptor.CHILD_MEMORY) != 0;
        return new ContinuousTensor(b.getLong(p + ContinuousTensorDescriptor.DATA), shapes, dtype, child);
    }
}
