package io.ptosim.check;

import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorArgType;

/**
 * Two tasks that touch shared elements of a buffer, at least one writing, with no path of edges between
 * them: the runtime may run them in either order.
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
        };
    }

    /** The fix the spec suggests: an explicit dependency, or a tag the runtime tracks. */
    public String fix() {
        String dep = "add_dep(" + task(earlier) + ") on " + task(later);
        return switch (cause) {
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
            case MANUAL_DEP -> dep + ", or drop manual_dep from " + manualDepArgs();
        };
    }

    /**
     * One line: e.g. {@code write-after-read on a (0x100000000) elements [0, 127]: t2 (op 4) arg 0 INPUT,
     * then t3 (op 5) arg 1 INOUT, no path between them; the runtime never tracks write-after-read. Fix:
     * add_dep(t2) on t3, or make t2's arg 0 INOUT.}
     */
    public String describe(AccessGraph.Listing listing) {
        return kind.label() + " on " + buffer.describe() + " " + range.describe() + ": "
                + earlier.describe(listing.position(earlier.op())) + ", then "
                + later.describe(listing.position(later.op())) + ", no path between them; " + reason() + ". Fix: "
                + fix() + ".";
    }

    private String manualDepArgs() {
        if (earlier.manualDep() && later.manualDep()) {
            return arg(earlier) + " and " + arg(later);
        }
        return arg(earlier.manualDep() ? earlier : later);
    }

    private static String task(Access a) {
        return TaskId.display(a.taskId());
    }

    private static String arg(Access a) {
        return task(a) + "'s arg " + a.arg();
    }
}
