package io.ptosim.node;

import static io.ptosim.node.NodeHarness.A;
import static io.ptosim.node.NodeHarness.B;
import static io.ptosim.node.NodeHarness.C;
import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorArgType;
import org.junit.jupiter.api.Test;

/**
 * Strided and tiled views of node tensors (issue 18, item 8): HEAD's producer map decides overlap on the
 * views' elements (the L2 overlap test), so disjoint column blocks and tiles make no edge; V1 keys by the
 * view's first byte only. Scenarios after simpler's range-TensorMap tests (tests/ut/cpp/hierarchical).
 */
class NodeViewsTest {
    private static final long MS = 1_000_000;
    private static final long H = NodeProgram.HOST_BASE;

    /** A {@code rows x cols} block at ({@code r}, {@code c}) of an 8x8 FLOAT32 matrix at {@code H}. */
    private static NodeArg block(TensorArgType tag, int r, int c, int rows, int cols) {
        return new NodeArg(tag, NodeProgram.view(Ptr.at(H), DataType.FLOAT32, 64, r * 8L + c, new int[] {rows, cols}, 8,
                1));
    }

    private static NodeHarness run(NodeConfig config, NodeProgram p) {
        return new NodeHarness(2, 0, -1, config).start(p, MS);
    }

    @Test
    void disjointColumnBlocksMakeNoEdgeAndAnIntersectingOneDoes() {
        NodeProgram p = NodeProgram.builder("columns").submit(A, 0, block(TensorArgType.OUTPUT_EXISTING, 0, 0, 8, 4))
                .submit(B, 1, block(TensorArgType.INPUT, 0, 4, 8, 4))
                .submit(C, 1, block(TensorArgType.INPUT, 0, 2, 8, 4)).build();
        NodeHarness h = run(NodeConfig.DEFAULT, p);
        assertThat(h.node.task(1).producerIds()).as("columns 4-7 against 0-3: their byte ranges meet, no element")
                .isEmpty();
        assertThat(h.node.task(2).producerIds()).as("columns 2-5 share columns 2-3").containsExactly(0);
        assertThat(h.chip(1).names()).as("B ran at once").containsExactly("B");
        NodeHarness v1 = run(NodeConfig.DEFAULT.withCompat(Compat.V1), p);
        assertThat(v1.node.task(1).producerIds()).isEmpty();
        assertThat(v1.node.task(2).producerIds()).as("V1: exact first-byte keys miss the shared columns").isEmpty();
    }

    @Test
    void disjointTilesMakeNoEdgeAndIntersectingTilesDo() {
        NodeProgram p = NodeProgram.builder("tiles").submit(A, 0, block(TensorArgType.INOUT, 0, 0, 4, 4))
                .submit(B, 1, block(TensorArgType.INPUT, 4, 4, 4, 4))
                .submit(C, 1, block(TensorArgType.INPUT, 2, 2, 4, 4))
                .submit(A, 1, block(TensorArgType.INPUT, 0, 4, 4, 4)).build();
        NodeHarness h = run(NodeConfig.DEFAULT, p);
        assertThat(h.node.task(1).producerIds()).as("tile (1,1) against (0,0)").isEmpty();
        assertThat(h.node.task(2).producerIds()).as("rows 2-5 x cols 2-5 meets tile (0,0)").containsExactly(0);
        assertThat(h.node.task(3).producerIds()).as("tile (0,1): same rows, byte ranges interleave").isEmpty();
        NodeHarness v1 = run(NodeConfig.DEFAULT.withCompat(Compat.V1), p);
        assertThat(v1.node.task(2).producerIds()).isEmpty();
        NodeProgram same = NodeProgram.builder("same-tile").submit(A, 0, block(TensorArgType.OUTPUT_EXISTING, 2, 2, 2, 2))
                .submit(B, 1, block(TensorArgType.INPUT, 2, 2, 4, 4)).build();
        assertThat(run(NodeConfig.DEFAULT.withCompat(Compat.V1), same).node.task(1).producerIds())
                .as("V1 links views that start at the same byte").containsExactly(0);
    }

    @Test
    void aStridedWriteCoversOnlyTheElementsItWrites() {
        NodeArg whole = new NodeArg(TensorArgType.INPUT, NodeProgram.tensor(Ptr.at(H), DataType.FLOAT32, 8, 8));
        NodeProgram p = NodeProgram.builder("cover").submit(A, 0, block(TensorArgType.OUTPUT_EXISTING, 0, 0, 1, 8))
                .submit(B, 0, block(TensorArgType.OUTPUT_EXISTING, 0, 0, 8, 4)).submit(C, 1, whole).build();
        NodeHarness h = run(NodeConfig.DEFAULT, p);
        assertThat(h.node.task(2).producerIds()).as("columns 0-3 leave row 0's columns 4-7 to A").containsExactly(0, 1);
        NodeProgram dense = NodeProgram.builder("dense").submit(A, 0, block(TensorArgType.OUTPUT_EXISTING, 0, 4, 8, 4))
                .submit(B, 0, new NodeArg(TensorArgType.OUTPUT_EXISTING, NodeProgram.tensor(Ptr.at(H), DataType.FLOAT32,
                        8, 8)))
                .submit(C, 1, block(TensorArgType.INPUT, 0, 4, 8, 4)).build();
        assertThat(run(NodeConfig.DEFAULT, dense).node.task(2).producerIds()).as("a dense write covers the block")
                .containsExactly(1);
        NodeProgram tile = NodeProgram.builder("tile-covers").submit(A, 0, block(TensorArgType.OUTPUT_EXISTING, 1, 1, 2, 2))
                .submit(B, 0, block(TensorArgType.OUTPUT_EXISTING, 0, 0, 4, 4))
                .submit(C, 1, block(TensorArgType.INPUT, 0, 0, 4, 4)).build();
        assertThat(run(NodeConfig.DEFAULT, tile).node.task(2).producerIds()).as("a tile containing a tile covers it")
                .containsExactly(1);
    }

    @Test
    void disjointColumnBlocksMayBeWrittenByOneTask() {
        NodeProgram p = NodeProgram.builder("one-task").submit(A, 0, block(TensorArgType.OUTPUT_EXISTING, 0, 0, 8, 4),
                block(TensorArgType.OUTPUT_EXISTING, 0, 4, 8, 4)).build();
        NodeHarness h = run(NodeConfig.DEFAULT, p);
        assertThat(h.node.error()).isNull();
        assertThat(h.chip(0).names()).containsExactly("A");
        NodeProgram q = NodeProgram.builder("one-task-overlap").submit(A, 0,
                block(TensorArgType.OUTPUT_EXISTING, 0, 0, 8, 4), block(TensorArgType.OUTPUT_EXISTING, 0, 3, 8, 4)).build();
        assertThat(run(NodeConfig.DEFAULT, q).node.result().error()).contains("invalid_argument: arguments 0 and 1");
    }

    @Test
    void theWireCarriesTheViewsFirstElementAndAnOutputCarvesItsWholeBuffer() {
        NodeHarness h = run(NodeConfig.DEFAULT, NodeProgram.builder("wire")
                .submit(A, 0, block(TensorArgType.INPUT, 2, 3, 2, 2)).build());
        assertThat(h.chip(0).seen.get(0).args().tensors().get(0).data()).isEqualTo(H + (2 * 8 + 3) * 4);
        NodeTensor t = NodeProgram.view(Ptr.at(H), DataType.FLOAT32, 64, 4, new int[] {8, 4}, 8, 1);
        assertThat(t.isView()).isTrue();
        assertThat(t.bufferBytes()).isEqualTo(256);
        assertThat(t.footprint(H, -1).key()).isEqualTo(TensorKey.host(H + 16));
        assertThat(t.footprint(H, -1).bytes()).as("bounding: elements 4 to 63").isEqualTo(60 * 4);
        assertThat(NodeProgram.tensor(Ptr.at(H), DataType.FLOAT32, 8, 8).isView()).isFalse();
    }
}
