package io.ptosim.runtime;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Element data types of a tensor, with the runtime's enum codes and element sizes (spec §1.2). */
public enum DataType {
    FLOAT32(0, 4),
    FLOAT16(1, 2),
    INT32(2, 4),
    INT16(3, 2),
    INT8(4, 1),
    UINT8(5, 1),
    BFLOAT16(6, 2),
    INT64(7, 8),
    UINT64(8, 8),
    UINT16(9, 2),
    UINT32(10, 4),
    BOOL(11, 1),
    /** a5 only. */
    FP8E4M3FN(12, 1),
    /** a5 only. */
    FP8E8M0(13, 1),
    /** a5 only. */
    FP4E2M1(14, 1);

    private static final DataType[] BY_CODE = values();

    private final int code;
    private final int bytes;

    DataType(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    /** The runtime's enum code. */
    public int code() {
        return code;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /**
     * The type with this name, as traces and programs spell it (case-insensitive).
     *
     * @throws IllegalArgumentException naming the valid names
     */
    public static DataType fromName(String name) {
        for (DataType t : BY_CODE) {
            if (t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown dtype '" + name + "'; expected one of "
                + Arrays.stream(BY_CODE).map(t -> t.name().toUpperCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }

    /**
     * The type with this enum code.
     *
     * @throws IllegalArgumentException if no type has it
     */
    public static DataType fromCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("unknown dtype code " + code + "; expected 0.." + (BY_CODE.length - 1));
        }
        return BY_CODE[code];
    }
}
