package io.ptosim.properties;

import io.ptosim.node.NodeOp;
import io.ptosim.node.NodeProgram;
import java.util.Set;

/**
 * One drawn node scenario: how many chips and SUB workers the node has, the program it runs, the chip
 * callables the fake chips fail, and the heap ring size.
 *
 * @param seed the seed that drew it (also seeds the fake chips' task durations)
 * @param chips NEXT_LEVEL workers, each driving one {@link FakeChip}
 * @param subs SUB workers
 * @param program the orchestration
 * @param failing names of chip callables whose tasks the fake chips fail
 * @param heapBytes bytes per heap ring; 0 keeps the runtime's default
 */
public record NodeCase(long seed, int chips, int subs, NodeProgram program, Set<String> failing, long heapBytes) {
    /** Copies the failing set. */
    public NodeCase {
        failing = Set.copyOf(failing);
    }

    /** This case with another program. */
    public NodeCase withProgram(NodeProgram p) {
        return new NodeCase(seed, chips, subs, p, failing, heapBytes);
    }

    /** This case with other failing callables. */
    public NodeCase withFailing(Set<String> names) {
        return new NodeCase(seed, chips, subs, program, names, heapBytes);
    }

    /** A readable listing: the node's shape, then one numbered line per op. */
    public String describe() {
        StringBuilder b = new StringBuilder("node: " + chips + " chip(s), " + subs + " SUB worker(s)"
                + (heapBytes == 0 ? "" : ", heap " + heapBytes + " B/ring")
                + (failing.isEmpty() ? "" : ", failing " + failing.stream().sorted().toList()) + "\n");
        int i = 0;
        for (NodeOp op : program.ops()) {
            String text = op instanceof NodeOp.Alloc a
                    ? "alloc " + a.result() + " " + java.util.Arrays.toString(a.shape()) + a.dtype() : op.toString();
            b.append(String.format("  %2d: %s%n", i++, text));
        }
        return b.toString();
    }
}
