package io.ptosim.traces;

import io.ptosim.program.Arg;
import io.ptosim.program.BufferRef;
import io.ptosim.program.ExplicitDep;
import io.ptosim.program.ExternalBuffer;
import io.ptosim.program.Op;
import io.ptosim.program.Program;
import io.ptosim.program.ProgramException;
import io.ptosim.program.Tensor;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.DepKind;
import io.ptosim.runtime.ScopeMode;
import io.ptosim.runtime.SubmitRecord;
import io.ptosim.runtime.TaskArg;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.runtime.TensorView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a conformance-vector program (submits with resolved addresses) into a runnable {@link Program}.
 * A vector records everything the dependency rules need, so nothing is guessed:
 * <ul>
 *   <li><b>Buffers.</b> A view with an {@code owner_task_id} is a view of the owner's OUTPUT whose
 *       recorded address it names; any other is an external buffer. Externals keep their recorded
 *       address as their name but are placed anew, packed from {@link #EXTERNAL_BASE} in address order,
 *       as large as the largest {@code buffer_size} recorded for them: a recorded address could fall
 *       inside the simulated heaps. Distinct addresses stay distinct, so the edges do not change.</li>
 *   <li><b>Scopes.</b> A task's ring is its scope depth (ring 3: depth 3 or more); a {@code "manual"}
 *       task sits in a MANUAL scope. The builder opens and closes the fewest scopes that give each task
 *       its ring and kind, in submit order (scopes it opens on the way to a manual one are AUTO unless a
 *       manual one is already open); scopes of one ring and kind are not split (the file does not record
 *       where one ended and the next began).</li>
 *   <li><b>Explicit deps</b> become WAIT_RETAIN deps on the earlier submits (set_dependencies).</li>
 *   <li><b>Kernel ids</b> are informational in a vector, and one func id may sit in an AIC slot of one
 *       submit and an AIV slot of another, which no kernel can run (a kernel has one core type). Such an
 *       id's AIV uses get a new id above every id the vector names (in ascending order of the ids), and
 *       {@link Built#aivAliases} says which.</li>
 * </ul>
 * The resulting program's submits get the vector's task ids when its local ids count up from 0 per
 * ring, as the reference assigns them, so its dependency replay gives the vector's edges.
 */
public final class VectorProgramBuilder {
    /** Where external buffers start: below the chip's heaps, which begin at 64 GiB. */
    static final long EXTERNAL_BASE = 1L << 32;
    private static final long EXTERNAL_ALIGN = 4096;
    private static final int DEEPEST_RING = 3;

    private final VectorProgram vector;
    private final String source;
    private final Map<Long, Integer> externalIndex = new HashMap<>();
    private final List<ExternalBuffer> externals = new ArrayList<>();
    private final Map<Long, Integer> opOfTask = new HashMap<>();
    /** Per submitted task, the OUTPUT slot each recorded output address takes. */
    private final Map<Long, Map<Long, Integer>> outputSlots = new HashMap<>();
    private final List<Op> ops = new ArrayList<>();
    /** The open scopes' modes, outermost first (the implicit root scope, AUTO at depth 0, is not listed). */
    private final List<ScopeMode> open = new ArrayList<>();

    /** Per func id named in both an AIC and an AIV slot, the id its AIV uses take. */
    private final Map<Integer, Integer> aivIds = new TreeMap<>();

    /**
     * A runnable program built from a vector.
     *
     * @param program the program (validated)
     * @param aivAliases per new func id, the vector's func id whose AIV-slot uses it stands for (ascending)
     */
    public record Built(Program program, Map<Integer, Integer> aivAliases) {
        /** Copies the map in id order. */
        public Built {
            aivAliases = Collections.unmodifiableMap(new TreeMap<>(aivAliases));
        }
    }

    private VectorProgramBuilder(VectorProgram vector, String source) {
        this.vector = vector;
        this.source = source;
    }

    /**
     * The runnable program of {@code vector}; {@code source} names the file in errors.
     *
     * @throws TraceFormatException naming the file and submit when a view names an owner that is not an
     *     earlier submit or an address that is none of its outputs, or a manual task sits on ring 0
     */
    public static Built build(VectorProgram vector, String source) {
        return new VectorProgramBuilder(vector, source).build();
    }

    private Built build() {
        placeExternals();
        splitKernelIds();
        List<SubmitRecord> submits = vector.submits();
        for (int i = 0; i < submits.size(); i++) {
            SubmitRecord s = submits.get(i);
            enterScopeFor(s, i);
            opOfTask.put(s.taskId(), ops.size());
            ops.add(submit(s, i));
        }
        while (!open.isEmpty()) {
            closeScope();
        }
        Map<Integer, Integer> aliases = new TreeMap<>();
        aivIds.forEach((id, alias) -> aliases.put(alias, id));
        try {
            return new Built(new Program(vector.name(), externals, ops).validate(), aliases);
        } catch (ProgramException e) {
            throw new TraceFormatException(source + ": the program built from its submits breaks a rule: "
                    + e.getMessage(), e);
        }
    }

    /** Every address a view without an owner names becomes an external, packed in address order. */
    private void placeExternals() {
        TreeMap<Long, long[]> sizes = new TreeMap<>(Long::compareUnsigned);
        Map<Long, DataType> dtypes = new HashMap<>();
        for (SubmitRecord s : vector.submits()) {
            for (TaskArg a : s.args()) {
                TensorView v = a.view();
                if (a.type() == TensorArgType.OUTPUT || v.ownerTaskId() != TaskId.INVALID) {
                    continue;
                }
                long[] size = sizes.computeIfAbsent(v.bufferAddr(), k -> new long[1]);
                size[0] = Math.max(size[0], v.bufferSize());
                dtypes.putIfAbsent(v.bufferAddr(), v.dtype());
            }
        }
        long next = EXTERNAL_BASE;
        for (Map.Entry<Long, long[]> e : sizes.entrySet()) {
            externalIndex.put(e.getKey(), externals.size());
            externals.add(new ExternalBuffer("ext@0x" + Long.toHexString(e.getKey()), next, e.getValue()[0],
                    dtypes.get(e.getKey())));
            next += (e.getValue()[0] + EXTERNAL_ALIGN - 1) / EXTERNAL_ALIGN * EXTERNAL_ALIGN + EXTERNAL_ALIGN;
        }
    }

    /** Gives the AIV uses of every func id that also sits in an AIC slot a new id. */
    private void splitKernelIds() {
        TreeMap<Integer, Boolean> aic = new TreeMap<>();
        TreeMap<Integer, Boolean> aiv = new TreeMap<>();
        int max = -1;
        for (SubmitRecord s : vector.submits()) {
            int[] k = s.kernelIds();
            for (int slot = 0; slot < k.length; slot++) {
                if (k[slot] >= 0) {
                    (slot == 0 ? aic : aiv).put(k[slot], true);
                    max = Math.max(max, k[slot]);
                }
            }
        }
        for (int id : aiv.keySet()) {
            if (aic.containsKey(id)) {
                if (max == Integer.MAX_VALUE) {
                    throw new TraceFormatException(source + ": func id " + id + " is named in AIC and AIV slots and no"
                            + " free id is left above " + max + " for its AIV uses");
                }
                aivIds.put(id, ++max);
            }
        }
    }

    /** Closes and opens scopes until the innermost one gives submit {@code s} its ring and kind. */
    private void enterScopeFor(SubmitRecord s, int index) {
        int ring = TaskId.ring(s.taskId());
        ScopeMode mode = s.manualScope() ? ScopeMode.MANUAL : ScopeMode.AUTO;
        if (mode == ScopeMode.MANUAL && ring == 0) {
            throw new TraceFormatException(source + ": submits[" + index + "]: a manual task on ring 0; a manual scope"
                    + " is at depth 1 or more, so its tasks are on ring 1 to 3");
        }
        while (!fits(ring, mode)) {
            closeScope();
        }
        while (open.size() < ring) {
            ScopeMode m = open.size() + 1 == ring || open.contains(ScopeMode.MANUAL) ? mode : ScopeMode.AUTO;
            ops.add(new Op.ScopeBegin(m));
            open.add(m);
        }
    }

    /**
     * Whether the open scopes can hold a task of {@code ring} and {@code mode}, now or after opening
     * scopes of that mode: not too deep, the innermost of the right kind when at the ring, and no manual
     * scope around an AUTO one (the runtime refuses AUTO inside MANUAL).
     */
    private boolean fits(int ring, ScopeMode mode) {
        int depth = open.size();
        int ringOfDepth = Math.min(depth, DEEPEST_RING);
        if (ringOfDepth > ring) {
            return false;
        }
        ScopeMode innermost = depth == 0 ? ScopeMode.AUTO : open.get(depth - 1);
        if (ringOfDepth == ring) {
            return innermost == mode;
        }
        return mode == ScopeMode.MANUAL || !open.contains(ScopeMode.MANUAL);
    }

    private void closeScope() {
        ops.add(new Op.ScopeEnd());
        open.remove(open.size() - 1);
    }

    private Op.Submit submit(SubmitRecord s, int index) {
        String at = "submits[" + index + "]";
        List<Arg> args = new ArrayList<>();
        Map<Long, Integer> slots = new HashMap<>();
        int outputs = 0;
        List<TaskArg> taskArgs = s.args();
        for (int i = 0; i < taskArgs.size(); i++) {
            TaskArg a = taskArgs.get(i);
            TensorView v = a.view();
            if (a.type() == TensorArgType.OUTPUT) {
                slots.putIfAbsent(v.bufferAddr(), outputs++);
                args.add(new Arg.OutputArg(v.dtype(), v.shape(), v.manualDep()));
            } else {
                args.add(new Arg.TensorArg(a.type(), new Tensor(buffer(v, at + ".args[" + i + "]"), v.dtype(), v.shape(),
                        v.strides(), v.startOffset(), v.version(), v.manualDep())));
            }
        }
        outputSlots.put(s.taskId(), slots);
        List<ExplicitDep> deps = new ArrayList<>();
        for (int i = 0; i < s.explicitDeps().size(); i++) {
            long id = s.explicitDeps().get(i);
            Integer op = opOfTask.get(id);
            if (op == null) {
                throw new TraceFormatException(source + ": " + at + ".explicit_deps[" + i + "]: task "
                        + Long.toUnsignedString(id) + " is not an earlier submit");
            }
            deps.add(new ExplicitDep(op, DepKind.WAIT_RETAIN));
        }
        int[] kernels = s.kernelIds();
        for (int slot = 1; slot < kernels.length; slot++) {
            kernels[slot] = aivIds.getOrDefault(kernels[slot], kernels[slot]);
        }
        return new Op.Submit(kernels, args, deps, s.blockNum(), false, s.earlyDispatch());
    }

    private BufferRef buffer(TensorView v, String at) {
        long owner = v.ownerTaskId();
        if (owner == TaskId.INVALID) {
            return new BufferRef.External(externalIndex.get(v.bufferAddr()));
        }
        Integer op = opOfTask.get(owner);
        if (op == null) {
            throw new TraceFormatException(source + ": " + at + ".owner_task_id: task " + Long.toUnsignedString(owner)
                    + " is not an earlier submit");
        }
        Integer slot = outputSlots.get(owner).get(v.bufferAddr());
        if (slot == null) {
            throw new TraceFormatException(source + ": " + at + ".buffer_addr: " + Long.toUnsignedString(v.bufferAddr())
                    + " is not the address of an OUTPUT of task " + Long.toUnsignedString(owner));
        }
        return new BufferRef.Output(op, slot);
    }
}
