package io.ptosim.spi;

/**
 * A callable a node program submits to chips, known by its name. A chip task carries only the name;
 * each backend resolves it to what it runs: the {@code sim} backend to a program with Java kernels
 * (the definition the program brings), a native backend to a compiled ChipCallable it finds by that
 * name. A name a backend cannot resolve fails the task with a message listing what it has.
 */
public interface ChipCallable {
    /** The name chip tasks refer to it by. */
    String name();
}
