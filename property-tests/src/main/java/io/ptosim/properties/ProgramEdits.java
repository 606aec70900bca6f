package io.ptosim.properties;

import io.ptosim.program.Arg;
import io.ptosim.program.BufferRef;
import io.ptosim.program.ExplicitDep;
import io.ptosim.program.Op;
import io.ptosim.program.Program;
import io.ptosim.program.ProgramException;
import io.ptosim.program.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Smaller variants of a program for the shrinker: drop ops (re-numbering every later reference) or
 * drop one tensor arg of a submit. A variant that references something dropped, or breaks any other
 * rule, is no variant (empty).
 */
final class ProgramEdits {
    private ProgramEdits() {
    }

    /** The program without the ops in {@code removed}, if it is still valid. */
    static Optional<Program> withoutOps(Program p, Set<Integer> removed) {
        List<Op> ops = p.ops();
        int[] newIndex = new int[ops.size()];
        int n = 0;
        for (int i = 0; i < ops.size(); i++) {
            newIndex[i] = removed.contains(i) ? -1 : n++;
        }
        List<Op> kept = new ArrayList<>();
        try {
            for (int i = 0; i < ops.size(); i++) {
                if (newIndex[i] >= 0) {
                    kept.add(renumber(ops.get(i), newIndex));
                }
            }
            return Optional.of(new Program(p.name(), p.externals(), kept).validate());
        } catch (Dropped | ProgramException e) {
            return Optional.empty();
        }
    }

    /** The program with tensor arg {@code arg} of the submit at op {@code op} removed, if still valid. */
    static Optional<Program> withoutArg(Program p, int op, int arg) {
        if (!(p.ops().get(op) instanceof Op.Submit s) || arg >= s.args().size() || s.args().get(arg) instanceof Arg.OutputArg) {
            return Optional.empty();
        }
        List<Arg> args = new ArrayList<>(s.args());
        args.remove(arg);
        List<Op> ops = new ArrayList<>(p.ops());
        ops.set(op, new Op.Submit(s.kernelIds(), args, s.deps(), s.blockNum(), s.requireSyncStart(), s.earlyResolve()));
        try {
            return Optional.of(new Program(p.name(), p.externals(), ops).validate());
        } catch (ProgramException e) {
            return Optional.empty();
        }
    }

    /** Thrown while renumbering when a kept op references a dropped one. */
    private static final class Dropped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Dropped() {
            super(null, null, false, false);
        }
    }

    private static int map(int op, int[] newIndex) {
        if (op < 0 || op >= newIndex.length || newIndex[op] < 0) {
            throw new Dropped();
        }
        return newIndex[op];
    }

    private static Op renumber(Op op, int[] newIndex) {
        return switch (op) {
            case Op.Submit s -> {
                List<Arg> args = new ArrayList<>();
                for (Arg a : s.args()) {
                    args.add(a instanceof Arg.TensorArg t ? new Arg.TensorArg(t.type(), renumber(t.tensor(), newIndex)) : a);
                }
                List<ExplicitDep> deps = new ArrayList<>();
                for (ExplicitDep d : s.deps()) {
                    deps.add(new ExplicitDep(map(d.op(), newIndex), d.kind()));
                }
                yield new Op.Submit(s.kernelIds(), args, deps, s.blockNum(), s.requireSyncStart(), s.earlyResolve());
            }
            case Op.AddDependency d -> new Op.AddDependency(map(d.producerOp(), newIndex), map(d.consumerOp(), newIndex));
            case Op.GetTensorData g -> new Op.GetTensorData(renumber(g.tensor(), newIndex), g.indices());
            case Op.SetTensorData w -> new Op.SetTensorData(renumber(w.tensor(), newIndex), w.indices(), w.value());
            default -> op;
        };
    }

    private static Tensor renumber(Tensor t, int[] newIndex) {
        if (t.buffer() instanceof BufferRef.Output o) {
            return new Tensor(new BufferRef.Output(map(o.op(), newIndex), o.output()), t.dtype(), t.shape(), t.strides(),
                    t.startOffset(), t.version(), t.manualDep());
        }
        return t;
    }
}
