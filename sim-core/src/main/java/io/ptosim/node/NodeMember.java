package io.ptosim.node;

import io.ptosim.mailbox.MailboxDescriptor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What one member of a node task receives: its tagged tensors, then its scalars (a group gives each
 * member its own).
 *
 * @param args tagged tensors, in order
 * @param scalars 64-bit scalars, in order
 */
public record NodeMember(List<NodeArg> args, long[] scalars) {
    /** Copies and checks the V1 limits. */
    public NodeMember {
        args = List.copyOf(args);
        scalars = scalars.clone();
        if (args.size() > MailboxDescriptor.MAX_TENSORS || scalars.length > MailboxDescriptor.MAX_SCALARS) {
            throw new IllegalArgumentException(args.size() + " tensors and " + scalars.length
                    + " scalars; a task takes at most " + MailboxDescriptor.MAX_TENSORS + " and "
                    + MailboxDescriptor.MAX_SCALARS);
        }
    }

    /** A member with tensors only. */
    public static NodeMember of(NodeArg... args) {
        return new NodeMember(List.of(args), new long[0]);
    }

    /** A copy of the scalars. */
    @Override
    public long[] scalars() {
        return scalars.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeMember m && args.equals(m.args) && Arrays.equals(scalars, m.scalars);
    }

    @Override
    public int hashCode() {
        return Objects.hash(args, Arrays.hashCode(scalars));
    }

    @Override
    public String toString() {
        return args + (scalars.length == 0 ? "" : Arrays.toString(scalars));
    }
}
