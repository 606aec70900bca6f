package io.ptosim.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorView;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Element offsets of strided views: by coordinates, by row-major index and in walking order. */
class ViewElementsTest {
    /** The transposed 2x3 sub-box at (1, 2) of a 4x6 tensor: shape 3x2, strides 1 and 6, starting at 8. */
    private static final TensorView VIEW = TensorView.external(0x1000, DataType.FLOAT32, 4, 6)
            .view(new int[] {2, 3}, new long[] {1, 2}).transpose(0, 1);

    @Test
    void theWalkVisitsRowMajorCoordinatesThroughTheStrides() {
        List<Long> walked = new ArrayList<>();
        ViewElements.forEach(VIEW, walked::add);
        assertThat(walked).containsExactly(8L, 14L, 9L, 15L, 10L, 16L);
        assertThat(ViewElements.offset(VIEW, 2, 1)).isEqualTo(16);
    }

    @Test
    void theIndexedOffsetIsTheWalksNthOffset() {
        for (int i = 0; i < 6; i++) {
            long[] seen = new long[1];
            long[] left = {i};
            ViewElements.forEach(VIEW, e -> {
                if (left[0]-- == 0) {
                    seen[0] = e;
                }
            });
            assertThat(ViewElements.offsetOf(VIEW, i)).as("element %d", i).isEqualTo(seen[0]);
        }
        assertThatThrownBy(() -> ViewElements.offsetOf(VIEW, 6)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("element 6 of a view of 6");
    }
}
