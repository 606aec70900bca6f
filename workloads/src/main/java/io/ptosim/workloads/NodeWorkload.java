package io.ptosim.workloads;

/**
 * A built-in node workload: a {@link io.ptosim.node.NodeProgram} for N chips and M SUB workers, its host
 * inputs and a golden check of host buffers. Kept apart from {@link Workload}, whose instances are single
 * chip programs with cases and variants that the trace, bench and check commands consume.
 */
public interface NodeWorkload {
    /**
     * Most chips a node workload takes: a SUB task that reads every chip's output has one tensor per
     * chip, and a V1 task carries at most 16.
     */
    int MAX_CHIPS = io.ptosim.mailbox.MailboxDescriptor.MAX_TENSORS;

    /** The command-line name, e.g. {@code node-paged-attention}. */
    String name();

    /** One line saying what it shows. */
    String summary();

    /** The chips it uses when {@code --chips} is not given. */
    int defaultChips();

    /**
     * The program, inputs and golden for {@code chips} chips.
     *
     * @throws IllegalArgumentException if it cannot run on that many chips (naming the valid range)
     */
    NodeWorkloadInstance instance(int chips);

    /**
     * Checks a chip count.
     *
     * @throws IllegalArgumentException naming the valid range
     */
    static void requireChips(String workload, int chips) {
        if (chips < 1 || chips > MAX_CHIPS) {
            throw new IllegalArgumentException("--chips " + chips + ": " + workload + " runs on 1 to " + MAX_CHIPS
                    + " chips");
        }
    }
}
