package io.ptosim.hw;

/** The {@code a5sim} backend: simpler's own CPU simulation of a5 (real time, its libraries under hw.home). */
public final class A5SimBackend extends NativeBackend {
    /** Found by ServiceLoader. */
    public A5SimBackend() {
        super("a5sim", "simpler's own CPU simulation of a5 (real time, its libraries under hw.home)");
    }
}
