package io.ptosim.program;

import io.ptosim.runtime.Strides;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The rules of {@link Program#validate()}, checked op by op. */
final class ProgramValidator {
    /** Most tensor args of one submit. */
    static final int MAX_TENSOR_ARGS = 32;
    /** Most scalar args of one submit. */
    static final int MAX_SCALAR_ARGS = 16;
    /** Most nested scopes (the implicit root scope not counted). */
    static final int MAX_SCOPE_DEPTH = 63;

    private final Program program;
    /** The farthest any op refers back so far: {@code max(index - referenced op)}. */
    private int reach;
    /** Highest version above 0 seen per buffer (absent = 0); only looked up by key, never iterated. */
    private final Map<BufferRef, Integer> versions = new HashMap<>();

    ProgramValidator(Program program) {
        this.program = program;
    }

    /** After {@link #run}: the farthest any op referred back (index minus the referenced op's), 0 if none did. */
    int reach() {
        return reach;
    }

    /**
     * Where a rule broke: op index and kind, then a field; formatted only when an error is thrown. One
     * object per level, moved along as the check goes (a program of 65 k tasks made 16 MB of them).
     */
    private static final class Location {
        private final Location parent;
        private Location child;
        private int op;
        private String kind;
        private String field;
        private int index;

        Location(Location parent) {
            this.parent = parent;
        }

        /** This top-level location, moved to op {@code at}. */
        Location op(int at, String opKind) {
            op = at;
            kind = opKind;
            return this;
        }

        /** The field location below this one, moved to {@code name[i]} ({@code name} alone for -1). */
        Location child(String name, int i) {
            if (child == null) {
                child = new Location(this);
            }
            child.field = name;
            child.index = i;
            return child;
        }

        @Override
        public String toString() {
            if (parent == null) {
                return "op " + op + " (" + kind + ")";
            }
            return parent + ": " + field + (index >= 0 ? "[" + index + "]" : "");
        }
    }

    private final Location opAt = new Location(null);

    /**
     * Checks every op.
     *
     * @return the tasks the program makes (its submits and alloc_tensors)
     */
    long run() {
        List<Op> ops = program.ops();
        int depth = 0;
        long tasks = 0;
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            Location at = opAt.op(i, op.kind());
            switch (op) {
                case Op.ScopeBegin b -> {
                    if (++depth > MAX_SCOPE_DEPTH) {
                        throw new ProgramException(at + ": scopes nest deeper than " + MAX_SCOPE_DEPTH);
                    }
                }
                case Op.ScopeEnd e -> {
                    if (--depth < 0) {
                        throw new ProgramException(at + ": no scope is open");
                    }
                }
                case Op.Submit s -> {
                    submit(i, at, s);
                    tasks++;
                }
                case Op.AllocTensors a -> {
                    tasks++;
                    if (a.outputs().isEmpty() || a.outputs().size() > MAX_TENSOR_ARGS) {
                        throw new ProgramException(at + ": outputs has " + a.outputs().size() + " entries; expected 1 to "
                                + MAX_TENSOR_ARGS);
                    }
                    for (int k = 0; k < a.outputs().size(); k++) {
                        output(at.child("outputs", k), a.outputs().get(k));
                    }
                }
                case Op.AddDependency d -> {
                    task(at.child("producer", -1), d.producerOp(), i);
                    task(at.child("consumer", -1), d.consumerOp(), i);
                }
                case Op.TensorData d -> {
                    tensor(at.child("tensor", -1), d.tensor(), i);
                    long[] indices = d.indices();
                    int[] shape = d.tensor().shape();
                    if (indices.length != shape.length) {
                        throw new ProgramException(at + ": indices has " + indices.length + " entries but the tensor has "
                                + shape.length + " dims");
                    }
                    for (int k = 0; k < indices.length; k++) {
                        if (indices[k] < 0 || indices[k] >= shape[k]) {
                            throw new ProgramException(at + ": indices[" + k + "] = " + indices[k] + "; expected 0 to "
                                    + (shape[k] - 1));
                        }
                    }
                }
            }
        }
        if (depth != 0) {
            throw new ProgramException("program ends with " + depth + " scope(s) still open");
        }
        return tasks;
    }

    private void submit(int index, Location at, Op.Submit s) {
        int[] kernels = s.kernelIds();
        if (kernels.length != 3) {
            throw new ProgramException(at + ": kernel_ids has " + kernels.length + " entries; expected [aic, aiv0, aiv1]");
        }
        for (int k = 0; k < 3; k++) {
            if (kernels[k] < -1) {
                throw new ProgramException(at + ": kernel_ids[" + k + "] = " + kernels[k] + "; expected -1 or a kernel id");
            }
        }
        if (s.blockNum() < 1) {
            throw new ProgramException(at + ": block_num = " + s.blockNum() + "; expected >= 1");
        }
        int tensors = 0;
        int scalars = 0;
        List<Arg> args = s.args();
        for (int k = 0; k < args.size(); k++) {
            Location where = at.child("args", k);
            Arg arg = args.get(k);
            if (arg instanceof Arg.ScalarArg) {
                if (++scalars > MAX_SCALAR_ARGS) {
                    throw new ProgramException(where + ": more than " + MAX_SCALAR_ARGS + " scalar args");
                }
                continue;
            }
            if (scalars > 0) {
                throw new ProgramException(where + ": a tensor arg after a scalar; tensors come first");
            }
            if (++tensors > MAX_TENSOR_ARGS) {
                throw new ProgramException(where + ": more than " + MAX_TENSOR_ARGS + " tensor args");
            }
            switch (arg) {
                case Arg.OutputArg o -> output(where, o);
                case Arg.TensorArg t -> tensor(where, t.tensor(), index);
                case Arg.ScalarArg sc -> throw new IllegalStateException("handled above");
            }
        }
        for (int k = 0; k < s.deps().size(); k++) {
            task(at.child("deps", k), s.deps().get(k).op(), index);
        }
    }

    private void output(Location where, Arg.OutputArg o) {
        shape(where, o.shape());
    }

    private static void shape(Location where, int[] shape) {
        if (shape.length < 1 || shape.length > 5) {
            throw new ProgramException(where + ": shape has " + shape.length + " dims; expected 1 to 5");
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new ProgramException(where + ": shape[" + i + "] = " + shape[i] + "; expected >= 0");
            }
        }
    }

    private void tensor(Location where, Tensor t, int index) {
        int[] shape = t.shape();
        long[] strides = t.strides();
        shape(where, shape);
        if (strides.length != shape.length) {
            throw new ProgramException(where + ": strides has " + strides.length + " dims but shape has " + shape.length);
        }
        for (int i = 0; i < strides.length; i++) {
            if (strides[i] < 1) {
                throw new ProgramException(where + ": strides[" + i + "] = " + strides[i] + "; expected >= 1");
            }
        }
        if (t.startOffset() < 0) {
            throw new ProgramException(where + ": start_offset = " + t.startOffset() + "; expected >= 0");
        }
        long bufferBytes = bufferBytes(where, t.buffer(), index);
        long numel = bufferBytes / t.dtype().bytes();
        long extent;
        try {
            extent = Strides.extent(shape, strides);
        } catch (IllegalArgumentException e) {
            throw new ProgramException(where + ": " + e.getMessage());
        }
        if (extent > 0 && (extent > numel || t.startOffset() > numel - extent)) {
            throw new ProgramException(where + ": view [" + t.startOffset() + ", " + t.startOffset() + " + " + extent
                    + ") elements lies outside its buffer of " + numel + " " + t.dtype() + " elements");
        }
        Integer before = versions.get(t.buffer());
        if (before != null && t.version() < before) {
            throw new ProgramException(where + ": version " + t.version() + " is below version " + before
                    + " already used on " + t.buffer() + "; versions never decrease on a buffer");
        }
        if (before != null ? t.version() > before : t.version() > 0) {
            versions.put(t.buffer(), t.version());
        }
    }

    private long bufferBytes(Location where, BufferRef ref, int index) {
        switch (ref) {
            case BufferRef.External e -> {
                if (e.index() < 0 || e.index() >= program.externals().size()) {
                    throw new ProgramException(where + ": external buffer " + e.index() + " is not declared ("
                            + program.externals().size() + " externals)");
                }
                return program.externals().get(e.index()).sizeBytes();
            }
            case BufferRef.Output o -> {
                return outputBytes(outputOf(where, o, index));
            }
        }
    }

    /** Bytes the runtime gives an OUTPUT: {@code ALIGN_UP(numel * elem, 1024)}. */
    static long outputBytes(Arg.OutputArg o) {
        return o.spec().paddedBytes();
    }

    /** The output {@code o} names, which must be an earlier task's. */
    private Arg.OutputArg outputOf(Location where, BufferRef.Output o, int index) {
        int count = 0;
        switch (task(where, o.op(), index)) {
            case Op.Submit s -> {
                for (Arg a : s.args()) {
                    if (a instanceof Arg.OutputArg out) {
                        if (count == o.output()) {
                            return out;
                        }
                        count++;
                    }
                }
            }
            case Op.AllocTensors a -> {
                if (o.output() >= 0 && o.output() < a.outputs().size()) {
                    return a.outputs().get(o.output());
                }
                count = a.outputs().size();
            }
            default -> throw new IllegalStateException("task() admits only submits and alloc_tensors");
        }
        throw new ProgramException(where + ": op " + o.op() + " has " + count + " outputs, not output " + o.output());
    }

    /** The earlier task op {@code op} refers to. */
    private Op task(Location where, int op, int index) {
        if (op < 0 || op >= index) {
            throw new ProgramException(where + ": refers to op " + op + ", which is not an earlier op");
        }
        reach = Math.max(reach, index - op);
        Op target = program.ops().get(op);
        if (!(target instanceof Op.Submit) && !(target instanceof Op.AllocTensors)) {
            throw new ProgramException(where + ": refers to op " + op + " (" + target.kind()
                    + "), which is not a task; expected a submit or alloc_tensors");
        }
        return target;
    }
}
