package io.ptosim.traces;

/**
 * The {@code tensor_id} of {@code deps.json} (traces.md §1.5): 64-bit FNV-1a over the 8 little-endian
 * bytes of the buffer address followed by the 4 little-endian bytes of the version.
 */
public final class TensorId {
    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private TensorId() {
    }

    /** The id of (buffer address, version), as an unsigned 64-bit value in a long. */
    public static long of(long bufferAddr, int version) {
        long h = OFFSET_BASIS;
        for (int i = 0; i < 8; i++) {
            h = (h ^ ((bufferAddr >>> (8 * i)) & 0xFF)) * PRIME;
        }
        for (int i = 0; i < 4; i++) {
            h = (h ^ ((version >>> (8 * i)) & 0xFF)) * PRIME;
        }
        return h;
    }

    /** The id as {@code deps.json} writes it: an unsigned decimal string. */
    public static String string(long bufferAddr, int version) {
        return Long.toUnsignedString(of(bufferAddr, version));
    }
}
