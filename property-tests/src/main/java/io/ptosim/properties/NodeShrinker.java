package io.ptosim.properties;

import io.ptosim.node.NodeMember;
import io.ptosim.node.NodeOp;
import io.ptosim.node.NodeProgram;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Delta debugging for node scenarios, in the manner of {@link Shrinker}: while the property still fails,
 * remove chunks of ops (halving down to single ops; a removed definition takes its uses with it), then
 * whole group members, single args, and pins. Every candidate is a valid program
 * ({@link NodeProgramEdits#valid}); a budget of evaluations bounds the work.
 */
public final class NodeShrinker {
    private final Predicate<NodeCase> fails;
    private int budget;

    private NodeShrinker(Predicate<NodeCase> fails, int budget) {
        this.fails = fails;
        this.budget = budget;
    }

    /** The smallest failing variant of {@code failing} found within {@code budget} evaluations. */
    public static NodeCase shrink(NodeCase failing, Predicate<NodeCase> stillFails, int budget) {
        return new NodeShrinker(stillFails, budget).run(failing);
    }

    /** The first failing variant with one member, arg or pin less, or null. */
    private NodeCase finer(NodeCase c) {
        List<NodeOp> ops = c.program().ops();
        for (int op = 0; op < ops.size() && budget > 0; op++) {
            List<NodeMember> ms = NodeProgramEdits.members(ops.get(op));
            if (ms == null) {
                continue;
            }
            for (int m = ms.size() - 1; m >= 0; m--) {
                int o = op;
                int mm = m;
                NodeCase next = attempt(c, () -> NodeProgramEdits.withoutMember(c, o, mm));
                if (next != null) {
                    return next;
                }
                for (int a = ms.get(m).args().size() - 1; a >= 0; a--) {
                    int aa = a;
                    next = attempt(c, () -> NodeProgramEdits.withoutArg(c, o, mm, aa));
                    if (next != null) {
                        return next;
                    }
                }
                next = attempt(c, () -> NodeProgramEdits.unpinned(c, o, mm));
                if (next != null) {
                    return next;
                }
            }
        }
        return null;
    }

    private NodeCase attempt(NodeCase c, java.util.function.Supplier<Optional<NodeProgram>> edit) {
        Optional<NodeProgram> candidate;
        try {
            candidate = edit.get();
        } catch (RuntimeException e) {
            return null;
        }
        return test(c, candidate) ? c.withProgram(candidate.get()) : null;
    }

    private boolean test(NodeCase c, Optional<NodeProgram> candidate) {
        if (candidate.isEmpty() || budget <= 0) {
            return false;
        }
        budget--;
        try {
            return fails.test(c.withProgram(candidate.get()));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private NodeCase run(NodeCase c) {
        boolean progress = true;
        while (progress && budget > 0) {
            progress = false;
            for (int chunk = Math.max(1, c.program().ops().size() / 2); chunk >= 1 && budget > 0; chunk /= 2) {
                for (int start = 0; start + chunk <= c.program().ops().size() && budget > 0; ) {
                    Set<Integer> removed = new HashSet<>();
                    for (int i = start; i < start + chunk; i++) {
                        removed.add(i);
                    }
                    Optional<NodeProgram> candidate = NodeProgramEdits.withoutOps(c, removed);
                    if (test(c, candidate)) {
                        c = c.withProgram(candidate.get());
                        progress = true;
                    } else {
                        start += chunk;
                    }
                }
            }
            NodeCase smaller = finer(c);
            if (smaller != null) {
                c = smaller;
                progress = true;
            }
        }
        return c;
    }
}
