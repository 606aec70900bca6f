package io.ptosim.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorViewTest {

    @Test
    void externalTensorsAreRowMajorAndSizedToTheirShape() {
        TensorView t = TensorView.external(0x2000, DataType.FLOAT16, 3, 4, 5);
        assertThat(t.strides()).containsExactly(20, 5, 1);
        assertThat(t.bufferSize()).isEqualTo(3 * 4 * 5 * 2);
        assertThat(t.extent()).isEqualTo(60);
        assertThat(t.numel()).isEqualTo(60);
        assertThat(t.isContiguous()).isTrue();
        assertThat(t.ownerTaskId()).isEqualTo(TaskId.INVALID);
    }

    @Test
    void viewsMoveTheOriginAndKeepTheStrides() {
        TensorView t = TensorView.external(0x2000, DataType.FLOAT32, 4, 8);
        TensorView v = t.view(new int[] {2, 3}, new long[] {1, 4});
        assertThat(v.startOffset()).isEqualTo(12);
        assertThat(v.strides()).containsExactly(8, 1);
        assertThat(v.extent()).isEqualTo(1 + 8 + 2);
        assertThat(v.numel()).isEqualTo(6);
        assertThat(v.numel()).as("counted once, then kept").isEqualTo(6);
        assertThat(v.inBuffer(0x9000, t.bufferSize(), TaskId.of(0, 1)).numel()).isEqualTo(6);
        assertThat(TensorView.external(0, DataType.FLOAT32, 4, 0).numel()).isZero();
        assertThat(v.isContiguous()).isFalse();
        assertThat(t.transpose(0, 1).shape()).containsExactly(8, 4);
        assertThat(t.transpose(0, 1).strides()).containsExactly(1, 8);
    }

    @Test
    void rowMajorIsJudgedWithoutMakingStridesAndAZeroDimCountsAsOne() {
        assertThat(Strides.isRowMajor(new int[] {2, 0, 3}, new long[] {3, 3, 1})).isTrue();
        assertThat(Strides.rowMajor(new int[] {2, 0, 3})).containsExactly(3, 3, 1);
        assertThat(Strides.isRowMajor(new int[] {2, 3}, new long[] {3, 2})).isFalse();
        assertThat(Strides.isRowMajor(new int[] {2, 3}, new long[] {1, 2})).isFalse();
        assertThat(Strides.isRowMajor(new int[] {2, 3}, new long[] {3})).isFalse();
        TensorView t = TensorView.external(0x2000, DataType.FLOAT32, 4, 8);
        assertThat(t.transpose(0, 1).isContiguous()).isFalse();
        assertThat(t.hashCode()).isEqualTo(TensorView.external(0x2000, DataType.FLOAT32, 4, 8).hashCode());
        assertThat(t.hashCode()).isNotEqualTo(TensorView.external(0x2000, DataType.INT32, 4, 8).hashCode());
    }

    @Test
    void badDescriptorsNameTheField() {
        assertThatThrownBy(() -> TensorView.external(0, DataType.INT8, 1, 1, 1, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("shape has 6 dims; expected 1 to 5");
        assertThatThrownBy(() -> new TensorView(0, 64, DataType.FLOAT32, new int[] {4}, new long[] {0}, 0, 0, -1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("strides[0] = 0; expected >= 1");
        assertThatThrownBy(() -> new TensorView(0, 64, DataType.FLOAT32, new int[] {4, 4}, new long[] {4, 1}, 1, 0, -1,
                false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("view [1, 1 + 16) elements lies outside its buffer of 16 FLOAT32 elements");
        assertThatThrownBy(() -> TensorView.external(0, DataType.FLOAT32, 4, 8).view(new int[] {2, 8}, new long[] {3, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("view dim 0: offset 3 + size 2 exceeds 4");
    }

    @Test
    void dtypesResolveByNameAndCodeWithClearErrors() {
        assertThat(DataType.fromName("bfloat16")).isEqualTo(DataType.BFLOAT16);
        assertThat(DataType.fromCode(7)).isEqualTo(DataType.INT64);
        assertThat(DataType.INT64.bytes()).isEqualTo(8);
        assertThatThrownBy(() -> DataType.fromName("FLOAT64")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown dtype 'FLOAT64'; expected one of FLOAT32, FLOAT16, INT32");
        assertThatThrownBy(() -> DataType.fromCode(15)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown dtype code 15; expected 0..14");
    }

    @Test
    void taskIdsPackRingAndLocal() {
        long id = TaskId.of(1, 3);
        assertThat(id).isEqualTo(4294967299L);
        assertThat(TaskId.ring(id)).isEqualTo(1);
        assertThat(TaskId.local(id)).isEqualTo(3);
        assertThat(TaskId.display(id)).isEqualTo("r1t3");
        assertThat(TaskId.display(TaskId.of(0, 12))).isEqualTo("t12");
        assertThatThrownBy(() -> TaskId.of(256, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ring must be 0..255, got 256");
    }

    @Test
    void aViewMovesIntoAnotherBufferOfTheSameSizeOnly() {
        TensorView layout = TensorView.external(0, DataType.FLOAT32, 8, 16).view(new int[] {4, 4}, new long[] {2, 8});
        TensorView moved = layout.inBuffer(0x4000, layout.bufferSize(), TaskId.of(2, 7));
        assertThat(moved).isEqualTo(new TensorView(0x4000, 512, DataType.FLOAT32, new int[] {4, 4},
                new long[] {16, 1}, 40, 0, TaskId.of(2, 7), false));
        assertThat(moved.extent()).isEqualTo(layout.extent());
        TensorView again = layout.inBuffer(0x4000, 512, TaskId.of(2, 7));
        assertThat(again).isEqualTo(moved).hasSameHashCodeAs(moved);
        assertThat(layout.inBuffer(0x8000, 512, TaskId.of(2, 7))).as("same layout, other address").isNotEqualTo(moved);
        assertThat(layout.inBuffer(0x4000, 512, TaskId.of(2, 8))).as("same layout, other creator").isNotEqualTo(moved);
        assertThat(moved.withVersion(1)).as("a new layout differing in its version").isNotEqualTo(moved);
        assertThatThrownBy(() -> layout.inBuffer(0x4000, 256, TaskId.of(2, 7)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("buffer of 256 bytes; this view's buffer has 512");
    }

    @Test
    void blocksOfOneTensorShareALayoutAndStillOverlapByTheirOwnOffsets() {
        TensorView cache = TensorView.external(0x10000, DataType.FLOAT16, 64, 16);
        TensorView.LayoutTable table = new TensorView.LayoutTable();
        TensorView first = cache.view(new int[] {8, 16}, new long[] {0, 0});
        TensorView second = cache.view(new int[] {8, 16}, new long[] {8, 0});
        assertThat(table.share(first)).as("the first of its geometry is kept").isSameAs(first);
        TensorView shared = table.share(second);
        assertThat(shared).isNotSameAs(second).isEqualTo(second).hasSameHashCodeAs(second);
        assertThat(shared.startOffset()).isEqualTo(128);
        TensorView other = cache.view(new int[] {4, 16}, new long[] {0, 0});
        assertThat(table.share(other)).as("another shape has its own layout").isSameAs(other);

        TensorMap map = new TensorMap(4, 16, new int[] {16, 16, 16, 16});
        map.insert(first, TaskId.of(0, 1));
        List<Overlap> hits = new ArrayList<>();
        map.lookup(shared, (e, producer, view, overlap) -> hits.add(overlap));
        assertThat(hits).as("the next block does not overlap the first").isEmpty();
        map.lookup(table.share(cache.view(new int[] {8, 16}, new long[] {0, 0})),
                (e, producer, view, overlap) -> hits.add(overlap));
        assertThat(hits).containsExactly(Overlap.COVERED);
        map.lookup(table.share(cache.view(new int[] {8, 16}, new long[] {4, 0})),
                (e, producer, view, overlap) -> hits.add(overlap));
        assertThat(hits).as("half a block down: a partial overlap").containsExactly(Overlap.COVERED, Overlap.OTHER);
    }

    @Test
    void anOutputArgsLayoutMustBeItsSpecsMaterializedView() {
        OutputSpec spec = new OutputSpec(DataType.FLOAT16, new int[] {3, 5}, false);
        assertThat(new SubmitRequest.OutputArg(spec).layout())
                .isEqualTo(new TensorView(0, 1024, DataType.FLOAT16, new int[] {3, 5}, new long[] {5, 1}, 0, 0,
                        TaskId.INVALID, false));
        TensorView wrong = new TensorView(0, 1024, DataType.FLOAT16, new int[] {5, 3}, new long[] {3, 1}, 0, 0,
                TaskId.INVALID, false);
        assertThatThrownBy(() -> new SubmitRequest.OutputArg(spec, wrong)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("layout FLOAT16[5, 3]").hasMessageEndingWith("is not the materialized view of"
                        + " OutputSpec[FLOAT16[3, 5]]");
    }
}
