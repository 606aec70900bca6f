package io.ptosim.record;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToDoubleFunction;

/**
 * The recorder's inputs file and the data files it names, written into a work folder: one line per
 * tensor ({@code tensor NAME DTYPE NDIMS SHAPE... DATA}) then one per scalar. A data file holds the
 * tensor's bytes; a constant is filled by the recorder itself; a workload's values larger than
 * {@link #MATERIALIZE_LIMIT} are not written (the buffer stays zero and reads of it are flagged).
 *
 * @param spec the inputs file
 * @param materialized per tensor, whether its contents are what was asked for
 */
record InputFiles(Path spec, List<Boolean> materialized) {
    /** The largest computed input (bytes) written out; a recording reads few elements of big activations. */
    static final long MATERIALIZE_LIMIT = 64L << 20;

    /** Copies the list. */
    InputFiles {
        materialized = List.copyOf(materialized);
    }

    /**
     * Writes the files for {@code inputs} into {@code dir}.
     *
     * @throws RecordException naming the tensor for a file of the wrong size or too many values
     */
    static InputFiles write(EntryInputs inputs, Path dir) throws IOException {
        StringBuilder spec = new StringBuilder();
        List<Boolean> materialized = new ArrayList<>();
        int i = 0;
        for (EntryInputs.Tensor t : inputs.tensors()) {
            spec.append("tensor ").append(t.name()).append(' ').append(t.dtype().code()).append(' ')
                    .append(t.shape().length);
            for (int s : t.shape()) {
                spec.append(' ').append(s);
            }
            boolean full = true;
            String data = switch (t.data()) {
                case InputData.Zeros z -> "-";
                case InputData.Fill f -> {
                    long bits = ElementCodec.bits(t.dtype(), f.value());
                    yield bits == 0 ? "-" : "fill:" + Long.toUnsignedString(bits);
                }
                case InputData.Values v -> {
                    double[] values = v.values();
                    if (values.length > t.numel()) {
                        throw new RecordException(RecordException.Kind.BAD_INPUT, "tensor " + t.name() + ": "
                                + values.length + " values for " + t.numel() + " elements");
                    }
                    Path file = dir.resolve("input-" + i + ".bin");
                    writeElements(file, t, values.length, k -> values[(int) k]);
                    yield file.toString();
                }
                case InputData.RawFile r -> {
                    if (!Files.isRegularFile(r.file())) {
                        throw new RecordException(RecordException.Kind.BAD_INPUT, "tensor " + t.name() + ": file "
                                + r.file() + " is not a readable file");
                    }
                    long size = Files.size(r.file());
                    if (size != t.bytes()) {
                        throw new RecordException(RecordException.Kind.BAD_INPUT, "tensor " + t.name() + ": file "
                                + r.file() + " has " + size + " bytes; expected " + t.bytes() + " (" + t.numel()
                                + " " + t.dtype() + " elements)");
                    }
                    yield r.file().toAbsolutePath().toString();
                }
                case InputData.Elements e -> {
                    if (t.bytes() > MATERIALIZE_LIMIT) {
                        full = false;
                        yield "-";
                    }
                    Path file = dir.resolve("input-" + i + ".bin");
                    writeElements(file, t, t.numel(), e.values());
                    yield file.toString();
                }
            };
            spec.append(' ').append(data).append('\n');
            materialized.add(full);
            i++;
        }
        for (long s : inputs.scalars()) {
            spec.append("scalar ").append(Long.toUnsignedString(s)).append('\n');
        }
        Path specFile = dir.resolve("inputs.txt");
        Files.writeString(specFile, spec.toString(), StandardCharsets.UTF_8);
        return new InputFiles(specFile, materialized);
    }

    private static void writeElements(Path file, EntryInputs.Tensor t, long count,
            LongToDoubleFunction values) throws IOException {
        int size = t.dtype().bytes();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (long k = 0; k < count; k++) {
                long bits = ElementCodec.bits(t.dtype(), values.applyAsDouble(k));
                for (int b = 0; b < size; b++) {
                    out.write((int) (bits >>> (8 * b)));
                }
            }
        }
    }
}
