package io.ptosim.hw.abi;

/** Byte layout of {@code SimplerHostLogState} (16 bytes, 4-aligned), the log state bound into each loaded module. */
public final class HostLogStateDescriptor {
    public static final int SIZE = 16;
    public static final int ALIGNMENT = 4;
    /** The only {@code abi_version} the HEAD modules accept. */
    public static final int ABI = 1;

    public static final int ABI_VERSION = 0;
    public static final int STRUCT_SIZE = 4;
    public static final int THRESHOLD = 8;
    public static final int CLOCK_ANCHOR_PID = 12;

    /** Log thresholds. */
    public static final int DEBUG = 10;
    public static final int INFO = 20;
    public static final int TIMING = 25;
    public static final int WARN = 30;
    public static final int ERROR = 40;
    public static final int SILENT = 60;

    private HostLogStateDescriptor() {}
}
