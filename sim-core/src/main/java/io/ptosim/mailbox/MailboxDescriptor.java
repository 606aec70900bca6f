package io.ptosim.mailbox;

/**
 * The V1 worker mailbox's 4096-byte layout (spec §9.2), little-endian: offsets of every field, kept
 * apart from the code that reads and writes them. A task frame and a control frame share the
 * header: state and error, then the callable or the control sub-command.
 */
public final class MailboxDescriptor {
    /** Bytes of the whole mailbox. */
    public static final int SIZE = 4096;
    /** i32 {@link MailboxState} code (written last by whoever hands the frame over). */
    public static final int STATE = 0;
    /** i32 error code the child writes (0 = success). */
    public static final int ERROR = 4;
    /** u64 task: the callable (a chip callable, a SUB id, an orchestration function id). */
    public static final int CALLABLE = 8;
    /** u64 control: the {@link ControlCommand} code. */
    public static final int SUB_COMMAND = 8;
    /** i32 task: {@code block_dim}. */
    public static final int BLOCK_DIM = 16;
    /** i32 task: {@code aicpu_thread_num}. */
    public static final int AICPU_THREAD_NUM = 20;
    /** i32 task: {@code enable_profiling} (0/1). */
    public static final int ENABLE_PROFILING = 24;
    /** i32 task: {@code enable_dump_tensor} (0/1). */
    public static final int ENABLE_DUMP_TENSOR = 28;
    /** u64 control ARG0: size (MALLOC), pointer (FREE), destination (copies). */
    public static final int ARG0 = 16;
    /** u64 control ARG1: source (copies). */
    public static final int ARG1 = 24;
    /** u64 control ARG2: byte count (copies). */
    public static final int ARG2 = 32;
    /** u64 control RESULT: the pointer MALLOC returns. */
    public static final int RESULT = 40;
    /** Task: where the args blob starts. */
    public static final int ARGS = 64;
    /** Task: the args blob's capacity, bytes. */
    public static final int ARGS_CAPACITY = SIZE - ARGS;
    /** Most tensors a V1 chip task takes. */
    public static final int MAX_TENSORS = io.ptosim.spi.TaskArgs.MAX_TENSORS;
    /** Most scalars a V1 chip task takes. */
    public static final int MAX_SCALARS = io.ptosim.spi.TaskArgs.MAX_SCALARS;

    private MailboxDescriptor() {
    }
}
