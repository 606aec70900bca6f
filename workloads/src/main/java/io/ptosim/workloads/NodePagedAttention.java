package io.ptosim.workloads;

import io.ptosim.endpoint.SimCallable;
import io.ptosim.kernel.ElementSource;
import io.ptosim.memory.GlobalMemory;
import io.ptosim.node.HostBuffer;
import io.ptosim.node.NodeArg;
import io.ptosim.node.NodeProgram;
import io.ptosim.node.SubCallable;
import io.ptosim.program.ExternalBuffer;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.runtime.TensorView;
import io.ptosim.spi.HostMemory;
import io.ptosim.spi.TaskArgs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Paged attention across a node: each of N chips runs the {@code paged-attention} {@value #CASE}
 * ({@value #VARIANT} variant) program on its own copy of the inputs ({@code s<i>.<buffer>} host buffers),
 * pinned with {@code worker=i}; then one SUB task reads every shard's {@code out} (so it waits for all
 * chips) and checks each against the golden on the host, failing the run on any difference.
 */
public final class NodePagedAttention implements NodeWorkload {
    /** The paged-attention case every shard runs. */
    static final String CASE = "CaseSmall1";
    /** The paged-attention variant every shard runs. */
    static final String VARIANT = "auto";
    /** The external the chip program writes. */
    static final String OUTPUT = "out";

    @Override
    public String name() {
        return "node-paged-attention";
    }

    @Override
    public String summary() {
        return "paged attention " + CASE + " on each of N chips (worker=i, own host buffers), then a SUB task"
                + " checks every shard against the golden on the host";
    }

    @Override
    public int defaultChips() {
        return 4;
    }

    @Override
    public NodeWorkloadInstance instance(int chips) {
        NodeWorkload.requireChips(name(), chips);
        WorkloadInstance chip = new PagedAttention().instance(CASE, VARIANT);
        SimCallable callable = new SimCallable(chip.program(), chip.kernels());
        NodeProgram.Builder b = NodeProgram.builder(name());
        List<Map<String, HostBuffer>> shards = new ArrayList<>();
        Map<String, ElementSource> inputs = new LinkedHashMap<>();
        List<NodeArg> outs = new ArrayList<>();
        for (int i = 0; i < chips; i++) {
            Map<String, HostBuffer> shard = new LinkedHashMap<>();
            List<NodeArg> args = new ArrayList<>();
            for (ExternalBuffer e : chip.program().externals()) {
                HostBuffer h = b.host(shardBuffer(i, e.name()), e.dtype(), e.sizeBytes() / e.dtype().bytes());
                shard.put(e.name(), h);
                NodeArg arg = new NodeArg(e.name().equals(OUTPUT) ? TensorArgType.OUTPUT_EXISTING : TensorArgType.INPUT,
                        NodeProgram.tensor(h.ptr(), e.dtype(), (int) (h.bytes() / e.dtype().bytes())));
                args.add(arg);
                if (e.name().equals(OUTPUT)) {
                    outs.add(new NodeArg(TensorArgType.INPUT, arg.tensor()));
                }
                ElementSource source = chip.inputs().get(e.name());
                if (source != null) {
                    inputs.put(h.name(), source);
                }
            }
            shards.add(shard);
            b.submit(callable, i, args.toArray(NodeArg[]::new));
        }
        ShardCheck check = new ShardCheck(chip.golden(), shards);
        b.submitSub(check, outs.toArray(NodeArg[]::new));
        return new NodeWorkloadInstance(name(), chips, 1, b.build(), inputs, check::mismatches);
    }

    /** The host buffer holding shard {@code i}'s external {@code name}. */
    public static String shardBuffer(int i, String name) {
        return "s" + i + "." + name;
    }

    /**
     * The SUB task that checks every shard's output against the paged-attention golden on the host.
     *
     * @param golden the single-chip golden
     * @param shards per shard, its host buffers by external name
     */
    record ShardCheck(GoldenCheck golden, List<Map<String, HostBuffer>> shards) implements SubCallable {
        @Override
        public String name() {
            return "check_shards";
        }

        @Override
        public long durationNs(TaskArgs args) {
            return NodeSharedMemory.hostNs(args);
        }

        /** Copies the shards' buffers into host-side scratch memory and throws on any mismatch. */
        @Override
        public void run(TaskArgs args, HostMemory host) {
            GlobalMemory scratch = new GlobalMemory();
            for (Map<String, HostBuffer> shard : shards) {
                for (HostBuffer h : shard.values()) {
                    byte[] bytes = new byte[(int) h.bytes()];
                    host.readBytes(h.addr(), bytes, 0, bytes.length);
                    scratch.writeBytes(h.addr(), bytes, 0, bytes.length);
                }
            }
            List<String> bad = mismatches(scratch);
            if (!bad.isEmpty()) {
                throw new IllegalStateException("golden check on the host: " + String.join("; ", bad));
            }
        }

        /** Every shard's golden mismatches, prefixed with the shard. */
        List<String> mismatches(GlobalMemory memory) {
            List<String> bad = new ArrayList<>();
            for (int i = 0; i < shards.size(); i++) {
                Map<String, HostBuffer> shard = shards.get(i);
                for (String m : golden.mismatches(memory, name -> whole(shard.get(name)))) {
                    bad.add("shard " + i + ": " + m);
                }
            }
            return bad;
        }

        private static TensorView whole(HostBuffer h) {
            return TensorView.external(h.addr(), h.dtype(), (int) (h.bytes() / h.dtype().bytes()));
        }
    }
}
