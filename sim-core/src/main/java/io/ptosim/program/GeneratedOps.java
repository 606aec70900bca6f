package io.ptosim.program;

import java.util.AbstractList;
import java.util.function.IntFunction;

/**
 * The ops of a program too long to hold in memory, computed on demand from their index: a list that
 * stores nothing but its size and a pure function {@code index -> op}. A {@link Program} keeps it as is
 * (no copy), so a generated program of any length costs constant memory; the function must return an
 * equal op for the same index every time.
 *
 * <p>The ops made last stay in a small direct-mapped cache of {@value #RECENT} entries, because who reads
 * a program reads nearby ops again: validation and compilation look up the earlier task whose output a
 * tensor arg names, usually a few ops back.
 */
public final class GeneratedOps extends AbstractList<Op> {
    /** Entries of the cache of recent ops (a power of two). */
    static final int RECENT = 1024;

    private final int size;
    private final IntFunction<Op> op;
    /** Op {@code i} may sit at {@code [i % RECENT]}; an entry is one immutable object, so readers see it whole. */
    private final Recent[] recent = new Recent[RECENT];

    private record Recent(int index, Op op) {
    }

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
        Recent r = recent[index & (RECENT - 1)];
        if (r != null && r.index == index) {
            return r.op;
        }
        Op made = op.apply(index);
        recent[index & (RECENT - 1)] = new Recent(index, made);
        return made;
    }

    @Override
    public int size() {
        return size;
    }
}
