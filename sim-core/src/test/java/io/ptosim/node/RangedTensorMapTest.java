package io.ptosim.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.runtime.TensorArgType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HEAD's range TensorMap: spec §15 scenario 17, and the erase rule of 16 and 28 over ranges. */
class RangedTensorMapTest {
    private static final long B = 0x10_0000;

    private static ProducerMap.Footprint range(long from, long to) {
        return new ProducerMap.Footprint(TensorKey.host(B + from), to - from);
    }

    private static List<Integer> readers(ProducerMap map, long from, long to) {
        List<Integer> out = new ArrayList<>();
        map.producers(0, range(from, to), out);
        return out;
    }

    @Test
    void scenario17_rangesOfOneBackingLinkExactlyTheOverlappingWriters() {
        RangedTensorMap map = new RangedTensorMap();
        map.insert(0, range(0, 64), 1);
        map.insert(0, range(64, 128), 2);
        assertThat(map.size()).as("both writers coexist").isEqualTo(2);
        assertThat(readers(map, 0, 4096)).containsExactly(1, 2);
        assertThat(readers(map, 32, 96)).containsExactly(1, 2);
        assertThat(readers(map, 8, 16)).containsExactly(1);
        assertThat(readers(map, 64, 128)).as("half-open: [64,128) misses [0,64)").containsExactly(2);
        assertThat(readers(map, 63, 128)).containsExactly(1, 2);
        map.insert(0, range(0, 128), 3);
        assertThat(readers(map, 0, 4096)).as("a covering writer leaves only itself").containsExactly(3);
        map.insert(0, range(0, 64), 4);
        assertThat(readers(map, 0, 4096)).as("a partial write over it keeps both").containsExactly(3, 4);
        assertThat(map.lookup(0, TensorKey.host(B + 10))).as("the latest writer of that byte").isEqualTo(4);
        assertThat(map.lookup(0, TensorKey.host(B + 100))).isEqualTo(3);
    }

    @Test
    void erasingAConsumedWriterKeepsEveryOtherWriterAndNamespacesAndRunsStaySeparate() {
        RangedTensorMap map = new RangedTensorMap();
        map.insert(0, range(0, 64), 3);
        map.insert(0, range(0, 64), 7);
        map.erase(0, List.of(range(0, 64)), 3);
        assertThat(readers(map, 0, 64)).containsExactly(7);
        map.erase(0, List.of(range(0, 64)), 7);
        assertThat(map.size()).isZero();
        map.insert(0, new ProducerMap.Footprint(new TensorKey(0xABC, 0), 4), 10);
        map.insert(0, new ProducerMap.Footprint(new TensorKey(0xABC, 1), 4), 20);
        map.insert(1, new ProducerMap.Footprint(new TensorKey(0xABC, 0), 4), 30);
        assertThat(map.lookup(0, new TensorKey(0xABC, 0))).isEqualTo(10);
        assertThat(map.lookup(0, new TensorKey(0xABC, 1))).isEqualTo(20);
        assertThat(map.lookup(1, new TensorKey(0xABC, 0))).isEqualTo(30);
        assertThat(map.lookup(0, TensorKey.host(0xABC))).isEqualTo(NodeTensorMap.NO_PRODUCER);
    }

    @Test
    void aReaderOfAWholeBufferWaitsForEveryPartialWriterOnTheNode() {
        NodeHarness h = new NodeHarness(2, 0, -1, NodeConfig.DEFAULT);
        NodeArg half0 = new NodeArg(TensorArgType.OUTPUT, NodeProgram.tensor(Ptr.at(B), io.ptosim.runtime.DataType.FLOAT32, 16));
        NodeArg half1 = new NodeArg(TensorArgType.OUTPUT, NodeProgram.tensor(Ptr.at(B + 64),
                io.ptosim.runtime.DataType.FLOAT32, 16));
        NodeArg whole = new NodeArg(TensorArgType.INPUT, NodeProgram.tensor(Ptr.at(B), io.ptosim.runtime.DataType.FLOAT32, 32));
        NodeProgram p = NodeProgram.builder("halves").submit(NodeHarness.A, 0, half0).submit(NodeHarness.B, 1, half1)
                .submit(NodeHarness.C, -1, whole).build();
        h.start(p, 1_000_000);
        assertThat(h.node.task(2).producerIds()).containsExactly(0, 1);
        NodeHarness v1 = new NodeHarness(2, 0, -1, NodeConfig.DEFAULT.withCompat(Compat.V1));
        v1.start(p, 1_000_000);
        assertThat(v1.node.task(2).producerIds()).as("V1 keys by address: only the writer at B").containsExactly(0);
    }
}
