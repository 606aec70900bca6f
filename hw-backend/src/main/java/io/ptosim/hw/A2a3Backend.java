package io.ptosim.hw;

/** The {@code a2a3} backend: simpler's runtime on an Ascend a2a3 NPU (CANN), through hw.home. */
public final class A2a3Backend extends NativeBackend {
    /** Found by ServiceLoader. */
    public A2a3Backend() {
        super("a2a3", "simpler's runtime on an Ascend a2a3 NPU (CANN), through hw.home");
    }
}
