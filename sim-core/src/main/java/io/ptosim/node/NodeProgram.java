package io.ptosim.node;

import io.ptosim.runtime.DataType;
import io.ptosim.spi.ChipCallConfig;
import io.ptosim.spi.ChipCallable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A node orchestration as data: the host buffers it names and the ops the user's function calls, in
 * order, ending with a {@link NodeOp.Drain}. Addresses not known in advance ({@code malloc},
 * {@code alloc}, auto-allocated outputs, shared memory) are {@link Ptr.Handle}s, {@code handles} of them.
 *
 * @param name for messages and summaries
 * @param hostBuffers the host buffers, at distinct addresses
 * @param handles how many handles the ops define
 * @param ops the ops
 */
public record NodeProgram(String name, List<HostBuffer> hostBuffers, int handles, List<NodeOp> ops) {
    /** The first host buffer address a {@link Builder} hands out. */
    public static final long HOST_BASE = 0x10_0000_0000L;
    /** Host buffer alignment a {@link Builder} uses. */
    public static final long HOST_ALIGN = 4096;

    /** Copies the lists and checks it ends with a drain. */
    public NodeProgram {
        Objects.requireNonNull(name, "name");
        hostBuffers = List.copyOf(hostBuffers);
        ops = List.copyOf(ops);
        if (ops.isEmpty() || !(ops.get(ops.size() - 1) instanceof NodeOp.Drain)) {
            throw new IllegalArgumentException("node program '" + name + "' must end with a drain");
        }
    }

    /** The host buffer named {@code name}. */
    public HostBuffer hostBuffer(String bufferName) {
        for (HostBuffer b : hostBuffers) {
            if (b.name().equals(bufferName)) {
                return b;
            }
        }
        throw new IllegalArgumentException("node program '" + name + "' has no host buffer '" + bufferName + "'");
    }

    /** Submits in the program (single and group, chip and SUB). */
    public int submits() {
        int n = 0;
        for (NodeOp op : ops) {
            n += op instanceof NodeOp.SubmitChip || op instanceof NodeOp.SubmitSub ? 1 : 0;
        }
        return n;
    }

    /**
     * The chip callables the program submits, by name, in first-use order: what it brings for backends
     * that run definitions (the sim backend's programs with Java kernels).
     *
     * @throws IllegalArgumentException if two different callables share a name
     */
    public Map<String, ChipCallable> chipCallables() {
        Map<String, ChipCallable> byName = new LinkedHashMap<>();
        for (NodeOp op : ops) {
            if (op instanceof NodeOp.SubmitChip s) {
                ChipCallable before = byName.putIfAbsent(s.callable().name(), s.callable());
                if (before != null && !before.equals(s.callable())) {
                    throw new IllegalArgumentException("node program '" + name + "' submits two different callables named '"
                            + s.callable().name() + "'; chip tasks refer to callables by name");
                }
            }
        }
        return byName;
    }

    /** A builder for a program named {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A tensor at {@code data}. */
    public static NodeTensor tensor(Ptr data, DataType dtype, int... shapes) {
        return new NodeTensor(data, shapes, dtype, false);
    }

    /**
     * A view of the buffer of {@code bufferElements} elements at {@code data}: {@code shape} elements with
     * element {@code strides} from element {@code startOffset} (e.g. a column block or a tile of a matrix).
     */
    public static NodeTensor view(Ptr data, DataType dtype, long bufferElements, long startOffset, int[] shape,
            long... strides) {
        return new NodeTensor(data, shape, dtype, false, startOffset, strides, bufferElements);
    }

    /** A {@code child_memory} tensor: device memory at {@code data} on the worker that runs the task. */
    public static NodeTensor child(Ptr data, DataType dtype, int... shapes) {
        return new NodeTensor(data, shapes, dtype, true);
    }

    /** Builds a {@link NodeProgram} the way an orchestration function reads. */
    public static final class Builder {
        private final String name;
        private final List<HostBuffer> hostBuffers = new ArrayList<>();
        private final List<NodeOp> ops = new ArrayList<>();
        private long nextHost = HOST_BASE;
        private int handles;

        private Builder(String name) {
            this.name = name;
        }

        /** Declares a host buffer of {@code elements} elements of {@code dtype}. */
        public HostBuffer host(String bufferName, DataType dtype, long elements) {
            for (HostBuffer b : hostBuffers) {
                if (b.name().equals(bufferName)) {
                    throw new IllegalArgumentException("host buffer '" + bufferName + "' declared twice");
                }
            }
            HostBuffer b = new HostBuffer(bufferName, nextHost, elements * dtype.bytes(), dtype);
            nextHost += (b.bytes() + HOST_ALIGN - 1) / HOST_ALIGN * HOST_ALIGN;
            hostBuffers.add(b);
            return b;
        }

        /** A fresh handle named {@code what}. */
        public Ptr.Handle handle(String what) {
            return new Ptr.Handle(handles++, what);
        }

        /** A tensor to be auto-allocated from the heap ring by the OUTPUT that first writes it. */
        public NodeTensor output(String what, DataType dtype, int... shapes) {
            return tensor(handle(what), dtype, shapes);
        }

        /** {@code submit_next_level(callable, args, config, worker)}. */
        public Builder submit(ChipCallable callable, int worker, ChipCallConfig config, NodeMember member) {
            ops.add(new NodeOp.SubmitChip(callable, List.of(member), new int[] {worker}, config, false));
            return this;
        }

        /** {@code submit_next_level} with the default config. */
        public Builder submit(ChipCallable callable, int worker, NodeArg... args) {
            return submit(callable, worker, ChipCallConfig.DEFAULT, NodeMember.of(args));
        }

        /** {@code submit_next_level_group(callable, members, config, workers)}; empty workers = all −1. */
        public Builder submitGroup(ChipCallable callable, ChipCallConfig config, int[] workers, List<NodeMember> members) {
            int[] w = workers.length == 0 ? filled(members.size()) : workers;
            ops.add(new NodeOp.SubmitChip(callable, members, w, config, true));
            return this;
        }

        /** {@code submit_sub(callable, args)}. */
        public Builder submitSub(SubCallable callable, NodeArg... args) {
            ops.add(new NodeOp.SubmitSub(callable, List.of(NodeMember.of(args)), false));
            return this;
        }

        /** {@code submit_sub_group(callable, members)}. */
        public Builder submitSubGroup(SubCallable callable, List<NodeMember> members) {
            ops.add(new NodeOp.SubmitSub(callable, members, true));
            return this;
        }

        /** {@code alloc(shape, dtype)}: returns the slab's address handle. */
        public Ptr.Handle alloc(DataType dtype, int... shape) {
            Ptr.Handle h = handle("alloc" + ops.size());
            ops.add(new NodeOp.Alloc(h, shape, dtype));
            return h;
        }

        /** {@code malloc(worker, bytes)}: returns the device pointer's handle. */
        public Ptr.Handle malloc(int worker, long bytes) {
            Ptr.Handle h = handle("malloc" + ops.size() + "@w" + worker);
            ops.add(new NodeOp.Malloc(h, worker, bytes));
            return h;
        }

        /** {@code free(worker, ptr)}. */
        public Builder free(int worker, Ptr ptr) {
            ops.add(new NodeOp.Free(worker, ptr));
            return this;
        }

        /** {@code copy_to(worker, dst, src, bytes)}. */
        public Builder copyTo(int worker, Ptr deviceDst, Ptr hostSrc, long bytes) {
            ops.add(new NodeOp.CopyTo(worker, deviceDst, hostSrc, bytes));
            return this;
        }

        /** {@code copy_from(worker, dst, src, bytes)}. */
        public Builder copyFrom(int worker, Ptr hostDst, Ptr deviceSrc, long bytes) {
            ops.add(new NodeOp.CopyFrom(worker, hostDst, deviceSrc, bytes));
            return this;
        }

        /** {@code mallocHostDeviceShareMem} on {@code worker}'s chip: returns {host, device} handles. */
        public Ptr.Handle[] shareMemMalloc(int worker, long bytes) {
            Ptr.Handle hostPtr = handle("share" + ops.size() + ".host");
            Ptr.Handle devPtr = handle("share" + ops.size() + ".dev");
            ops.add(new NodeOp.ShareMemMalloc(hostPtr, devPtr, worker, bytes));
            return new Ptr.Handle[] {hostPtr, devPtr};
        }

        /** {@code freeHostDeviceShareMem}. */
        public Builder shareMemFree(int worker, Ptr hostPtr) {
            ops.add(new NodeOp.ShareMemFree(worker, hostPtr));
            return this;
        }

        /** {@code scope_begin}. */
        public Builder scopeBegin() {
            ops.add(new NodeOp.ScopeBegin());
            return this;
        }

        /** {@code scope_end}. */
        public Builder scopeEnd() {
            ops.add(new NodeOp.ScopeEnd());
            return this;
        }

        /** Ends the current run (see {@link NodeOp.Drain}); a failed run ends the program. */
        public Builder drain() {
            ops.add(new NodeOp.Drain());
            return this;
        }

        /** Ends the current run; a failed run keeps its error and the next run starts anyway. */
        public Builder drainContinuingAfterFailure() {
            ops.add(new NodeOp.Drain(true));
            return this;
        }

        /** Any op. */
        public Builder add(NodeOp op) {
            ops.add(op);
            return this;
        }

        /** The program, with a final drain added when the last op is not one. */
        public NodeProgram build() {
            List<NodeOp> all = new ArrayList<>(ops);
            if (all.isEmpty() || !(all.get(all.size() - 1) instanceof NodeOp.Drain)) {
                all.add(new NodeOp.Drain());
            }
            return new NodeProgram(name, hostBuffers, handles, all);
        }

        private static int[] filled(int n) {
            int[] w = new int[n];
            Arrays.fill(w, -1);
            return w;
        }
    }
}
