package io.ptosim.check;

import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorArgType;

/**
 * One task's use of one buffer through one tensor arg: which task (its place in submit order, its
 * runtime id, where the file lists it), which arg and tag, which buffer and elements, and whether the
 * runtime's dependency rules see the arg at all. Reads are INPUT, TRACKED_INPUT and INOUT; writes are
 * OUTPUT (the task creates the buffer), INOUT and OUTPUT_EXISTING. NO_DEP args are never accesses (see
 * {@link AccessGraph}).
 *
 * <p>The orchestrator's {@code get_tensor_data} (a read) and {@code set_tensor_data} (a write) of one
 * element are accesses too, each at a place of its own in submit order ({@link #host()}): no task id,
 * no arg, no tag.
 */
public final class Access {
    private final int task;
    private final long taskId;
    private final int op;
    private final int arg;
    private final TensorArgType type;
    private final int buffer;
    private final Region region;
    private final boolean scopeTracked;
    private final boolean manualDep;
    private final HostCall host;

    Access(int task, long taskId, int op, int arg, TensorArgType type, int buffer, Region region, boolean scopeTracked,
            boolean manualDep) {
        this(task, taskId, op, arg, type, buffer, region, scopeTracked, manualDep, null);
    }

    /** A get/set_tensor_data call at place {@code task}, op index {@code op}. */
    Access(int task, int op, HostCall host, int buffer, Region region) {
        this(task, TaskId.INVALID, op, -1, null, buffer, region, true, false, host);
    }

    private Access(int task, long taskId, int op, int arg, TensorArgType type, int buffer, Region region,
            boolean scopeTracked, boolean manualDep, HostCall host) {
        this.task = task;
        this.taskId = taskId;
        this.op = op;
        this.arg = arg;
        this.type = type;
        this.buffer = buffer;
        this.region = region;
        this.scopeTracked = scopeTracked;
        this.manualDep = manualDep;
        this.host = host;
    }

    /** The task's position in submit order, from 0. */
    public int task() {
        return task;
    }

    /** The task's runtime id ({@link TaskId}); {@link TaskId#INVALID} for a get/set_tensor_data call. */
    public long taskId() {
        return taskId;
    }

    /** Where the file lists the task: its op index in a ptosim program, else its tasks[] or submits[] index. */
    public int op() {
        return op;
    }

    /** The arg slot; -1 for the creation of a buffer a deps.json shows only through its readers. */
    public int arg() {
        return arg;
    }

    /** The arg's tag; null for a get/set_tensor_data call. */
    public TensorArgType type() {
        return type;
    }

    /** The buffer's index in {@link AccessGraph#buffers()}. */
    public int buffer() {
        return buffer;
    }

    /** Whether the task reads the elements (INPUT, TRACKED_INPUT, INOUT, get_tensor_data). */
    public boolean reads() {
        if (host != null) {
            return !host.call().write();
        }
        return type.reads();
    }

    /** Whether the task writes the elements (OUTPUT, INOUT, OUTPUT_EXISTING, set_tensor_data). */
    public boolean writes() {
        if (host != null) {
            return host.call().write();
        }
        return type == TensorArgType.OUTPUT || type == TensorArgType.INOUT || type == TensorArgType.OUTPUT_EXISTING;
    }

    /** Whether it is the orchestrator's get/set_tensor_data rather than a task's arg. */
    public boolean isHost() {
        return host != null;
    }

    /** {@code get_tensor_data} or {@code set_tensor_data} for a host access, else null. */
    public String hostApi() {
        return host == null ? null : host.api();
    }

    /** The element's index per dimension of the view, for a host access; else null. */
    public long[] hostIndices() {
        return host == null ? null : host.call().indices();
    }

    /** The call, for a host access; else null. */
    HostCall host() {
        return host;
    }

    /**
     * Whether the task's scope applies the dependency rules to this arg: every arg in an AUTO scope, none
     * in a manual one, the boundary args of a MANUAL_HYBRID one.
     */
    public boolean scopeTracked() {
        return scopeTracked;
    }

    /** Whether the view is manual_dep (no TensorMap lookup or registration; the creator edge stays). */
    public boolean manualDep() {
        return manualDep;
    }

    /** Whether the TensorMap sees it: scope-tracked and not manual_dep. */
    boolean inTensorMap() {
        return scopeTracked && !manualDep;
    }

    /** The elements it touches. */
    Region region() {
        return region;
    }

    /** E.g. {@code t3 (op 5) arg 1 INOUT}; {@code position} names the op index, e.g. "op 5" or "tasks[5]". */
    String describe(String position) {
        if (host != null) {
            return host.describe(position);
        }
        return TaskId.display(taskId) + " (" + position + ")" + (arg < 0 ? "" : " arg " + arg) + " " + type;
    }
}
