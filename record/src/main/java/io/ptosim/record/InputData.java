package io.ptosim.record;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongToDoubleFunction;

/** Where an entry input tensor's initial contents come from. */
public sealed interface InputData {
    /** What the sidecar says about it. */
    String describe();

    /** All zeros (nothing is written). */
    record Zeros() implements InputData {
        @Override
        public String describe() {
            return "zeros";
        }
    }

    /**
     * Every element {@code value}.
     *
     * @param value the value, converted to the tensor's dtype
     */
    record Fill(double value) implements InputData {
        @Override
        public String describe() {
            return "fill " + value;
        }
    }

    /**
     * The first elements in order, the rest zero.
     *
     * @param values the values, converted to the tensor's dtype
     */
    record Values(double[] values) implements InputData {
        /** Copies the array. */
        public Values {
            values = values.clone();
        }

        @Override
        public double[] values() {
            return values.clone();
        }

        @Override
        public String describe() {
            return values.length + " values";
        }
    }

    /**
     * The bytes of a file, exactly the tensor's size, little-endian as the device holds them.
     *
     * @param file the file
     */
    record RawFile(Path file) implements InputData {
        /** Validates the path. */
        public RawFile {
            Objects.requireNonNull(file, "file");
        }

        @Override
        public String describe() {
            return "file " + file;
        }
    }

    /**
     * Element {@code i} is {@code values.applyAsDouble(i)}, e.g. a built-in workload's input.
     *
     * @param values the values by element index
     * @param source what they are, for the sidecar
     */
    record Elements(LongToDoubleFunction values, String source) implements InputData {
        /** Validates the fields. */
        public Elements {
            Objects.requireNonNull(values, "values");
            Objects.requireNonNull(source, "source");
        }

        @Override
        public String describe() {
            return source;
        }
    }
}
