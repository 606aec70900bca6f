package io.ptosim.workloads;

import io.ptosim.node.HostBuffer;
import io.ptosim.node.NodeArg;
import io.ptosim.node.NodeProgram;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.spi.ChipCallable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the scheduling policies part ways (l3-runtime.md §8, §15 scenarios 34 and 35): a long task
 * pinned to chip 0, short tasks pinned to chip 0 behind it, then a chain of unpinned short tasks (each
 * adds x to the previous one's output). Under two-pass a pinned task that cannot be placed goes to the
 * tail and stops its queue for the pass, so each link of the chain waits for the scheduler's next 1 ms
 * tick; under directed the chain runs on the idle chips at once. Results are checked on the host.
 */
public final class NodeAffinity implements NodeWorkload {
    /** Elements of the long task's tensors. */
    static final int LONG = 1 << 20;
    /** Elements of a short task's tensors. */
    static final int SHORT = 4096;
    /** Short tasks pinned to chip 0 behind the long one. */
    static final int PINNED = 4;
    /** Unpinned short tasks, each reading the previous one's output. */
    static final int CHAIN = 8;

    @Override
    public String name() {
        return "node-affinity";
    }

    @Override
    public String summary() {
        return "a long task and short ones pinned to chip 0, then a chain of unpinned tasks: compare --policy"
                + " two-pass and directed";
    }

    @Override
    public int defaultChips() {
        return 2;
    }

    @Override
    public NodeWorkloadInstance instance(int chips) {
        NodeWorkload.requireChips(name(), chips);
        if (chips < 2) {
            throw new IllegalArgumentException("--chips " + chips + ": " + name() + " needs at least 2 chips");
        }
        NodeProgram.Builder b = NodeProgram.builder(name());
        HostBuffer xl = b.host("x_long", DataType.FLOAT32, LONG);
        HostBuffer xs = b.host("x_short", DataType.FLOAT32, SHORT);
        HostBuffer outLong = b.host("out_long", DataType.FLOAT32, LONG);
        ChipCallable longAdd = NodeKernels.program("double_long", NodeKernels.ADD, LONG, List.of("a", "b", "out"),
                "iio");
        ChipCallable shortAdd = NodeKernels.program("double_short", NodeKernels.ADD, SHORT, List.of("a", "b", "out"),
                "iio");
        b.submit(longAdd, 0, in(xl, LONG), in(xl, LONG), out(outLong, LONG));
        List<NodeGolden> checks = new ArrayList<>();
        checks.add(NodeGolden.exact(outLong, e -> 2 * value(e)));
        for (int i = 0; i < PINNED; i++) {
            HostBuffer o = b.host("pinned" + i, DataType.FLOAT32, SHORT);
            b.submit(shortAdd, 0, in(xs, SHORT), in(xs, SHORT), out(o, SHORT));
            checks.add(NodeGolden.exact(o, e -> 2 * value(e)));
        }
        HostBuffer previous = xs;
        for (int i = 0; i < CHAIN; i++) {
            HostBuffer o = b.host("chain" + i, DataType.FLOAT32, SHORT);
            b.submit(shortAdd, -1, in(previous, SHORT), in(xs, SHORT), out(o, SHORT));
            int times = i + 2;
            checks.add(NodeGolden.exact(o, e -> times * value(e)));
            previous = o;
        }
        Map<String, io.ptosim.kernel.ElementSource> inputs = new LinkedHashMap<>();
        inputs.put("x_long", NodeAffinity::value);
        inputs.put("x_short", NodeAffinity::value);
        return new NodeWorkloadInstance(name(), chips, 0, b.build(), inputs, NodeGolden.all(checks));
    }

    private static NodeArg in(HostBuffer b, int n) {
        return new NodeArg(TensorArgType.INPUT, NodeProgram.tensor(b.ptr(), DataType.FLOAT32, n));
    }

    private static NodeArg out(HostBuffer b, int n) {
        return new NodeArg(TensorArgType.OUTPUT_EXISTING, NodeProgram.tensor(b.ptr(), DataType.FLOAT32, n));
    }

    static double value(long e) {
        return e % 100;
    }
}
