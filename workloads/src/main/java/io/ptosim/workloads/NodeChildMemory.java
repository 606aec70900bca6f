package io.ptosim.workloads;

import io.ptosim.node.HostBuffer;
import io.ptosim.node.NodeArg;
import io.ptosim.node.NodeProgram;
import io.ptosim.node.Ptr;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorArgType;
import java.util.List;
import java.util.Map;

/**
 * The child_memory scene (l3-runtime.md §11, PR #579): {@code malloc} a weight on worker 0,
 * {@code copy_to} it once, then two chip tasks pinned to worker 0 use it in place as a child_memory
 * tensor: {@code out1 = x1 + w} with the weight BETWEEN two host tensors (so a positional copy-back
 * would write the wrong buffer), and {@code out2 = x2 · w} into a second device buffer that the host
 * fetches with {@code copy_from} after the drain; both device buffers are then freed.
 */
public final class NodeChildMemory implements NodeWorkload {
    /** Elements of every tensor (f32). */
    static final int N = 256;

    @Override
    public String name() {
        return "node-child-memory";
    }

    @Override
    public String summary() {
        return "malloc + copy_to a weight on chip 0, two tasks use it in place as child_memory (out1 = x1 + w,"
                + " out2 = x2 * w), copy_from, free (PR #579)";
    }

    @Override
    public int defaultChips() {
        return 1;
    }

    @Override
    public NodeWorkloadInstance instance(int chips) {
        NodeWorkload.requireChips(name(), chips);
        NodeProgram.Builder b = NodeProgram.builder(name());
        HostBuffer w = b.host("w", DataType.FLOAT32, N);
        HostBuffer x1 = b.host("x1", DataType.FLOAT32, N);
        HostBuffer x2 = b.host("x2", DataType.FLOAT32, N);
        HostBuffer out1 = b.host("out1", DataType.FLOAT32, N);
        HostBuffer out2 = b.host("out2", DataType.FLOAT32, N);
        long bytes = w.bytes();
        Ptr.Handle wDev = b.malloc(0, bytes);
        Ptr.Handle out2Dev = b.malloc(0, bytes);
        b.copyTo(0, wDev, w.ptr(), bytes);
        b.submit(NodeKernels.program("child_add", NodeKernels.ADD, N, List.of("x", "w", "out"), "iio"), 0,
                new NodeArg(TensorArgType.INPUT, NodeProgram.tensor(x1.ptr(), DataType.FLOAT32, N)),
                new NodeArg(TensorArgType.INPUT, NodeProgram.child(wDev, DataType.FLOAT32, N)),
                new NodeArg(TensorArgType.OUTPUT_EXISTING, NodeProgram.tensor(out1.ptr(), DataType.FLOAT32, N)));
        b.submit(NodeKernels.program("child_mul", NodeKernels.MUL, N, List.of("w", "x", "out"), "iio"), 0,
                new NodeArg(TensorArgType.INPUT, NodeProgram.child(wDev, DataType.FLOAT32, N)),
                new NodeArg(TensorArgType.INPUT, NodeProgram.tensor(x2.ptr(), DataType.FLOAT32, N)),
                new NodeArg(TensorArgType.OUTPUT_EXISTING, NodeProgram.child(out2Dev, DataType.FLOAT32, N)));
        b.drain();
        b.copyFrom(0, out2.ptr(), out2Dev, bytes);
        b.free(0, wDev);
        b.free(0, out2Dev);
        NodeGolden golden = NodeGolden.all(List.of(
                NodeGolden.exact(out1, e -> x1(e) + weight(e)),
                NodeGolden.exact(out2, e -> (double) ((float) x2(e) * (float) weight(e)))));
        return new NodeWorkloadInstance(name(), chips, 0, b.build(),
                Map.of("w", NodeChildMemory::weight, "x1", NodeChildMemory::x1, "x2", NodeChildMemory::x2), golden);
    }

    static double weight(long e) {
        return 0.5 * (e % 16);
    }

    static double x1(long e) {
        return e % 10;
    }

    static double x2(long e) {
        return 1 + e % 3;
    }
}
