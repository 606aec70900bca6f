package io.ptosim.spi;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A task's args as the V1 mailbox blob carries them: tensors (tags already dropped), then 64-bit
 * scalars. The blob is {@code [i32 T][i32 S][T × 40-byte tensor][S × u64]}, little-endian.
 *
 * @param tensors the tensors, at most {@value #MAX_TENSORS}
 * @param scalars the scalars, at most {@value #MAX_SCALARS}
 */
public record TaskArgs(List<ContinuousTensor> tensors, long[] scalars) {
    /** Most tensors a V1 chip task takes (the mailbox's limit). */
    public static final int MAX_TENSORS = 16;
    /** Most scalars a V1 chip task takes. */
    public static final int MAX_SCALARS = 128;

    /** Validates the counts and copies. */
    public TaskArgs {
        tensors = List.copyOf(tensors);
        scalars = scalars.clone();
        if (tensors.size() > MAX_TENSORS) {
            throw new IllegalArgumentException(tensors.size() + " tensors; a V1 chip task takes at most "
                    + MAX_TENSORS);
        }
        if (scalars.length > MAX_SCALARS) {
            throw new IllegalArgumentException(scalars.length + " scalars; a V1 chip task takes at most "
                    + MAX_SCALARS);
        }
    }

    /** A copy of the scalars. */
    @Override
    public long[] scalars() {
        return scalars.clone();
    }

    /** Bytes of the blob: {@code 8 + 40 T + 8 S}. */
    public int blobBytes() {
        return 8 + ContinuousTensorDescriptor.SIZE * tensors.size() + 8 * scalars.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaskArgs a && tensors.equals(a.tensors) && Arrays.equals(scalars, a.scalars);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tensors, Arrays.hashCode(scalars));
    }

    @Override
    public String toString() {
        return "TaskArgs" + tensors + Arrays.toString(scalars);
    }
}
