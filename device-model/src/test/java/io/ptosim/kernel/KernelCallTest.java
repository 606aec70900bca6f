package io.ptosim.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorView;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A kernel's view of one block: the public constructor copies, the chip's owning form does not. */
class KernelCallTest {
    private static final TensorView A = TensorView.external(0x1000, DataType.FLOAT32, 16);
    private static final TensorView B = TensorView.external(0x2000, DataType.FLOAT32, 16);

    @Test
    void thePublicConstructorCopiesTheListAndTheScalars() {
        List<TensorView> tensors = new ArrayList<>(List.of(A));
        long[] scalars = {7};
        KernelCall call = new KernelCall(tensors, scalars, 0, 1);
        tensors.set(0, B);
        scalars[0] = 8;
        assertThat(call.tensor(0)).isSameAs(A);
        assertThat(call.scalar(0)).isEqualTo(7);
        assertThat(call.tensors()).containsExactly(A);
        call.scalars()[0] = 9;
        assertThat(call.scalar(0)).as("scalars() hands out a copy").isEqualTo(7);
    }

    @Test
    void anOwningCallKeepsItsArraysAndEqualsACopyingOne() {
        TensorView[] tensors = {A, B};
        long[] scalars = {Float.floatToIntBits(1.5f)};
        KernelCall owning = KernelCall.owning(tensors, scalars, 1, 2);
        assertThat(owning.tensorCount()).isEqualTo(2);
        assertThat(owning.tensor(1)).isSameAs(B);
        assertThat(owning.floatScalar(0)).isEqualTo(1.5f);
        assertThat(owning.scalarCount()).isEqualTo(1);
        KernelCall copied = new KernelCall(List.of(A, B), scalars, 1, 2);
        assertThat(owning).isEqualTo(copied).hasSameHashCodeAs(copied);
        assertThat(owning).isNotEqualTo(KernelCall.owning(tensors, scalars, 0, 2));
    }

    @Test
    void aBlockOutsideTheTaskOrANullTensorIsRefused() {
        assertThatThrownBy(() -> KernelCall.owning(new TensorView[0], new long[0], 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("block 2 of 2");
        List<TensorView> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> new KernelCall(withNull, new long[0], 0, 1)).isInstanceOf(NullPointerException.class);
    }
}
