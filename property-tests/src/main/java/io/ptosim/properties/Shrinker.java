package io.ptosim.properties;

import io.ptosim.program.Op;
import io.ptosim.program.Program;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Delta debugging for programs: while the property still fails, remove chunks of ops (halving the
 * chunk size down to single ops), matching scope begin/end pairs, and single tensor args. Bounded by
 * a budget of property evaluations, so shrinking always ends.
 */
public final class Shrinker {
    private final Predicate<Program> fails;
    private int budget;

    private Shrinker(Predicate<Program> fails, int budget) {
        this.fails = fails;
        this.budget = budget;
    }

    /** The smallest failing variant of {@code failing} found within {@code budget} evaluations. */
    public static Program shrink(Program failing, Predicate<Program> stillFails, int budget) {
        return new Shrinker(stillFails, budget).run(failing);
    }

    private boolean test(Optional<Program> candidate) {
        if (candidate.isEmpty() || budget <= 0) {
            return false;
        }
        budget--;
        try {
            return fails.test(candidate.get());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Program run(Program p) {
        boolean progress = true;
        while (progress && budget > 0) {
            progress = false;
            for (int chunk = Math.max(1, p.ops().size() / 2); chunk >= 1 && budget > 0; chunk /= 2) {
                for (int start = 0; start + chunk <= p.ops().size() && budget > 0; ) {
                    Set<Integer> removed = new HashSet<>();
                    for (int i = start; i < start + chunk; i++) {
                        removed.add(i);
                    }
                    Optional<Program> candidate = ProgramEdits.withoutOps(p, removed);
                    if (test(candidate)) {
                        p = candidate.get();
                        progress = true;
                    } else {
                        start += chunk;
                    }
                }
            }
            for (Set<Integer> pair : scopePairs(p)) {
                Optional<Program> candidate = ProgramEdits.withoutOps(p, pair);
                if (test(candidate)) {
                    p = candidate.get();
                    progress = true;
                    break;
                }
            }
            for (int op = 0; op < p.ops().size() && budget > 0; op++) {
                if (p.ops().get(op) instanceof Op.Submit s) {
                    for (int arg = s.args().size() - 1; arg >= 0; arg--) {
                        Optional<Program> candidate = ProgramEdits.withoutArg(p, op, arg);
                        if (test(candidate)) {
                            p = candidate.get();
                            progress = true;
                        }
                    }
                }
            }
        }
        return p;
    }

    private static List<Set<Integer>> scopePairs(Program p) {
        List<Set<Integer>> pairs = new ArrayList<>();
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < p.ops().size(); i++) {
            Op op = p.ops().get(i);
            if (op instanceof Op.ScopeBegin) {
                open.add(i);
            } else if (op instanceof Op.ScopeEnd && !open.isEmpty()) {
                pairs.add(Set.of(open.remove(open.size() - 1), i));
            }
        }
        return pairs;
    }
}
