package io.ptosim.properties;

import io.ptosim.node.NodeArg;
import io.ptosim.node.NodeMember;
import io.ptosim.node.NodeOp;
import io.ptosim.node.NodeProgram;
import io.ptosim.node.Ptr;
import io.ptosim.runtime.TensorArgType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Edits of node programs for the {@link NodeShrinker}: removing ops, members or args, then repairing what
 * the removal left dangling (a use of a handle whose defining op is gone is dropped with it), and the
 * validity check every candidate must pass (handles defined before use, scopes balanced per run, groups
 * that fit the node, the final drain kept).
 */
public final class NodeProgramEdits {
    private NodeProgramEdits() {
    }

    /** The program without the ops at {@code removed}, repaired; empty when that is not a valid program. */
    public static Optional<NodeProgram> withoutOps(NodeCase c, Set<Integer> removed) {
        List<NodeOp> ops = c.program().ops();
        if (removed.isEmpty() || removed.contains(ops.size() - 1)) {
            return Optional.empty();
        }
        List<NodeOp> kept = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (!removed.contains(i)) {
                kept.add(ops.get(i));
            }
        }
        return repaired(c, kept);
    }

    /** The program with member {@code member} of submit {@code op} removed; empty when invalid or no-op. */
    public static Optional<NodeProgram> withoutMember(NodeCase c, int op, int member) {
        List<NodeOp> ops = new ArrayList<>(c.program().ops());
        NodeOp edited = switch (ops.get(op)) {
            case NodeOp.SubmitChip s when s.members().size() > 1 -> {
                List<NodeMember> ms = new ArrayList<>(s.members());
                ms.remove(member);
                int[] w = new int[ms.size()];
                for (int i = 0, j = 0; i < s.members().size(); i++) {
                    if (i != member) {
                        w[j++] = s.workers()[i];
                    }
                }
                yield new NodeOp.SubmitChip(s.callable(), ms, w, s.config(), s.group());
            }
            case NodeOp.SubmitSub s when s.members().size() > 1 -> {
                List<NodeMember> ms = new ArrayList<>(s.members());
                ms.remove(member);
                yield new NodeOp.SubmitSub(s.callable(), ms, s.group());
            }
            default -> null;
        };
        if (edited == null) {
            return Optional.empty();
        }
        ops.set(op, edited);
        return repaired(c, ops);
    }

    /** The program with arg {@code arg} of member {@code member} of submit {@code op} removed. */
    public static Optional<NodeProgram> withoutArg(NodeCase c, int op, int member, int arg) {
        List<NodeOp> ops = new ArrayList<>(c.program().ops());
        List<NodeMember> ms = members(ops.get(op));
        if (ms == null || ms.get(member).args().size() <= 1) {
            return Optional.empty();
        }
        List<NodeArg> args = new ArrayList<>(ms.get(member).args());
        args.remove(arg);
        List<NodeMember> edited = new ArrayList<>(ms);
        edited.set(member, new NodeMember(args, ms.get(member).scalars()));
        ops.set(op, withMembers(ops.get(op), edited));
        return repaired(c, ops);
    }

    /** The program with member {@code member} of chip submit {@code op} unpinned (worker −1). */
    public static Optional<NodeProgram> unpinned(NodeCase c, int op, int member) {
        List<NodeOp> ops = new ArrayList<>(c.program().ops());
        if (!(ops.get(op) instanceof NodeOp.SubmitChip s) || s.workers()[member] < 0) {
            return Optional.empty();
        }
        int[] w = s.workers();
        w[member] = -1;
        ops.set(op, new NodeOp.SubmitChip(s.callable(), s.members(), w, s.config(), s.group()));
        return repaired(c, ops);
    }

    static List<NodeMember> members(NodeOp op) {
        return switch (op) {
            case NodeOp.SubmitChip s -> s.members();
            case NodeOp.SubmitSub s -> s.members();
            default -> null;
        };
    }

    private static NodeOp withMembers(NodeOp op, List<NodeMember> ms) {
        return switch (op) {
            case NodeOp.SubmitChip s -> new NodeOp.SubmitChip(s.callable(), ms, s.workers(), s.config(), s.group());
            case NodeOp.SubmitSub s -> new NodeOp.SubmitSub(s.callable(), ms, s.group());
            default -> op;
        };
    }

    /**
     * Drops uses of handles left undefined (memory ops whole, submit args one by one, a member with no arg
     * left, a submit with no member left) and unmatched scope ends, then checks validity.
     */
    private static Optional<NodeProgram> repaired(NodeCase c, List<NodeOp> ops) {
        List<NodeOp> out = new ArrayList<>();
        Set<Integer> defined = new HashSet<>();
        int depth = 0;
        for (NodeOp op : ops) {
            switch (op) {
                case NodeOp.Malloc m -> {
                    defined.add(m.result().id());
                    out.add(op);
                }
                case NodeOp.Alloc a -> {
                    defined.add(a.result().id());
                    out.add(op);
                }
                case NodeOp.Free f -> {
                    if (usable(f.ptr(), defined)) {
                        out.add(op);
                    }
                }
                case NodeOp.CopyTo t -> {
                    if (usable(t.deviceDst(), defined) && usable(t.hostSrc(), defined)) {
                        out.add(op);
                    }
                }
                case NodeOp.CopyFrom t -> {
                    if (usable(t.hostDst(), defined) && usable(t.deviceSrc(), defined)) {
                        out.add(op);
                    }
                }
                case NodeOp.ScopeBegin s -> {
                    depth++;
                    out.add(op);
                }
                case NodeOp.ScopeEnd s -> {
                    if (depth > 0) {
                        depth--;
                        out.add(op);
                    }
                }
                case NodeOp.SubmitChip s -> {
                    List<NodeMember> kept = new ArrayList<>();
                    List<Integer> workers = new ArrayList<>();
                    List<NodeMember> ms = repairMembers(s.members(), defined);
                    for (int m = 0; m < ms.size(); m++) {
                        if (ms.get(m) != null) {
                            kept.add(ms.get(m));
                            workers.add(s.workers()[m]);
                        }
                    }
                    if (!kept.isEmpty()) {
                        out.add(new NodeOp.SubmitChip(s.callable(), kept,
                                workers.stream().mapToInt(Integer::intValue).toArray(), s.config(), s.group()));
                    }
                }
                case NodeOp.SubmitSub s -> {
                    List<NodeMember> kept = new ArrayList<>();
                    for (NodeMember m : repairMembers(s.members(), defined)) {
                        if (m != null) {
                            kept.add(m);
                        }
                    }
                    if (!kept.isEmpty()) {
                        out.add(new NodeOp.SubmitSub(s.callable(), kept, s.group()));
                    }
                }
                default -> out.add(op);
            }
        }
        NodeProgram p = new NodeProgram(c.program().name(), c.program().hostBuffers(), c.program().handles(), out);
        return valid(c.withProgram(p)) == null ? Optional.of(p) : Optional.empty();
    }

    /** Members with args naming undefined handles dropped (null for a member left without args). */
    private static List<NodeMember> repairMembers(List<NodeMember> ms, Set<Integer> defined) {
        Set<Integer> definedHere = new HashSet<>();
        for (NodeMember m : ms) {
            for (NodeArg a : m.args()) {
                if (a.tag() == TensorArgType.OUTPUT && a.tensor().data() instanceof Ptr.Handle h) {
                    definedHere.add(h.id());
                }
            }
        }
        List<NodeMember> out = new ArrayList<>();
        for (NodeMember m : ms) {
            List<NodeArg> args = new ArrayList<>();
            for (NodeArg a : m.args()) {
                if (!(a.tensor().data() instanceof Ptr.Handle h) || defined.contains(h.id())
                        || definedHere.contains(h.id())) {
                    args.add(a);
                }
            }
            out.add(args.isEmpty() ? null : new NodeMember(args, m.scalars()));
        }
        defined.addAll(definedHere);
        return out;
    }

    private static boolean usable(Ptr p, Set<Integer> defined) {
        return !(p instanceof Ptr.Handle h) || defined.contains(h.id());
    }

    /**
     * Null when {@code c}'s program is one the generator could have drawn the shape of: every handle
     * defined before any use, groups no larger than their pool with distinct pinned workers in range, SUB
     * submits only on a node with SUB workers, scopes balanced and closed before each drain, and HEAD's
     * structural rules a shrink could break (no control after a submit of its run, no {@code child_memory}
     * tensor on a member without an exact worker); else why not.
     */
    public static String valid(NodeCase c) {
        Set<Integer> defined = new HashSet<>();
        int depth = 0;
        boolean submitted = false;
        List<NodeOp> ops = c.program().ops();
        for (int i = 0; i < ops.size(); i++) {
            NodeOp op = ops.get(i);
            List<NodeMember> ms = members(op);
            if (ms != null) {
                Set<Integer> here = new HashSet<>();
                for (NodeMember m : ms) {
                    for (NodeArg a : m.args()) {
                        if (a.tag() == TensorArgType.OUTPUT && a.tensor().data() instanceof Ptr.Handle h) {
                            here.add(h.id());
                        }
                    }
                }
                for (NodeMember m : ms) {
                    for (NodeArg a : m.args()) {
                        if (a.tensor().data() instanceof Ptr.Handle h && !defined.contains(h.id())
                                && !here.contains(h.id())) {
                            return "op " + i + " uses " + h + " before it is defined";
                        }
                    }
                }
                defined.addAll(here);
            }
            if (op instanceof NodeOp.Malloc || op instanceof NodeOp.Free || op instanceof NodeOp.CopyTo
                    || op instanceof NodeOp.CopyFrom) {
                if (submitted) {
                    return "op " + i + ": a control after a submit of the same run (HEAD refuses it)";
                }
            }
            submitted = ms != null || submitted && !(op instanceof NodeOp.Drain);
            if (ms != null) {
                int[] w = op instanceof NodeOp.SubmitChip s ? s.workers() : null;
                for (int m = 0; m < ms.size(); m++) {
                    for (NodeArg a : ms.get(m).args()) {
                        if (a.tensor().childMemory() && (w == null || w[m] < 0)) {
                            return "op " + i + ": a child_memory tensor on a member with no exact worker (HEAD"
                                    + " rejects it)";
                        }
                    }
                }
            }
            switch (op) {
                case NodeOp.SubmitChip s -> {
                    int[] w = s.workers();
                    if (w.length > c.chips()) {
                        return "op " + i + ": a group of " + w.length + " on " + c.chips() + " chips";
                    }
                    Set<Integer> pinned = new HashSet<>();
                    for (int x : w) {
                        if (x >= c.chips() || (x >= 0 && !pinned.add(x))) {
                            return "op " + i + ": bad workers";
                        }
                    }
                }
                case NodeOp.SubmitSub s -> {
                    if (s.members().size() > c.subs()) {
                        return "op " + i + ": a SUB group of " + s.members().size() + " on " + c.subs() + " SUB workers";
                    }
                }
                case NodeOp.Malloc m -> defined.add(m.result().id());
                case NodeOp.Alloc a -> defined.add(a.result().id());
                case NodeOp.Free f -> {
                    if (!usable(f.ptr(), defined)) {
                        return "op " + i + " frees an undefined handle";
                    }
                }
                case NodeOp.CopyTo t -> {
                    if (!usable(t.deviceDst(), defined) || !usable(t.hostSrc(), defined)) {
                        return "op " + i + " copies an undefined handle";
                    }
                }
                case NodeOp.CopyFrom t -> {
                    if (!usable(t.hostDst(), defined) || !usable(t.deviceSrc(), defined)) {
                        return "op " + i + " copies an undefined handle";
                    }
                }
                case NodeOp.ScopeBegin s -> depth++;
                case NodeOp.ScopeEnd s -> {
                    if (--depth < 0) {
                        return "op " + i + ": scope_end without scope_begin";
                    }
                }
                case NodeOp.Drain d -> {
                    if (depth != 0) {
                        return "op " + i + ": drain with " + depth + " scope(s) open";
                    }
                }
                default -> {
                }
            }
        }
        return null;
    }
}
