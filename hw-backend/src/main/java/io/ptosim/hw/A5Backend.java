package io.ptosim.hw;

/** The {@code a5} backend: simpler's runtime on an Ascend a5 NPU (CANN), through hw.home. */
public final class A5Backend extends NativeBackend {
    /** Found by ServiceLoader. */
    public A5Backend() {
        super("a5", "simpler's runtime on an Ascend a5 NPU (CANN), through hw.home");
    }
}
