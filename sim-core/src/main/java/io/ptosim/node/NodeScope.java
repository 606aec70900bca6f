package io.ptosim.node;

import java.util.ArrayList;
import java.util.List;

/**
 * A node's scope stack (spec §6, same in V1 and HEAD): each open scope collects the slots registered in
 * it, and ending it hands them back, in registration order, for their scope reference to be released.
 * Ending never blocks; waiting for the tasks is the runtime's drain.
 */
public final class NodeScope {
    /** Most scopes open at once, the run's outer scope included ({@code MAX_SCOPE_DEPTH}). */
    public static final int MAX_DEPTH = 64;

    private final List<Frame> frames = new ArrayList<>();

    /** The slots one open scope registered, in order. */
    private static final class Frame {
        private int[] slots = new int[8];
        private int count;

        void add(int slot) {
            if (count == slots.length) {
                int[] grown = new int[count * 2];
                System.arraycopy(slots, 0, grown, 0, count);
                slots = grown;
            }
            slots[count++] = slot;
        }

        int[] toArray() {
            int[] out = new int[count];
            System.arraycopy(slots, 0, out, 0, count);
            return out;
        }
    }

    /**
     * Opens a nested scope.
     *
     * @throws IllegalStateException if {@value #MAX_DEPTH} scopes are already open
     */
    public void begin() {
        if (frames.size() >= MAX_DEPTH) {
            throw new NodeProgramException("scope depth " + MAX_DEPTH + " reached (max " + MAX_DEPTH
                    + " nested scopes, the run's outer scope included)");
        }
        frames.add(new Frame());
    }

    /**
     * Closes the innermost scope.
     *
     * @return the slots registered in it, in registration order, whose scope reference the caller releases
     * @throws IllegalStateException if no scope is open
     */
    public int[] end() {
        if (frames.isEmpty()) {
            throw new NodeProgramException("scope end with no open scope; expected a matching scope begin");
        }
        return frames.remove(frames.size() - 1).toArray();
    }

    /** Registers {@code slot} in the innermost scope; does nothing when no scope is open. */
    public void register(int slot) {
        if (!frames.isEmpty()) {
            frames.get(frames.size() - 1).add(slot);
        }
    }

    /** Scopes open. */
    public int depth() {
        return frames.size();
    }

    /** {@code depth() - 1}, or 0 when no scope is open: what selects the heap ring ({@link NodeRing#ringOf}). */
    public int currentDepth() {
        return frames.isEmpty() ? 0 : frames.size() - 1;
    }

    /** Whether a scope is open. */
    public boolean isOpen() {
        return !frames.isEmpty();
    }
}
