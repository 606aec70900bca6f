package io.ptosim.record;

import io.ptosim.runtime.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The orchestration entry's arguments, in the entry's order: tensors (each a host buffer the recorder
 * allocates and fills) then 64-bit scalars, as simpler's {@code ChipStorageTaskArgs} holds them.
 *
 * @param tensors the tensors
 * @param scalars the scalars' bit patterns
 */
public record EntryInputs(List<Tensor> tensors, List<Long> scalars) {
    /** At most this many tensors and scalars ({@code ChipStorageTaskArgs}). */
    static final int MAX_TENSORS = 256;
    static final int MAX_SCALARS = 128;

    /** Validates and copies the lists. */
    public EntryInputs {
        tensors = List.copyOf(tensors);
        scalars = List.copyOf(scalars);
        if (tensors.size() > MAX_TENSORS || scalars.size() > MAX_SCALARS) {
            throw new IllegalArgumentException(tensors.size() + " tensors and " + scalars.size()
                    + " scalars; the entry takes at most " + MAX_TENSORS + " and " + MAX_SCALARS);
        }
        List<String> names = new ArrayList<>();
        for (Tensor t : tensors) {
            if (names.contains(t.name())) {
                throw new IllegalArgumentException("two input tensors are called '" + t.name() + "'");
            }
            names.add(t.name());
        }
    }

    /**
     * One input tensor: a contiguous host buffer of {@code shape}.
     *
     * @param name its name (letters, digits, {@code _ . -})
     * @param dtype element type
     * @param shape 1 to 5 dimensions
     * @param data its initial contents
     */
    public record Tensor(String name, DataType dtype, int[] shape, InputData data) {
        /** Validates the fields. */
        public Tensor {
            Objects.requireNonNull(dtype, "dtype");
            Objects.requireNonNull(data, "data");
            if (name == null || !name.matches("[A-Za-z0-9_.\\-]+")) {
                throw new IllegalArgumentException("tensor name '" + name + "': expected letters, digits, '_', '.' or '-'");
            }
            shape = shape.clone();
            if (shape.length < 1 || shape.length > 5) {
                throw new IllegalArgumentException("tensor " + name + ": " + shape.length + " dims; expected 1 to 5");
            }
            for (int s : shape) {
                if (s < 0) {
                    throw new IllegalArgumentException("tensor " + name + ": shape " + Arrays.toString(shape)
                            + "; expected sizes >= 0");
                }
            }
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        /** Elements. */
        public long numel() {
            long n = 1;
            for (int s : shape) {
                n *= s;
            }
            return n;
        }

        /** Bytes of the buffer. */
        public long bytes() {
            return numel() * dtype.bytes();
        }

        /** A copy with other contents. */
        public Tensor withData(InputData newData) {
            return new Tensor(name, dtype, shape, newData);
        }
    }
}
