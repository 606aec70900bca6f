package io.ptosim.program;

import java.util.AbstractList;
import java.util.function.IntFunction;

/**
 * The ops of a program too long to hold in memory, computed on demand from their index: a list that
 * stores nothing but its size and a pure function {@code index -> op}. A {@link Program} keeps it as is
 * (no copy), so a generated program of any length costs constant memory; the function must return an
 * equal op for the same index every time.
 */
public final class GeneratedOps extends AbstractList<Op> {
    private final int size;
    private final IntFunction<Op> op;

    /** {@code size} ops, op {@code i} being {@code op.apply(i)}. */
    public GeneratedOps(int size, IntFunction<Op> op) {
        if (size < 0) {
            throw new IllegalArgumentException("size " + size + " < 0");
        }
        this.size = size;
        this.op = op;
    }

    @Override
    public Op get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("op " + index + " of " + size);
        }
        return op.apply(index);
    }

    @Override
    public int size() {
        return size;
    }
}
