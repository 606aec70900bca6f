package io.ptosim.hw.abi;

/** Byte layout of the packed {@code CallConfig} (1,144 bytes, alignment 1), including its packed {@code RuntimeEnv}. */
public final class CallConfigDescriptor {
    public static final int SIZE = 1_144;
    public static final int ALIGNMENT = 1;

    /** 0 selects the architecture's default. */
    public static final int AICPU_THREAD_NUM = 0;
    public static final int ENABLE_CHIP_SWIMLANE = 4;
    public static final int ENABLE_DUMP_ARGS = 8;
    public static final int ENABLE_PMU = 12;
    public static final int ENABLE_DEP_GEN = 16;
    public static final int ENABLE_SCOPE_STATS = 20;
    public static final int RUNTIME_ENV = 24;
    public static final int OUTPUT_PREFIX = 120;
    public static final int OUTPUT_PREFIX_SIZE = 1_024;

    /** Size of the packed {@code RuntimeEnv}. */
    public static final int RUNTIME_ENV_SIZE = 96;
    /** Ring slots in each {@code RuntimeEnv} array. */
    public static final int RUNTIME_ENV_RINGS = 4;
    /** Offset of {@code ring_task_window[4]} within {@code RuntimeEnv}. */
    public static final int RUNTIME_ENV_RING_TASK_WINDOW = 0;
    /** Offset of {@code ring_heap[4]} within {@code RuntimeEnv}. */
    public static final int RUNTIME_ENV_RING_HEAP = 32;
    /** Offset of {@code ring_dep_pool[4]} within {@code RuntimeEnv}. */
    public static final int RUNTIME_ENV_RING_DEP_POOL = 64;

    private CallConfigDescriptor() {}
}
