package io.ptosim.workloads;

import io.ptosim.node.HostBuffer;
import io.ptosim.node.NodeArg;
import io.ptosim.node.NodeProgram;
import io.ptosim.node.Ptr;
import io.ptosim.node.SubCallable;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.spi.ContinuousTensor;
import io.ptosim.spi.HostMemory;
import io.ptosim.spi.TaskArgs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * The host-device shared memory demo (l3-runtime.md §12, PR #585): {@code mallocHostDeviceShareMem} on
 * chip 0; run 1, a SUB task (the host) writes {@code v[i] = i} into the host side; run 2, a chip task on
 * worker 0 adds 1 in place to the mapped INOUT tensor through its device pointer (child_memory) and also
 * computes {@code y = x + 1} into a regular host tensor that is copied back; run 3, a SUB task copies
 * what the host now sees in the shared block into {@code seen} (no copy-back was involved); then
 * {@code freeHostDeviceShareMem}. The golden wants {@code seen[i] = i + 1} and {@code y[i] = x[i] + 1}.
 */
public final class NodeSharedMemory implements NodeWorkload {
    /** Elements of every tensor (f32). */
    static final int N = 256;
    /** A host callable's fixed cost (a Python call in a forked child). */
    static final long HOST_CALL_NS = 10_000;
    /** A host callable's bytes moved per ns. */
    static final long HOST_BYTES_PER_NS = 10;

    @Override
    public String name() {
        return "node-shared-memory";
    }

    @Override
    public String summary() {
        return "mallocHostDeviceShareMem on chip 0: the host writes the block, a kernel adds 1 through the device"
                + " pointer, the host sees it without copy-back; plus a copied-back host output (PR #585)";
    }

    @Override
    public int defaultChips() {
        return 1;
    }

    @Override
    public NodeWorkloadInstance instance(int chips) {
        NodeWorkload.requireChips(name(), chips);
        NodeProgram.Builder b = NodeProgram.builder(name());
        HostBuffer x = b.host("x", DataType.FLOAT32, N);
        HostBuffer y = b.host("y", DataType.FLOAT32, N);
        HostBuffer seen = b.host("seen", DataType.FLOAT32, N);
        Ptr.Handle[] shared = b.shareMemMalloc(0, x.bytes());
        Ptr.Handle hostSide = shared[0];
        Ptr.Handle deviceSide = shared[1];
        b.submitSub(new HostWrite(),
                new NodeArg(TensorArgType.OUTPUT_EXISTING, NodeProgram.tensor(hostSide, DataType.FLOAT32, N)));
        b.drain();
        b.submit(NodeKernels.program("shared_inc", NodeKernels.INC, N, List.of("shared"), "x"), 0,
                new NodeArg(TensorArgType.INOUT, NodeProgram.child(deviceSide, DataType.FLOAT32, N)));
        b.submit(NodeKernels.program("add_one", NodeKernels.ADD_ONE, N, List.of("x", "y"), "io"), 0,
                new NodeArg(TensorArgType.INPUT, NodeProgram.tensor(x.ptr(), DataType.FLOAT32, N)),
                new NodeArg(TensorArgType.OUTPUT_EXISTING, NodeProgram.tensor(y.ptr(), DataType.FLOAT32, N)));
        b.drain();
        b.submitSub(new HostCopy(),
                new NodeArg(TensorArgType.INPUT, NodeProgram.tensor(hostSide, DataType.FLOAT32, N)),
                new NodeArg(TensorArgType.OUTPUT_EXISTING, NodeProgram.tensor(seen.ptr(), DataType.FLOAT32, N)));
        b.drain();
        b.shareMemFree(0, hostSide);
        NodeGolden golden = NodeGolden.all(List.of(
                NodeGolden.exact(seen, e -> e + 1.0),
                NodeGolden.exact(y, e -> x(e) + 1.0)));
        return new NodeWorkloadInstance(name(), chips, 1, b.build(), Map.of("x", NodeSharedMemory::x), golden);
    }

    static double x(long e) {
        return 0.25 * (e % 64);
    }

    /** A host function's modelled time over {@code args}: a fixed call cost plus its tensors' bytes. */
    static long hostNs(TaskArgs args) {
        long bytes = 0;
        for (ContinuousTensor t : args.tensors()) {
            bytes += t.nbytes();
        }
        return HOST_CALL_NS + bytes / HOST_BYTES_PER_NS;
    }

    /** The host filling the shared block: f32 {@code v[i] = i} into its one tensor. */
    record HostWrite() implements SubCallable {
        @Override
        public String name() {
            return "host_write";
        }

        @Override
        public long durationNs(TaskArgs args) {
            return hostNs(args);
        }

        @Override
        public void run(TaskArgs args, HostMemory host) {
            ContinuousTensor t = args.tensors().get(0);
            int n = (int) (t.nbytes() / Float.BYTES);
            ByteBuffer bytes = ByteBuffer.allocate(n * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                bytes.putFloat(i);
            }
            host.writeBytes(t.data(), bytes.array(), 0, bytes.capacity());
        }
    }

    /** The host reading what it sees: copies tensor 0's bytes into tensor 1. */
    record HostCopy() implements SubCallable {
        @Override
        public String name() {
            return "host_read";
        }

        @Override
        public long durationNs(TaskArgs args) {
            return hostNs(args);
        }

        @Override
        public void run(TaskArgs args, HostMemory host) {
            ContinuousTensor from = args.tensors().get(0);
            ContinuousTensor to = args.tensors().get(1);
            byte[] bytes = new byte[(int) from.nbytes()];
            host.readBytes(from.data(), bytes, 0, bytes.length);
            host.writeBytes(to.data(), bytes, 0, bytes.length);
        }
    }
}
