package io.ptosim.node;

/**
 * An address in a node program: known when the program is written ({@link Address}: a host buffer, a
 * literal pointer) or produced while it runs ({@link Handle}: what {@code malloc}, {@code alloc}, an
 * auto-allocated OUTPUT or a shared-memory allocation returned). A handle is bound once, by the op that
 * defines it, and resolved by every later op that names it.
 */
public sealed interface Ptr {
    /** A fixed address. */
    record Address(long value) implements Ptr {
        @Override
        public String toString() {
            return "0x" + Long.toHexString(value);
        }
    }

    /**
     * A value bound while the program runs.
     *
     * @param id its index among the program's handles
     * @param name what defines it, for messages
     */
    record Handle(int id, String name) implements Ptr {
        /** Checks the id. */
        public Handle {
            if (id < 0) {
                throw new IllegalArgumentException("handle id " + id + "; expected >= 0");
            }
        }

        @Override
        public String toString() {
            return "$" + name;
        }
    }

    /** A fixed address. */
    static Ptr at(long address) {
        return new Address(address);
    }
}
