package io.ptosim.program;

import io.ptosim.runtime.DataType;
import io.ptosim.runtime.OutputSpec;
import io.ptosim.runtime.TensorArgType;
import java.util.Objects;

/** One argument of a submit, in slot order: a tensor, an output to allocate, or a scalar. */
public sealed interface Arg permits Arg.TensorArg, Arg.OutputArg, Arg.ScalarArg {

    /**
     * A tensor passed as INPUT, TRACKED_INPUT, INOUT, OUTPUT_EXISTING or NO_DEP.
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
     * @param spec what to allocate
     */
    record OutputArg(OutputSpec spec) implements Arg {
        /** Validates the spec. */
        public OutputArg {
            Objects.requireNonNull(spec, "spec");
        }

        /** An output of {@code dtype} and {@code shape}. */
        public OutputArg(DataType dtype, int[] shape, boolean manualDep) {
            this(new OutputSpec(dtype, shape, manualDep));
        }

        /** Element type. */
        public DataType dtype() {
            return spec.dtype();
        }

        /** A copy of the shape. */
        public int[] shape() {
            return spec.shape();
        }

        /** The flag the materialized tensor carries. */
        public boolean manualDep() {
            return spec.manualDep();
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
