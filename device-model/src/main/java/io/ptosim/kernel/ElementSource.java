package io.ptosim.kernel;

/**
 * The initial contents of an input buffer as a pure function of the element index, so memory can be
 * filled lazily, page by page, and identically on every run.
 */
@FunctionalInterface
public interface ElementSource {
    /** The value of element {@code element} (counted from the buffer's start). */
    double value(long element);
}
