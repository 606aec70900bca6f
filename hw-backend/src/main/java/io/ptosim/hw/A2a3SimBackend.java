package io.ptosim.hw;

/** The {@code a2a3sim} backend: simpler's own CPU simulation of a2a3 (real time, its libraries under hw.home). */
public final class A2a3SimBackend extends NativeBackend {
    /** Found by ServiceLoader. */
    public A2a3SimBackend() {
        super("a2a3sim", "simpler's own CPU simulation of a2a3 (real time, its libraries under hw.home)");
    }
}
