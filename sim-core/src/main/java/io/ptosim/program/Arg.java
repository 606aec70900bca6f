package io.ptosim.program;

import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorArgType;
import java.util.Arrays;
import java.util.Objects;

/** One argument of a submit, in slot order: a tensor, an output to allocate, or a scalar. */
public sealed interface Arg permits Arg.TensorArg, Arg.OutputArg, Arg.ScalarArg {

    /**
     * A tensor passed as INPUT, INOUT, OUTPUT_EXISTING or NO_DEP.
     *
     * @param type how the task uses it (never OUTPUT)
     * @param tensor the view
     */
    record TensorArg(TensorArgType type, Tensor tensor) implements Arg {
        /** Validates the type. */
        public TensorArg {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(tensor, "tensor");
            if (type == TensorArgType.OUTPUT) {
                throw new IllegalArgumentException("an OUTPUT arg is an allocation request (OutputArg), not a tensor");
            }
        }
    }

    /**
     * An OUTPUT: a buffer the runtime allocates ({@code ALIGN_UP(numel * elem, 1024)} bytes), contiguous.
     *
     * @param dtype element type
     * @param shape the shape
     * @param manualDep the flag the materialized tensor carries
     */
    record OutputArg(DataType dtype, int[] shape, boolean manualDep) implements Arg {
        /** Copies the shape. */
        public OutputArg {
            Objects.requireNonNull(dtype, "dtype");
            shape = shape.clone();
        }

        /** A copy of the shape. */
        @Override
        public int[] shape() {
            return shape.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof OutputArg a && dtype == a.dtype && Arrays.equals(shape, a.shape) && manualDep == a.manualDep;
        }

        @Override
        public int hashCode() {
            return Objects.hash(dtype, Arrays.hashCode(shape), manualDep);
        }

        @Override
        public String toString() {
            return "OutputArg[" + dtype + Arrays.toString(shape) + (manualDep ? " manual_dep" : "") + "]";
        }
    }

    /**
     * A scalar, as its 64-bit pattern.
     *
     * @param bits the value
     */
    record ScalarArg(long bits) implements Arg {
    }
}
