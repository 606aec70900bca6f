package io.ptosim.hw.abi;

/** Byte layout of {@code NativeRunDescriptor} (56 bytes, 8-aligned), which names a run's slot, bank and ids. */
public final class NativeRunDescriptor {
    public static final int SIZE = 56;
    public static final int ALIGNMENT = 8;
    /** Number of pipeline slots and of arena banks; both fields must be below it. */
    public static final int SLOTS = 2;

    public static final int PIPELINE_SLOT = 0;
    public static final int ARENA_BANK = 4;
    public static final int RUN_ID = 8;
    public static final int GENERATION = 16;
    public static final int DISPATCH_ID = 24;
    public static final int RUN_EPOCH = 32;
    public static final int ACCEPTED_STATE = 40;
    public static final int ACCEPTED_VALUE = 48;

    private NativeRunDescriptor() {}
}
