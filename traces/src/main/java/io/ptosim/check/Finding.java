package io.ptosim.check;

import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorArgType;
import java.util.ArrayList;
import java.util.List;

/**
 * Two tasks that touch shared elements of a buffer, at least one writing, with no path of edges between
 * them: the runtime may run them in either order. The later side may be the orchestrator's own
 * get/set_tensor_data, which the runtime orders only by what the call waits for.
 *
 * @param kind what the pair does
 * @param cause why the runtime leaves it unordered
 * @param earlier the access of the task submitted first
 * @param later the access of the task submitted second
 * @param buffer the buffer
 * @param range the elements they share
 */
public record Finding(HazardKind kind, Cause cause, Access earlier, Access later, BufferLabel buffer,
        OverlapRange range) {

    /** The finding for a conflicting, overlapping, unordered pair. */
    static Finding of(Access earlier, Access later, BufferLabel buffer, OverlapRange range) {
        HazardKind kind = HazardKind.of(earlier, later);
        return new Finding(kind, Cause.of(kind, earlier, later), earlier, later, buffer, range);
    }

    /** Why the runtime leaves the pair unordered, naming the task or arg to blame. */
    public String reason() {
        return switch (cause) {
            case MANUAL_SCOPE -> task(later.scopeTracked() ? earlier : later) + " is in a manual scope, where only"
                    + " explicit deps order tasks";
            case UNTRACKED_WRITE_AFTER_READ -> "the runtime never tracks write-after-read";
            case OUTPUT_EXISTING -> "OUTPUT_EXISTING looks nothing up, so the runtime does not order a write after"
                    + " earlier writes";
            case MANUAL_DEP -> manualDepArgs() + (earlier.manualDep() && later.manualDep() ? " are" : " is")
                    + " manual_dep, which the TensorMap never sees";
            case NO_EDGE -> "no edge orders them, though the runtime would derive one";
            case HOST_UNTRACKED_WRITE -> later.hostApi() + " waits only for the tensor's creator and the writers the"
                    + " TensorMap holds, and " + (earlier.scopeTracked() ? arg(earlier) + " is manual_dep, which the"
                    + " TensorMap never sees" : task(earlier) + " writes in a manual scope, where the TensorMap"
                    + " registers nothing") + " (add_dep is invisible to " + later.hostApi() + ")";
            case HOST_UNPINNED_READ -> unpinnedReason();
        };
    }

    private String unpinnedReason() {
        List<Long> producers = later.host().waits().producers();
        if (producers.isEmpty()) {
            return "set_tensor_data waits for the tensor's creator, its TensorMap writers and the consumers that"
                    + " retain them, and this view has none, so nothing makes it wait for " + task(earlier)
                    + " (add_dep is invisible to set_tensor_data)";
        }
        String waited = "set_tensor_data waits only for " + tasks(producers) + " and the consumers that retain "
                + (producers.size() == 1 ? "it" : "them") + ", and ";
        if (later.host().waits().waitOnly().contains(earlier.taskId())) {
            return waited + task(earlier) + "'s edge is WAIT only: its pin was released when it was wired";
        }
        return waited + task(earlier) + " has no edge to " + (producers.size() == 1 ? "it" : "them");
    }

    /** The fix the spec suggests: an explicit dependency, or a tag the runtime tracks, with what it costs. */
    public String fix() {
        return fixOf(List.of(this));
    }

    /**
     * What findings share a fix by: the fix itself for a pair of tasks; for a get/set_tensor_data, the
     * call, the cause and what the fix would change, so one fix lists every task it orders.
     */
    String fixKey() {
        return switch (cause) {
            case HOST_UNTRACKED_WRITE -> cause + "@" + later.task() + "/" + earlier.scopeTracked();
            case HOST_UNPINNED_READ -> cause + "@" + later.task() + "/" + pinTarget() + "/" + earlier.inTensorMap();
            default -> fixOf(List.of(this));
        };
    }

    /** The fix that resolves every finding of {@code group} (findings with one {@link #fixKey()}). */
    static String fixOf(List<Finding> group) {
        Finding f = group.get(0);
        Access earlier = f.earlier;
        Access later = f.later;
        String dep = "add_dep(" + task(earlier) + ") on " + task(later);
        return switch (f.cause) {
            case MANUAL_SCOPE, NO_EDGE -> dep;
            case UNTRACKED_WRITE_AFTER_READ -> {
                if (!earlier.inTensorMap() || !later.inTensorMap()) {
                    yield dep;
                }
                yield dep + (later.type() == TensorArgType.INOUT ? ", or make " + arg(earlier) + " INOUT"
                        : ", or make " + arg(earlier) + " and " + arg(later) + " INOUT");
            }
            case OUTPUT_EXISTING -> earlier.inTensorMap() && !later.manualDep()
                    ? dep + ", or make " + arg(later) + " INOUT" : dep;
            case MANUAL_DEP -> dep + ", or drop manual_dep from " + f.manualDepArgs();
            case HOST_UNTRACKED_WRITE -> untrackedWriteFix(group);
            case HOST_UNPINNED_READ -> unpinnedReadFix(group);
        };
    }

    private static String untrackedWriteFix(List<Finding> group) {
        Finding f = group.get(0);
        List<Access> writers = earliers(group);
        String first = f.earlier.scopeTracked()
                ? "drop manual_dep from " + args(writers) + " (costs: a TensorMap entry each, and the writes then"
                        + " wait for the earlier writers they overlap)"
                : "submit " + tasksOf(writers) + " outside the manual scope (costs: " + (writers.size() == 1 ? "its"
                        : "their") + " args then go through the TensorMap: lookups, entries, edges to earlier"
                        + " writers)";
        return first + ", or " + fence(f, writers) + " (costs one task that runs no kernel)";
    }

    private static String unpinnedReadFix(List<Finding> group) {
        Finding f = group.get(0);
        List<Access> readers = earliers(group);
        List<String> fixes = new ArrayList<>();
        long target = f.pinTarget();
        if (target != TaskId.INVALID) {
            fixes.add("add_dep(" + TaskId.display(target) + ") on " + tasksOf(readers) + " (WAIT|RETAIN, so the"
                    + " call waits for " + (readers.size() == 1 ? "it" : "them") + "; costs: "
                    + TaskId.display(target) + "'s slot and buffer stay pinned until " + (readers.size() == 1 ? "it"
                    : "they") + " complete" + (readers.size() == 1 ? "s" : "") + ")");
        }
        if (f.earlier.inTensorMap()) {
            fixes.add("make " + args(readers) + " INOUT (costs: INOUT serialises the readers, each waiting for the"
                    + " one before, and adds a TensorMap entry each)");
        }
        fixes.add(fence(f, readers) + " (costs one task that runs no kernel; the readers stay concurrent)");
        return String.join(", or ", fixes);
    }

    /**
     * A dummy task in an AUTO scope, ordered after {@code tasks}, with the call's view INOUT: the TensorMap
     * registers it, so the call waits for it, and it waits for them.
     */
    private static String fence(Finding f, List<Access> tasks) {
        return "submit in an AUTO scope before " + f.later.describe(AccessGraph.Listing.OPS.position(f.later.op()))
                + " a dummy task with add_dep(" + tasksOf(tasks).replace(" and ", ", ") + ") and the call's view of "
                + f.buffer.describe() + " as INOUT";
    }

    /**
     * A producer the call waits for that the reader can retain (one submitted before it; an unlisted one
     * is an alloc_tensors owner, which precedes every user of its outputs), or INVALID: then no add_dep on
     * the reader can make the call wait for it.
     */
    private long pinTarget() {
        HostCall h = later.host();
        for (int i = 0; i < h.producerPositions().length; i++) {
            int at = h.producerPositions()[i];
            if (at < earlier.task()) {
                return h.waits().producers().get(i);
            }
        }
        return TaskId.INVALID;
    }

    /**
     * One line: e.g. {@code write-after-read on a (0x100000000) elements [0, 127]: t2 (op 4) arg 0 INPUT,
     * then t3 (op 5) arg 1 INOUT, no path between them; the runtime never tracks write-after-read. Fix:
     * add_dep(t2) on t3, or make t2's arg 0 INOUT.}
     */
    public String describe(AccessGraph.Listing listing) {
        return summary(listing) + " Fix: " + fix() + ".";
    }

    /** The line without its fix, for a finding listed under a fix it shares. */
    public String summary(AccessGraph.Listing listing) {
        return kind.label() + " on " + buffer.describe() + " " + range.describe() + ": "
                + earlier.describe(listing.position(earlier.op())) + ", then "
                + later.describe(listing.position(later.op())) + ", no path between them; " + reason() + ".";
    }

    private String manualDepArgs() {
        if (earlier.manualDep() && later.manualDep()) {
            return arg(earlier) + " and " + arg(later);
        }
        return arg(earlier.manualDep() ? earlier : later);
    }

    /** The distinct earlier accesses of a group, in order. */
    private static List<Access> earliers(List<Finding> group) {
        List<Access> out = new ArrayList<>();
        for (Finding f : group) {
            if (!out.contains(f.earlier)) {
                out.add(f.earlier);
            }
        }
        return out;
    }

    private static String tasksOf(List<Access> accesses) {
        List<Long> ids = new ArrayList<>();
        for (Access a : accesses) {
            if (!ids.contains(a.taskId())) {
                ids.add(a.taskId());
            }
        }
        return tasks(ids);
    }

    private static String args(List<Access> accesses) {
        return and(accesses.stream().map(Finding::arg).toList());
    }

    private static String tasks(List<Long> ids) {
        return and(ids.stream().map(TaskId::display).toList());
    }

    /** E.g. {@code t1}, {@code t1 and t2}, {@code t1, t2 and t3}. */
    private static String and(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    private static String task(Access a) {
        return TaskId.display(a.taskId());
    }

    private static String arg(Access a) {
        return task(a) + "'s arg " + a.arg();
    }
}
