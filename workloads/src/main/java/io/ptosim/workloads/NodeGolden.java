package io.ptosim.workloads;

import io.ptosim.memory.GlobalMemory;
import io.ptosim.node.HostBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToDoubleFunction;

/** Compares a finished node run's host buffers with the expected values. */
@FunctionalInterface
public interface NodeGolden {
    /** At most this many mismatches are reported per check. */
    int MAX_REPORTED = 5;

    /**
     * The mismatches (a few, each naming the buffer, element, expected and actual value), empty when all
     * match.
     *
     * @param host the node's host memory after the run
     */
    List<String> mismatches(GlobalMemory host);

    /** A check that every element {@code e} of {@code buffer} equals {@code expected(e)} exactly. */
    static NodeGolden exact(HostBuffer buffer, LongToDoubleFunction expected) {
        return host -> {
            List<String> bad = new ArrayList<>();
            long n = buffer.bytes() / buffer.dtype().bytes();
            for (long e = 0; e < n && bad.size() < MAX_REPORTED; e++) {
                double v = host.read(buffer.dtype(), buffer.addr() + e * buffer.dtype().bytes());
                double want = expected.applyAsDouble(e);
                if (v != want) {
                    bad.add(buffer.name() + "[" + e + "] = " + v + ", expected " + want + " exactly");
                }
            }
            return bad;
        };
    }

    /** Every check's mismatches, in order. */
    static NodeGolden all(List<NodeGolden> checks) {
        List<NodeGolden> copy = List.copyOf(checks);
        return host -> {
            List<String> bad = new ArrayList<>();
            for (NodeGolden g : copy) {
                bad.addAll(g.mismatches(host));
            }
            return bad;
        };
    }
}
