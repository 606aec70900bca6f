package io.ptosim.spi;

/**
 * What a chip task runs: for the {@code sim} backend a program with its kernels, for a hardware backend
 * a compiled callable. A backend rejects a callable it cannot run, naming it.
 */
public interface ChipCallable {
    /** A name for messages and traces. */
    String name();
}
