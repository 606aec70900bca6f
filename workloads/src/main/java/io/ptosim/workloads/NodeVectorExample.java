package io.ptosim.workloads;

import io.ptosim.endpoint.SimCallable;
import io.ptosim.kernel.ElementSource;
import io.ptosim.node.HostBuffer;
import io.ptosim.node.NodeArg;
import io.ptosim.node.NodeProgram;
import io.ptosim.program.Program;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorArgType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * simpler's {@code vector_example} on every chip of a node: chip i gets its own inputs a_i, b_i and
 * computes {@code f_i = (a_i+b_i+1)·(a_i+b_i+2) + (a_i+b_i)} on 16,384 f32 elements; the host checks
 * every f_i. The callable is named {@value #CALLABLE}: the {@code sim} backend runs
 * {@link VectorExample}'s program and Java kernels under that name, a native backend the compiled
 * vector_example bundle (its orchestration sizes the tile from the first dimension, so the tensors are
 * one-dimensional). The inputs are small integers, so every value is exact in f32 and the golden is
 * bit-exact on any backend.
 */
public final class NodeVectorExample implements NodeWorkload {
    /** The callable's name, shared by the sim definition and the native bundle. */
    public static final String CALLABLE = "vector_example";
    /** Elements of each tensor (one 128×128 tile). */
    static final int N = 128 * 128;

    @Override
    public String name() {
        return "node-vector-example";
    }

    @Override
    public String summary() {
        return "simpler's vector_example on each chip with its own inputs, f = (a+b+1)(a+b+2)+(a+b) on 16,384 f32;"
                + " runs on sim and on simpler's runtime (--backend a2a3sim)";
    }

    @Override
    public int defaultChips() {
        return 2;
    }

    @Override
    public NodeWorkloadInstance instance(int chips) {
        NodeWorkload.requireChips(name(), chips);
        WorkloadInstance single = new VectorExample().instance("default", "auto");
        Program p = single.program();
        SimCallable callable = new SimCallable(new Program(CALLABLE, p.externals(), p.ops()), single.kernels());
        NodeProgram.Builder b = NodeProgram.builder(name());
        Map<String, ElementSource> inputs = new LinkedHashMap<>();
        List<NodeGolden> checks = new ArrayList<>();
        for (int chip = 0; chip < chips; chip++) {
            HostBuffer a = b.host("a" + chip, DataType.FLOAT32, N);
            HostBuffer bb = b.host("b" + chip, DataType.FLOAT32, N);
            HostBuffer f = b.host("f" + chip, DataType.FLOAT32, N);
            int c = chip;
            inputs.put(a.name(), e -> a(c, e));
            inputs.put(bb.name(), e -> b(c, e));
            b.submit(callable, chip,
                    new NodeArg(TensorArgType.INPUT, NodeProgram.tensor(a.ptr(), DataType.FLOAT32, N)),
                    new NodeArg(TensorArgType.INPUT, NodeProgram.tensor(bb.ptr(), DataType.FLOAT32, N)),
                    new NodeArg(TensorArgType.OUTPUT_EXISTING, NodeProgram.tensor(f.ptr(), DataType.FLOAT32, N)));
            checks.add(NodeGolden.exact(f, e -> f(c, e)));
        }
        b.drain();
        return new NodeWorkloadInstance(name(), chips, 0, b.build(), inputs, NodeGolden.all(checks));
    }

    /** Chip {@code chip}'s a: 2 + chip + e mod 5. */
    static double a(int chip, long e) {
        return 2 + chip + e % 5;
    }

    /** Chip {@code chip}'s b: 3 + e mod 3. */
    static double b(int chip, long e) {
        return 3 + e % 3;
    }

    /** The golden, computed as the kernels do in f32. */
    static double f(int chip, long e) {
        float s = (float) a(chip, e) + (float) b(chip, e);
        return (s + 1f) * (s + 2f) + s;
    }
}
