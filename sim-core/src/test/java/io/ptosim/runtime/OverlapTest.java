package io.ptosim.runtime;

import static io.ptosim.runtime.Overlap.COVERED;
import static io.ptosim.runtime.Overlap.NO_OVERLAP;
import static io.ptosim.runtime.Overlap.OTHER;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The overlap classification of spec §2.4, with the spec's own examples and §11 scenarios 1-4. */
class OverlapTest {
    private static final long ADDR = 0x1000;
    /** FLOAT32 [4, 8], strides [8, 1]. */
    private final TensorView grid = TensorView.external(ADDR, DataType.FLOAT32, 4, 8);

    private TensorView box(int rows, int cols, int row, int col) {
        return grid.view(new int[] {rows, cols}, new long[] {row, col});
    }

    @Test
    void rowsAgainstAColumnBandAreOtherBecauseOneDimensionOnlyPartlyContains() {
        assertThat(Overlap.check(box(4, 4, 0, 4), box(2, 8, 0, 0))).isEqualTo(OTHER);
    }

    @Test
    void disjointColumnBandsWhoseFlatRangesMeetAreNoOverlap() {
        TensorView left = box(4, 4, 0, 0);
        TensorView right = box(4, 4, 0, 4);
        assertThat(left.startOffset() + left.extent()).isGreaterThan(right.startOffset());
        assertThat(Overlap.check(left, right)).isEqualTo(NO_OVERLAP);
    }

    @Test
    void disjointRowBandsAreNoOverlapAtTheFlatRange() {
        assertThat(Overlap.check(box(2, 8, 2, 0), box(2, 8, 0, 0))).isEqualTo(NO_OVERLAP);
    }

    @Test
    void theWholeTensorCoversEverySubBoxButNotTheOtherWayRound() {
        assertThat(Overlap.check(grid, box(2, 3, 1, 4))).isEqualTo(COVERED);
        assertThat(Overlap.check(box(2, 3, 1, 4), grid)).isEqualTo(OTHER);
        assertThat(Overlap.check(grid, grid)).isEqualTo(COVERED);
    }

    @Test
    void aTransposedViewIsConservative() {
        TensorView square = TensorView.external(ADDR, DataType.FLOAT32, 8, 8);
        TensorView rows = square.view(new int[] {2, 8}, new long[] {0, 0});
        assertThat(Overlap.check(square.transpose(0, 1), rows)).isEqualTo(OTHER);
    }

    @Test
    void oneDimensionalCoverDependsOnTheProbesStorage() {
        TensorView small = TensorView.external(ADDR, DataType.FLOAT32, 256);
        TensorView large = TensorView.external(ADDR, DataType.FLOAT32, 512);
        assertThat(Overlap.check(large, small)).isEqualTo(COVERED);
        assertThat(Overlap.check(small, large)).isEqualTo(OTHER);
        assertThat(Overlap.check(small, small)).isEqualTo(COVERED);
    }

    @Test
    void scenario3RowBlocksOfAColumnVector() {
        TensorView base = TensorView.external(ADDR, DataType.FLOAT32, 256, 1);
        TensorView first = base.view(new int[] {128, 1}, new long[] {0, 0});
        TensorView second = base.view(new int[] {128, 1}, new long[] {128, 0});
        assertThat(Overlap.check(second, first)).isEqualTo(NO_OVERLAP);
        TensorView rows0to192 = base.view(new int[] {192, 1}, new long[] {0, 0});
        TensorView rows64to256 = base.view(new int[] {192, 1}, new long[] {64, 0});
        assertThat(Overlap.check(rows64to256, rows0to192)).isEqualTo(OTHER);
        TensorView rows64to192 = base.view(new int[] {128, 1}, new long[] {64, 0});
        assertThat(Overlap.check(base, rows64to192)).isEqualTo(COVERED);
    }

    @Test
    void aNewerProbeVersionIsOtherEvenWhenDisjoint() {
        assertThat(Overlap.check(grid.withVersion(1), grid)).isEqualTo(OTHER);
        assertThat(Overlap.check(box(2, 8, 2, 0).withVersion(1), box(2, 8, 0, 0))).isEqualTo(OTHER);
        assertThat(Overlap.check(grid, grid.withVersion(1))).isEqualTo(COVERED);
    }

    @Test
    void aPaddedBufferWhoseStorageIsNotAMultipleOfTheRowStrideIsConservative() {
        long[] strides = {8, 1};
        TensorView whole = new TensorView(ADDR, 4 * 36, DataType.FLOAT32, new int[] {4, 8}, strides, 0, 0, 7, false);
        TensorView rows = new TensorView(ADDR, 4 * 36, DataType.FLOAT32, new int[] {2, 8}, strides, 0, 0, 7, false);
        assertThat(Overlap.check(whole, rows)).isEqualTo(OTHER);
        TensorView padded = new TensorView(ADDR, 4 * 40, DataType.FLOAT32, new int[] {4, 8}, strides, 0, 0, 7, false);
        TensorView paddedRows = new TensorView(ADDR, 4 * 40, DataType.FLOAT32, new int[] {2, 8}, strides, 0, 0, 7, false);
        assertThat(Overlap.check(padded, paddedRows)).isEqualTo(COVERED);
    }

    @Test
    void differentDtypesOrSteppedLastDimensionsAreConservative() {
        TensorView halves = new TensorView(ADDR, 128, DataType.FLOAT16, new int[] {4, 16}, new long[] {16, 1}, 0, 0,
                TaskId.INVALID, false);
        assertThat(Overlap.check(halves, grid)).isEqualTo(OTHER);
        TensorView evenColumns = new TensorView(ADDR, 128, DataType.FLOAT32, new int[] {4, 4}, new long[] {8, 2}, 0, 0,
                TaskId.INVALID, false);
        assertThat(Overlap.check(grid, evenColumns)).isEqualTo(OTHER);
    }

    @Test
    void emptyViewsTouchNothing() {
        TensorView empty = grid.view(new int[] {0, 8}, new long[] {0, 0});
        assertThat(empty.extent()).isZero();
        assertThat(Overlap.check(empty, grid)).isEqualTo(NO_OVERLAP);
        assertThat(Overlap.check(grid, empty)).isEqualTo(NO_OVERLAP);
    }
}
